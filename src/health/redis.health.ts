import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectKeyStore, type KeyStore } from '../queue/key-store';

/**
 * Redis, where the queues and the key store are: up when it answers in time. With REDIS_URL=embedded there is no
 * Redis to fail: the check is up and says `embedded` (the queues run in this process).
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @InjectKeyStore() private readonly keys: KeyStore,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isHealthy(key: string, timeoutMs: number) {
    const check = this.indicator.check(key);
    if (this.keys.kind === 'in-process') return check.up({ mode: 'embedded' });
    try {
      await this.keys.ping(timeoutMs);
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
