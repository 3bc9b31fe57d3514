import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import type { Page } from '../common/pagination.dto';
import { ROLES, Role } from '../auth/role';
import type { CycleView, ParticipantView } from './cycle.view';
import { CyclesService } from './cycles.service';
import { ChangeParticipantsDto } from './dto/change-participants.dto';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { CreateCycleSeriesDto } from './dto/create-cycle-series.dto';
import { GrantExtensionDto, RevokeExtensionDto } from './dto/grant-extension.dto';
import { ListCyclesQuery } from './dto/list-cycles.query';
import { MoveCycleDto } from './dto/move-cycle.dto';
import { UpdateCycleDto } from './dto/update-cycle.dto';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('api/v1/cycles')
export class CyclesController {
  constructor(private readonly cycles: CyclesService) {}

  @ApiDoc({
    summary: 'Create a cycle',
    does:
      "Creates a level's assessment of a data year in phase draft, with its framework version, window (Vietnam time without an offset) and participants (by default the level's units valid on 31/12 of the year); audited.",
    refusals: [
      invalid('a body field'),
      refusal(ErrorCode.Conflict, 'a cycle of the level and year exists'),
      refusal(ErrorCode.UnprocessableEntity, 'closesAt not after opensAt; frameworkId names no framework or one of another level; scopeUnitId or a participant names no unit of the level, or one twice'),
    ],
    requestExample: {
      year: 2022,
      level: 'province',
      frameworkId: '6f1c2a4e-8b7d-4c3e-9a51-0d2e7f4b8c19',
      nameVi: 'Đánh giá DTI cấp tỉnh năm 2022',
      nameEn: 'Provincial DTI 2022',
      opensAt: '2023-03-01T08:00:00+07:00',
      closesAt: '2023-04-30T17:00:00+07:00',
    },
    responseExample: {
      id: '3d5b8f0a-1c2e-4f6a-8b9d-7e0f1a2b3c4d',
      year: 2022,
      level: 'province',
      period: 'year',
      periodIndex: null,
      series: null,
      periodLabel: '2022',
      scopeUnitId: null,
      frameworkId: '6f1c2a4e-8b7d-4c3e-9a51-0d2e7f4b8c19',
      nameVi: 'Đánh giá DTI cấp tỉnh năm 2022',
      nameEn: 'Provincial DTI 2022',
      phase: 'draft',
      opensAt: '2023-03-01T08:00:00+07:00',
      closesAt: '2023-04-30T17:00:00+07:00',
      timezone: 'Asia/Ho_Chi_Minh',
      phaseChangedAt: null,
      rowVersion: 1,
    },
  })
  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCycleDto): Promise<CycleView> {
    return this.cycles.create(actor, dto);
  }

  @ApiDoc({
    summary: 'Create a monthly series of cycles',
    does:
      "One cycle per month from `from` to `to` (YYYY-MM) on a framework whose period is month (its code names the series), each opened at once: its values arrive from the national systems' feeds until `closeAfterDays` after the month ends. Participants: the level's units valid on each month's last day. All or none; audited.",
    refusals: [
      invalid('a body field'),
      refusal(ErrorCode.Conflict, 'a month of the series exists already (named)'),
      refusal(ErrorCode.UnprocessableEntity, 'frameworkId names no framework, one of another level, or one whose period is not month; to before from, or more than 120 months'),
    ],
    requestExample: { frameworkId: '6f1c2a4e-8b7d-4c3e-9a51-0d2e7f4b8c19', level: 'province', from: '2020-01', to: '2023-12' },
  })
  @Post('series')
  @Roles(Role.Admin)
  createSeries(@CurrentActor() actor: Actor, @Body() dto: CreateCycleSeriesDto): Promise<CycleView[]> {
    return this.cycles.createSeries(actor, dto);
  }

  @ApiDoc({ summary: 'List cycles', does: 'The cycles, a page at a time, of a year, a level or a phase.', refusals: [invalid('a query parameter')] })
  @Get()
  @Roles(...ROLES)
  list(@Query() query: ListCyclesQuery): Promise<Page<CycleView>> {
    return this.cycles.list(query);
  }

  @ApiDoc({ summary: 'Read a cycle', does: 'One cycle: year, level, framework, window, phase and rowVersion.', refusals: [invalid('id'), notFound('cycle')] })
  @Get(':id')
  @Roles(...ROLES)
  get(@Param('id', ParseIdPipe) id: string): Promise<CycleView> {
    return this.cycles.get(id);
  }

  @ApiDoc({
    summary: 'Change a cycle',
    does: 'Changes names, window or (in draft) the framework, given the rowVersion read; audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'the cycle is published, or its framework is frozen (past draft)'),
      refusal(ErrorCode.UnprocessableEntity, 'closesAt not after opensAt, or a framework of another level'),
    ],
  })
  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateCycleDto,
  ): Promise<CycleView> {
    return this.cycles.update(actor, id, dto);
  }

  @ApiDoc({
    summary: 'Move a cycle to another phase',
    does:
      'draft → open → review → scoring; review may go back to open and scoring to review (with a reason). Each feature checks the move (reviews complete before scoring); published is reached only by publishing a run. Audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'a move the phase table does not allow (details from, to, allowed)', RefusalReason.PhaseMoveNotAllowed),
      refusal(
        ErrorCode.Conflict,
        `a feature's check refused it (details.reasons: \`${RefusalReason.ReviewIncomplete}\` reviews incomplete, \`${RefusalReason.PublishedByRun}\` publish a run instead)`,
        RefusalReason.PhaseMoveRefused,
      ),
    ],
  })
  @Post(':id/phase')
  @Roles(Role.Admin)
  @HttpCode(200)
  move(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string, @Body() dto: MoveCycleDto): Promise<CycleView> {
    return this.cycles.move(actor, id, dto);
  }

  @ApiDoc({ summary: "List a cycle's participants", does: 'The units taking part, with their ranking group, ranked flag and extension.', refusals: [invalid('id'), notFound('cycle')] })
  @Get(':id/participants')
  @Roles(Role.Admin, Role.Reviewer)
  participants(@Param('id', ParseIdPipe) id: string): Promise<ParticipantView[]> {
    return this.cycles.participants(id);
  }

  @ApiDoc({
    summary: "Change a cycle's participants",
    does: 'Adds and removes units (draft or open); audited.',
    refusals: [
      invalid(),
      notFound('cycle'),
      refusal(ErrorCode.Conflict, 'participants are fixed in this phase'),
      refusal(ErrorCode.UnprocessableEntity, 'a unit does not exist, is of another level, or is listed twice'),
    ],
  })
  @Post(':id/participants')
  @Roles(Role.Admin)
  changeParticipants(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ChangeParticipantsDto,
  ): Promise<ParticipantView[]> {
    return this.cycles.setParticipants(actor, id, dto.add ?? [], dto.remove ?? []);
  }

  @ApiDoc({
    summary: "Grant a unit an extension",
    does: "Lets one unit write its self-assessment until a later time than the cycle's close, with a reason; audited.",
    refusals: [
      invalid(),
      notFound('cycle or participant'),
      refusal(ErrorCode.Conflict, 'the cycle is not open'),
      refusal(ErrorCode.UnprocessableEntity, "until is not after the cycle's close"),
    ],
  })
  @Put(':id/participants/:unitId/extension')
  @Roles(Role.Admin)
  grantExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: GrantExtensionDto,
  ): Promise<ParticipantView> {
    return this.cycles.grantExtension(actor, id, unitId, dto);
  }

  @ApiDoc({
    summary: "Revoke a unit's extension",
    does: "Takes the unit's extension back, with a reason; audited.",
    refusals: [
      invalid(),
      notFound('cycle, participant or extension'),
      refusal(ErrorCode.Conflict, 'the cycle is published: it can never be open again'),
    ],
  })
  /** Takes the unit's extension back (the reason in the body, audited); 404 when it has none, 409 once published. */
  @Delete(':id/participants/:unitId/extension')
  @Roles(Role.Admin)
  revokeExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: RevokeExtensionDto,
  ): Promise<ParticipantView> {
    return this.cycles.revokeExtension(actor, id, unitId, dto);
  }
}
