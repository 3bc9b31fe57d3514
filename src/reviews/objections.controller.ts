import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import { ROLES, Role } from '../auth/role';
import { DecideObjectionDto } from './dto/objection.dto';
import { ObjectionsQuery } from './dto/review-queries.dto';
import { ObjectionsService } from './objections.service';
import { FINAL_STALE, NOT_LEAD } from './review-api-refusals';
import type { ObjectionView } from './review.view';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review/objections')
export class ObjectionsController {
  constructor(private readonly objections: ObjectionsService) {}

  @ApiDoc({
    summary: "List a cycle's objections",
    does: "The units' objections to reviewed scores, of a unit or a status; an officer sees its own unit's only, a reviewer those of its units.",
    refusals: [invalid('cycleId or a query parameter'), notFound('cycle'), refusal(ErrorCode.Forbidden, "an officer asks for another unit's objections")],
  })
  @Get()
  @Roles(...ROLES)
  list(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: ObjectionsQuery): Promise<ObjectionView[]> {
    return this.objections.list(actor, cycleId, query);
  }

  @ApiDoc({
    summary: 'Decide an objection',
    does: "Accepts (with the new value or points, which become the final) or rejects an objection, with an answer to the unit: an administrator or the unit's lead reviewer; audited.",
    refusals: [
      invalid(),
      notFound('objection of this cycle'),
      NOT_LEAD,
      refusal(ErrorCode.WrongPhase, 'the cycle is not in review or scoring'),
      refusal(ErrorCode.Conflict, 'the objection is already decided'),
      refusal(ErrorCode.Conflict, 'the final value is gone: a reviewer asked the unit to clarify since (details.indicatorCode)', RefusalReason.FinalUnsettled),
      FINAL_STALE,
    ],
  })
  /** Accept (with the new value or points) or reject, with an answer: an admin or the unit's lead reviewer. */
  @Post(':objectionId/decision')
  @Roles(Role.Admin, Role.Reviewer)
  @HttpCode(200)
  decide(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('objectionId', ParseIdPipe) objectionId: string,
    @Body() dto: DecideObjectionDto,
  ): Promise<ObjectionView> {
    return this.objections.decide(actor, cycleId, objectionId, dto);
  }
}
