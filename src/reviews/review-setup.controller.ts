import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
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

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review')
export class ReviewSetupController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly completion: CompletionService,
    private readonly cycles: CyclesService,
  ) {}

  @Get('settings')
  @Roles(Role.Admin, Role.Reviewer)
  settings(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<SettingsView> {
    return this.assignments.settings(cycleId);
  }

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

  @Get('assignments')
  @Roles(Role.Admin, Role.Reviewer)
  list(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: AssignmentsQuery): Promise<AssignmentView[]> {
    return this.assignments.list(actor, cycleId, query);
  }

  @Post('assignments')
  @Roles(Role.Admin)
  assign(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: AssignReviewerDto): Promise<AssignmentView> {
    return this.assignments.assign(actor, cycleId, dto);
  }

  @Post('assignments/bulk')
  @Roles(Role.Admin)
  bulk(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: BulkAssignDto): Promise<AssignmentView[]> {
    return this.assignments.bulk(actor, cycleId, dto);
  }

  @Delete('assignments/:assignmentId')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('assignmentId', ParseIdPipe) id: string): Promise<void> {
    return this.assignments.remove(actor, cycleId, id);
  }

  /** A reviewer's units with their progress; for admins every unit (or one reviewer's). */
  @Get('workload')
  @Roles(Role.Admin, Role.Reviewer)
  workload(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: WorkloadQuery): Promise<UnitProgress[]> {
    return this.assignments.workload(actor, cycleId, query.reviewerId);
  }

  @Get('completion')
  @Roles(Role.Admin)
  completionState(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<CompletionState> {
    return this.completion.state(cycleId);
  }

  /** review → scoring with reviews incomplete: the reason is stored as the override and audited. */
  @Post('override')
  @Roles(Role.Admin)
  @HttpCode(200)
  override(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: OverrideDto): Promise<CycleView> {
    return this.cycles.move(actor, cycleId, { to: CyclePhase.Scoring, rowVersion: dto.rowVersion, reason: dto.reason });
  }
}
