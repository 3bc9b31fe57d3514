import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { WhatIfDto } from './dto/what-if.dto';
import { WHAT_IF_EXAMPLE, WHAT_IF_REQUEST_EXAMPLE } from './what-if.examples';
import { WhatIfService, type WhatIfAnswer } from './what-if.service';

@ApiTags('analysis')
@ApiBearerAuth()
@Controller('api/v1')
export class WhatIfController {
  constructor(private readonly whatIfs: WhatIfService) {}

  @ApiDoc({
    summary: "Score a unit's what-if",
    does:
      "The unit's index and rank if its answers were the ones given (the rest as scored), against every other unit's frozen results: the cycle's latest publication, else (administrators) its latest succeeded score run. Exact unless a min-max or z-score leaf's run statistics move (listed in moved; the rank is then an estimate). With the three single steps (the next option, band or tenth of the range; +1 point of a hand-scored leaf) that gain the most rank places. Nothing is stored.",
    refusals: [
      invalid('cycleId, or values: a code that is not a leaf of the framework (values.<code>, knownIndicator), a value of the wrong type or one the leaf refuses (values.<code>, the engine\'s rule)'),
      notFound('cycle, or unit in the cycle'),
      refusal(ErrorCode.Forbidden, "an officer asking for another unit's what-if"),
      refusal(ErrorCode.Conflict, 'no succeeded score run (or, for an officer, no publication) yet; the inputs changed after the run; a framework whose imputation or outlier treatment ties every unit to the others'),
    ],
    requestExample: WHAT_IF_REQUEST_EXAMPLE,
    responseExample: WHAT_IF_EXAMPLE,
  })
  @Post('cycles/:cycleId/units/:unitCode/what-if')
  @Roles(Role.Admin, Role.Officer)
  @HttpCode(200)
  whatIf(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitCode') unitCode: string, @Body() dto: WhatIfDto): Promise<WhatIfAnswer> {
    return this.whatIfs.whatIf(actor, cycleId, unitCode, dto.values);
  }
}
