import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { PublicationIntegrityService } from '../publications/publication-integrity.service';

/**
 * Whether the scheduled check found every publication as it was frozen: down names the ones it did not, with when
 * the checks last ran. Reported by /health without failing it (see HealthController.check).
 */
@Injectable()
export class PublicationsHealthIndicator {
  constructor(
    private readonly integrity: PublicationIntegrityService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isIntact(key: string): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    const data = await this.integrity.status();
    return data.mismatched.length ? check.down(data) : check.up(data);
  }
}
