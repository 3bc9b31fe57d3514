import { Body, Controller, Get, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, UPLOAD_REFUSALS } from '../auth/api-doc';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import type { UploadedEvidenceFile } from '../submissions/store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import { AddEvidenceDto, UploadEvidenceDto } from '../submissions/dto/add-evidence.dto';
import type { EvidenceView } from '../submissions/submission.view';
import { ROLES, Role } from '../auth/role';
import { ClarificationsService, type ThreadView } from './clarifications.service';
import { DecisionsService, type DecideResult } from './decisions.service';
import { DecideDto, LeadDecisionDto } from './dto/decision.dto';
import { PostMessageDto } from './dto/clarification.dto';
import { CreateObjectionDto } from './dto/objection.dto';
import { ThreadQuery } from './dto/review-queries.dto';
import { ObjectionsService, type ReviewedScore } from './objections.service';
import {
  CYCLE_OR_UNIT_NOT_FOUND,
  FINAL_STALE,
  NOT_A_REVIEWED_INDICATOR,
  NOT_ASSIGNED,
  NOT_LEAD,
  NOT_REVIEWING,
  NOT_SEEN,
  OBJECTION_WINDOW_REFUSALS,
  THREAD_CLOSED,
} from './review-api-refusals';
import type { FinalView, MessageView, ObjectionView } from './review.view';
import { ReviewUploadChecks } from './upload-checks';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review/units/:unitId')
export class ReviewUnitsController {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly clarifications: ClarificationsService,
    private readonly objections: ObjectionsService,
  ) {}

  @ApiDoc({
    summary: 'Read a unit under review',
    does: "The unit side by side: self value and points, evidence, the caller's own decisions, the others' (to the lead and admins), the finals.",
    refusals: [invalid('cycleId or unitId'), CYCLE_OR_UNIT_NOT_FOUND, NOT_SEEN],
  })
  /** The unit side by side: self value and points, evidence, own decision, the others' (lead and admins), finals. */
  @Get()
  @Roles(Role.Admin, Role.Reviewer)
  view(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string) {
    return this.decisions.unitView(actor, cycleId, unitId);
  }

  @ApiDoc({
    summary: "Decide on a unit's indicators",
    does:
      "The reviewer's decisions per indicator (accept, adjust with a value or points and a reason, clarify with a question), all or none; changing a decision sends the version read. Finals follow: agreement settles, disagreement flags for the lead.",
    refusals: [
      invalid('an id or a decision'),
      CYCLE_OR_UNIT_NOT_FOUND,
      NOT_ASSIGNED,
      refusal(ErrorCode.WrongPhase, "the cycle is not in review, or the unit's self-assessment is not submitted"),
      refusal(ErrorCode.VersionConflict, 'a decision changed since it was read: read it again'),
      refusal(ErrorCode.UnprocessableEntity, 'a decision names no reviewed indicator or breaks its input type (details: each)'),
    ],
  })
  /** The reviewer's decisions (accept, adjust, clarify), all or none; a decision changed sends the version read. */
  @Post('decisions')
  @Roles(Role.Reviewer)
  decide(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: DecideDto,
  ): Promise<DecideResult> {
    return this.decisions.decide(actor, cycleId, unitId, dto.decisions);
  }

  @ApiDoc({
    summary: "Read a unit's final values",
    does: 'Final values with provenance: self value and points, each reviewer\'s decision, the method (agreement, lead, objection), who decided and why.',
    refusals: [invalid('cycleId or unitId'), CYCLE_OR_UNIT_NOT_FOUND, NOT_SEEN],
  })
  /** Final values with provenance: self value and points, each reviewer's decision, method, who decided and why. */
  @Get('finals')
  @Roles(Role.Admin, Role.Reviewer)
  finals(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<FinalView[]> {
    return this.decisions.finals(actor, cycleId, unitId);
  }

  @ApiDoc({
    summary: "Read one indicator's final value",
    does: 'The final value of one indicator of the unit, with its provenance.',
    refusals: [invalid('cycleId or unitId'), CYCLE_OR_UNIT_NOT_FOUND, NOT_SEEN, notFound('final value of the indicator')],
  })
  @Get('finals/:indicatorCode')
  @Roles(Role.Admin, Role.Reviewer)
  async final(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('indicatorCode') indicatorCode: string,
  ): Promise<FinalView> {
    return (await this.decisions.finals(actor, cycleId, unitId, indicatorCode))[0];
  }

  @ApiDoc({
    summary: 'Settle a flagged indicator',
    does: "The unit's lead reviewer (or an administrator) settles an indicator its reviewers disagree on, with the value or points and a reason; audited.",
    refusals: [
      invalid(),
      CYCLE_OR_UNIT_NOT_FOUND,
      NOT_LEAD,
      NOT_REVIEWING,
      refusal(ErrorCode.Conflict, 'the indicator is not flagged: the lead decides only where the reviewers disagree'),
      FINAL_STALE,
      NOT_A_REVIEWED_INDICATOR,
    ],
  })
  /** The lead reviewer (or an admin) settles a flagged indicator with a reason. */
  @Post('finals/:indicatorCode/lead-decision')
  @Roles(Role.Admin, Role.Reviewer)
  lead(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('indicatorCode') indicatorCode: string,
    @Body() dto: LeadDecisionDto,
  ): Promise<FinalView> {
    return this.decisions.leadDecide(actor, cycleId, unitId, indicatorCode, dto);
  }

  @ApiDoc({
    summary: "Read a unit's clarification threads",
    does: "The questions and answers per indicator between the unit's reviewers and its officers (one indicator's with ?indicatorCode=).",
    refusals: [invalid('an id or indicatorCode'), CYCLE_OR_UNIT_NOT_FOUND, NOT_SEEN],
  })
  @Get('clarifications')
  @Roles(...ROLES)
  threads(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query() query: ThreadQuery,
  ): Promise<ThreadView[]> {
    return this.clarifications.threads(actor, cycleId, unitId, query.indicatorCode);
  }

  @ApiDoc({
    summary: 'Post a clarification message',
    does: "A message in an indicator's thread: a reviewer of the unit, or the unit's officer answering an open question. The submission stays locked.",
    refusals: [invalid(), CYCLE_OR_UNIT_NOT_FOUND, NOT_SEEN, NOT_REVIEWING, THREAD_CLOSED, NOT_A_REVIEWED_INDICATOR],
  })
  /** A message in the thread of an indicator: a reviewer of the unit, or its officer answering an open question. */
  @Post('clarifications')
  @Roles(Role.Officer, Role.Reviewer)
  post(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: PostMessageDto,
  ): Promise<MessageView> {
    return this.clarifications.post(actor, cycleId, unitId, dto.indicatorCode, dto.body);
  }

  @ApiDoc({
    summary: 'Cite evidence in a clarification',
    does: "The unit's officer cites a document or a link as evidence of the indicator in question; the message is posted to its thread (the submission stays locked).",
    refusals: [
      invalid(),
      refusal(ErrorCode.Forbidden, 'not an officer of this unit'),
      CYCLE_OR_UNIT_NOT_FOUND,
      NOT_REVIEWING,
      THREAD_CLOSED,
      refusal(ErrorCode.UnprocessableEntity, 'indicatorCode is not a reviewed indicator, or one that takes no evidence'),
    ],
  })
  /** The officer cites a document or a link as evidence of the indicator in question (the submission stays locked). */
  @Post('clarifications/evidence')
  @Roles(Role.Officer)
  addReference(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: AddEvidenceDto,
  ): Promise<{ evidence: EvidenceView; message: MessageView; submissionVersion: number }> {
    return this.clarifications.addEvidence(actor, cycleId, unitId, dto.indicatorCode, { reference: dto });
  }

  @ApiDoc({
    summary: 'Upload an evidence file in a clarification',
    does: 'The same with a file (multipart field `file`, with indicatorCode), checked like any evidence file before and after it is read.',
    refusals: [
      invalid('an id, indicatorCode, or no file'),
      refusal(ErrorCode.Forbidden, 'not an officer of this unit'),
      CYCLE_OR_UNIT_NOT_FOUND,
      NOT_REVIEWING,
      THREAD_CLOSED,
      refusal(ErrorCode.UnprocessableEntity, 'indicatorCode is not a reviewed indicator, or one that takes no evidence'),
      ...UPLOAD_REFUSALS,
    ],
  })
  /** The same with an uploaded file (multipart field `file`), checked like any evidence file. */
  @Post('clarifications/evidence/files')
  @Roles(Role.Officer)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadGate(ReviewUploadChecks, 'clarification'), FileInterceptor('file'))
  addFile(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: UploadEvidenceDto,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
  ): Promise<{ evidence: EvidenceView; message: MessageView; submissionVersion: number }> {
    if (!file) throw DomainException.validation([{ field: 'file', rule: 'required', message: 'send the file in the multipart field "file"' }]);
    return this.clarifications.addEvidence(actor, cycleId, unitId, dto.indicatorCode, { file: { originalName: file.originalname, stored: file.stored } });
  }

  @ApiDoc({
    summary: "Read a unit's self and reviewed scores",
    does: "Self and reviewed points per indicator; the unit's officer sees them once the objection window opens, or once the cycle is published.",
    refusals: [
      invalid('cycleId or unitId'),
      CYCLE_OR_UNIT_NOT_FOUND,
      NOT_SEEN,
      refusal(ErrorCode.WindowClosed, 'an officer asks before the objection window opens, and the cycle is not published'),
    ],
  })
  /** Self and reviewed scores per indicator; the unit's officer sees them once the objection window opens or the cycle is published. */
  @Get('scores')
  @Roles(...ROLES)
  scores(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<ReviewedScore[]> {
    return this.objections.scores(actor, cycleId, unitId);
  }

  @ApiDoc({
    summary: 'Object to a reviewed score',
    does: "The unit's officer objects to the reviewed value of an indicator, with a reason (and evidence of the submission), while the objection window is open.",
    refusals: [
      invalid(),
      refusal(ErrorCode.Forbidden, 'not an officer of this unit'),
      CYCLE_OR_UNIT_NOT_FOUND,
      ...OBJECTION_WINDOW_REFUSALS,
      refusal(ErrorCode.Conflict, 'the indicator has no reviewed score yet, or an objection to it is already open'),
      refusal(ErrorCode.UnprocessableEntity, "indicatorCode is not a reviewed indicator, or evidenceId is not evidence of the unit's submission"),
    ],
  })
  /** The unit's officer objects to the reviewed score of an indicator while the objection window is open. */
  @Post('objections')
  @Roles(Role.Officer)
  object(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() dto: CreateObjectionDto,
  ): Promise<ObjectionView> {
    return this.objections.create(actor, cycleId, unitId, dto);
  }
}
