import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ApiDoc, refusal } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { ErrorCode } from '../common/error-code';
import { PublicationsHealthIndicator } from './publications.health';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly publications: PublicationsHealthIndicator,
  ) {}

  @ApiDoc({
    summary: 'Check the health of the instance',
    does:
      "200 when PostgreSQL and Redis both answer; the publications' integrity is reported beside them (details.publications) but never makes it 503, so that a load balancer keeps serving the site with the alert.",
    refusals: [refusal(ErrorCode.ServiceUnavailable, 'PostgreSQL or Redis does not answer (details name which)')],
  })
  /**
   * 200 when PostgreSQL and Redis both answer, else 503 naming the one that does not. The publications' integrity
   * is reported beside them (details.publications, and under error when a publication was found changed) but never
   * makes it 503: the instance still serves, and a load balancer taking every instance out would hide the alert
   * along with the site. Its top-level status stays "ok".
   */
  @Get()
  @Public()
  @HealthCheck()
  async check(): Promise<HealthCheckResult> {
    const result = await this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: 2000 }),
      () => this.redis.isHealthy('redis', 2000),
    ]);
    const publications = await this.publications.isIntact('publications');
    const down = publications.publications.status === 'down';
    return {
      ...result,
      info: down ? result.info : { ...result.info, ...publications },
      error: down ? { ...result.error, ...publications } : result.error,
      details: { ...result.details, ...publications },
    };
  }
}
