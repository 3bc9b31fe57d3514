import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { ConflictsService, type ConflictView } from './conflicts.service';
import { AddConflictDto } from './dto/conflict.dto';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/reviewers/:id/conflicts')
export class ReviewersController {
  constructor(private readonly conflicts: ConflictsService) {}

  @ApiDoc({
    summary: "List a reviewer's conflicts of interest",
    does: 'The units the reviewer may never review, with the reasons: seen by administrators and the reviewer itself.',
    refusals: [invalid('id'), refusal(ErrorCode.Forbidden, "a reviewer asks for another reviewer's conflicts"), notFound('reviewer')],
  })
  @Get()
  @Roles(Role.Admin, Role.Reviewer)
  list(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ConflictView[]> {
    return this.conflicts.list(actor, id);
  }

  @ApiDoc({
    summary: 'Declare a conflict of interest',
    does: 'The reviewer is never assigned to the unit from then on (its own unit: reason "own unit"); audited.',
    refusals: [
      invalid(),
      notFound('reviewer'),
      refusal(ErrorCode.UnprocessableEntity, 'unitId names no unit'),
      refusal(ErrorCode.Conflict, 'the reviewer is assigned to the unit in a cycle whose review is not over (details.cycles)', RefusalReason.ConflictAssignedInReview),
    ],
  })
  /** Declares a conflict of interest (its own unit: reason "own unit"); the reviewer is never assigned to that unit. */
  @Post()
  @Roles(Role.Admin)
  add(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: AddConflictDto): Promise<ConflictView> {
    return this.conflicts.add(actor, id, dto);
  }

  @ApiDoc({ summary: 'Withdraw a conflict of interest', does: 'The reviewer may be assigned to the unit again; audited.', refusals: [invalid('an id'), notFound('reviewer, or conflict with the unit')] })
  @Delete(':unitId')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<void> {
    return this.conflicts.remove(actor, id, unitId);
  }
}
