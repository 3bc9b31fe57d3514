import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import type { CycleView } from '../cycles/cycle.view';
import { CyclePhase } from '../cycles/cycle-phase';
import { CyclesService } from '../cycles/cycles.service';
import { Role } from '../auth/role';
import { AssignmentsService, type AssignmentView, type UnitProgress } from './assignments.service';
import { CompletionService, type CompletionState } from './completion.service';
import { AssignReviewerDto, BulkAssignDto } from './dto/assignment.dto';
import { UpdateReviewSettingsDto } from './dto/review-settings.dto';
import { AssignmentsQuery, OverrideDto, WorkloadQuery } from './dto/review-queries.dto';
import type { SettingsView } from './review.view';
import { ifMatchVersion } from '../common/if-match';

/** The If-Match of a settings write: absent for the first one (version 0). */
function settingsVersion(ifMatch: string | undefined, body: number | undefined): number | undefined {
  return ifMatch === undefined ? body : ifMatchVersion(ifMatch, 0);
}

const NOT_ASSIGNING = refusal(ErrorCode.WrongPhase, 'the cycle is past review: assignments are made in draft, open or review');
const SINGLE = refusal(ErrorCode.Conflict, 'policy single and the unit would have more than one reviewer', RefusalReason.SingleReviewerPolicy);

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review')
export class ReviewSetupController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly completion: CompletionService,
    private readonly cycles: CyclesService,
  ) {}

  @ApiDoc({
    summary: "Read a cycle's review settings",
    does: 'The review policy (single or double), the disagreement share that flags an indicator, the objection window and the version.',
    refusals: [invalid('cycleId'), notFound('cycle')],
  })
  @Get('settings')
  @Roles(Role.Admin, Role.Reviewer)
  settings(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<SettingsView> {
    return this.assignments.settings(cycleId);
  }

  @ApiDoc({
    summary: "Change a cycle's review settings",
    does: 'Sets the policy and disagreement share (draft to review) and the objection window (review or scoring), at the version read (If-Match or body; none for the first write); audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      STALE_VERSION,
      refusal(ErrorCode.WrongPhase, 'the policy is fixed past review, or an objection window is set outside review and scoring'),
      SINGLE,
    ],
  })
  /** Policy and disagreement share (draft to review); the objection window (review or scoring). */
  @Put('settings')
  @Roles(Role.Admin)
  updateSettings(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateReviewSettingsDto,
  ): Promise<SettingsView> {
    return this.assignments.updateSettings(actor, cycleId, settingsVersion(ifMatch, dto.version), dto);
  }

  @ApiDoc({
    summary: "List a cycle's review assignments",
    does: "Who reviews which unit, and who leads; a reviewer sees its own only. Filtered by unit or (an admin's) reviewer.",
    refusals: [invalid('cycleId or a query parameter'), notFound('cycle')],
  })
  @Get('assignments')
  @Roles(Role.Admin, Role.Reviewer)
  list(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: AssignmentsQuery): Promise<AssignmentView[]> {
    return this.assignments.list(actor, cycleId, query);
  }

  @ApiDoc({
    summary: 'Assign a reviewer to a unit',
    does: 'Assigns one reviewer (the first of a unit leads, or the one named lead); the unit\'s review progress is recomputed; audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      NOT_ASSIGNING,
      SINGLE,
      refusal(ErrorCode.Conflict, 'the reviewer declared a conflict of interest with the unit (details.rule conflictOfInterest)'),
      refusal(ErrorCode.UnprocessableEntity, 'the unit does not take part, or the reviewer is not an active reviewer'),
    ],
  })
  @Post('assignments')
  @Roles(Role.Admin)
  assign(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: AssignReviewerDto): Promise<AssignmentView> {
    return this.assignments.assign(actor, cycleId, dto);
  }

  @ApiDoc({
    summary: 'Assign reviewers to many units',
    does: 'Gives each unit the reviewers its policy needs from a pool, the least loaded first, skipping conflicts of interest; all or none; audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      NOT_ASSIGNING,
      SINGLE,
      refusal(ErrorCode.UnprocessableEntity, 'a reviewer is not active, a unit does not take part, or a unit has not enough eligible reviewers (details: each)'),
    ],
  })
  @Post('assignments/bulk')
  @Roles(Role.Admin)
  bulk(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: BulkAssignDto): Promise<AssignmentView[]> {
    return this.assignments.bulk(actor, cycleId, dto);
  }

  @ApiDoc({
    summary: 'Remove a review assignment',
    does: "Takes a reviewer off a unit; the unit's review progress is recomputed; audited.",
    refusals: [invalid('an id'), notFound('cycle or assignment'), NOT_ASSIGNING],
  })
  @Delete('assignments/:assignmentId')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('assignmentId', ParseIdPipe) id: string): Promise<void> {
    return this.assignments.remove(actor, cycleId, id);
  }

  @ApiDoc({
    summary: 'Read review workload and progress',
    does: "A reviewer's units with their progress (indicators settled and pending); for admins every unit, or one reviewer's.",
    refusals: [invalid('cycleId or reviewerId'), notFound('cycle')],
  })
  /** A reviewer's units with their progress; for admins every unit (or one reviewer's). */
  @Get('workload')
  @Roles(Role.Admin, Role.Reviewer)
  workload(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: WorkloadQuery): Promise<UnitProgress[]> {
    return this.assignments.workload(actor, cycleId, query.reviewerId);
  }

  @ApiDoc({
    summary: "Read a cycle's review completion",
    does: 'Whether every unit is reviewed, and which are not: what review → scoring checks.',
    refusals: [invalid('cycleId'), notFound('cycle')],
  })
  @Get('completion')
  @Roles(Role.Admin)
  completionState(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<CompletionState> {
    return this.completion.state(cycleId);
  }

  @ApiDoc({
    summary: 'Move to scoring with reviews incomplete',
    does: 'review → scoring although some reviews are incomplete: the reason is stored as the override and audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'the cycle is not in review (details from, to, allowed)', RefusalReason.PhaseMoveNotAllowed),
    ],
  })
  /** review → scoring with reviews incomplete: the reason is stored as the override and audited. */
  @Post('override')
  @Roles(Role.Admin)
  @HttpCode(200)
  override(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: OverrideDto): Promise<CycleView> {
    return this.cycles.move(actor, cycleId, { to: CyclePhase.Scoring, rowVersion: dto.rowVersion, reason: dto.reason });
  }
}
