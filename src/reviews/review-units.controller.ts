import { Body, Controller, Get, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
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

  /** The unit side by side: self value and points, evidence, own decision, the others' (lead and admins), finals. */
  @Get()
  @Roles(Role.Admin, Role.Reviewer)
  view(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string) {
    return this.decisions.unitView(actor, cycleId, unitId);
  }

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

  /** Final values with provenance: self value and points, each reviewer's decision, method, who decided and why. */
  @Get('finals')
  @Roles(Role.Admin, Role.Reviewer)
  finals(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<FinalView[]> {
    return this.decisions.finals(actor, cycleId, unitId);
  }

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

  /** Self and reviewed scores per indicator; the unit's officer sees them once the objection window opens. */
  @Get('scores')
  @Roles(...ROLES)
  scores(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Param('unitId', ParseIdPipe) unitId: string): Promise<ReviewedScore[]> {
    return this.objections.scores(actor, cycleId, unitId);
  }

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
