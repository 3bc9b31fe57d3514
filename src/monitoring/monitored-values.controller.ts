import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { MonitoredValuesService, type FromMonitoringResult } from './monitored-values.service';

/** A yearly cycle's system values taken from the monthly monitored series (issue #21, point 6). */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/cycles/:id/system-values')
export class MonitoredValuesController {
  constructor(private readonly values: MonitoredValuesService) {}

  @ApiDoc({
    summary: 'Take system values from the monthly monitoring',
    does:
      "For each participant and each `source: system` leaf that names a monitored indicator (`monitored`), takes the value from the monitored series' monthly cycles of the cycle's year (the series is the monitored framework's code): December's (take last), the mean of the months (mean; counts averaged input by input) or the month containing `at`; writes it as the cycle's system value with source 'monitoring' and sourceId the monthly cycle it came from (for a mean, the last month in it). A participant with no value there gets none. All or none; audited.",
    refusals: [
      invalid('id'),
      notFound('cycle'),
      refusal(ErrorCode.WrongPhase, 'the cycle is published: its system values no longer change'),
      refusal(ErrorCode.UnprocessableEntity, "a monitored leaf's series has no month of that year, or not the month it reads (named); the monitored indicator is not a leaf of that framework or takes another input; the cycle is not yearly, or its framework has no monitored leaf"),
    ],
    responseExample: {
      cycleId: '3d5b8f0a-…',
      leaves: [{ indicator: 'DVC.01', monitored: { framework: 'DVCTT', indicator: 'DVC4', take: 'last' }, monthsRead: ['2021-12'], written: 63, missing: [] }],
      written: 63,
      removed: 0,
    },
  })
  @Post('from-monitoring')
  @Roles(Role.Admin)
  @HttpCode(200)
  take(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<FromMonitoringResult> {
    return this.values.takeFromMonitoring(actor, id);
  }
}
