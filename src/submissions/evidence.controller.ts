import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION, UPLOAD_REFUSALS } from '../auth/api-doc';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { versionFrom } from '../common/if-match';
import { intFromText, ParseIdPipe } from '../common/validators';
import type { UploadedEvidenceFile } from './store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import { ROLES, Role } from '../auth/role';
import { AddEvidenceDto, UploadEvidenceDto } from './dto/add-evidence.dto';
import { EvidenceService } from './evidence.service';
import type { EvidenceView } from './submission.view';
import { SUBMISSION_READ_REFUSALS, SUBMISSION_WRITE_REFUSALS } from './submission-api-refusals';
import { SubmissionUploadChecks } from './upload-checks';

const NO_EVIDENCE_HERE = refusal(ErrorCode.UnprocessableEntity, 'indicatorCode is not an indicator of the cycle, or one that takes no evidence');

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/units/:unitId/submission/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @ApiDoc({
    summary: "List a unit's evidence",
    does: 'The documents, links and files cited for the indicators of the self-assessment.',
    refusals: [invalid('cycleId or unitId'), ...SUBMISSION_READ_REFUSALS],
  })
  @Get()
  @Roles(...ROLES)
  list(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
  ): Promise<EvidenceView[]> {
    return this.evidence.list(actor, cycleId, unitId);
  }

  @ApiDoc({
    summary: 'Cite a document or a link as evidence',
    does: 'Adds a reference (a document number and date, or a link) to an indicator, at the submission version read (If-Match or body).',
    refusals: [invalid(), ...SUBMISSION_WRITE_REFUSALS, STALE_VERSION, NO_EVIDENCE_HERE],
  })
  /** A citation of a document or a link. */
  @Post()
  @Roles(Role.Officer)
  add(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: AddEvidenceDto,
  ): Promise<EvidenceView> {
    return this.evidence.addReference(actor, cycleId, unitId, versionFrom(ifMatch, dto.version), dto);
  }

  @ApiDoc({
    summary: 'Upload an evidence file',
    does:
      'A file (multipart field `file`, with indicatorCode and version): PDF, images or office documents, checked by content, up to UPLOAD_MAX_BYTES. Who, where and when are checked before the file is read.',
    refusals: [invalid('an id, indicatorCode, version, or no file'), ...SUBMISSION_WRITE_REFUSALS, STALE_VERSION, NO_EVIDENCE_HERE, ...UPLOAD_REFUSALS],
  })
  /**
   * A file (multipart field `file`): PDF, images or office documents, checked by content; size limit UPLOAD_MAX_BYTES.
   * Who, where and when are checked before the file is read (UploadGate).
   */
  @Post('files')
  @Roles(Role.Officer)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'evidence'), FileInterceptor('file'))
  upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UploadEvidenceDto,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
  ): Promise<EvidenceView> {
    if (!file) throw DomainException.validation([{ field: 'file', rule: 'required', message: 'send the file in the multipart field "file"' }]);
    const version = versionFrom(ifMatch, dto.version);
    return this.evidence.addFile(actor, cycleId, unitId, version, dto.indicatorCode, file.originalname, file.stored);
  }

  @ApiDoc({
    summary: 'Remove evidence',
    does: 'Removes a reference or file from the self-assessment, at the submission version read (If-Match or ?version=).',
    refusals: [invalid('an id or version'), ...SUBMISSION_WRITE_REFUSALS, notFound('evidence of this submission'), STALE_VERSION],
  })
  @ApiQuery({ name: 'version', required: false, type: Number, description: 'the submission version read (or send it in If-Match)' })
  @Delete(':evidenceId')
  @Roles(Role.Officer)
  @HttpCode(204)
  remove(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('evidenceId', ParseIdPipe) evidenceId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query('version') version: string | undefined,
  ): Promise<void> {
    const bodyVersion = version === undefined ? undefined : intFromText(version, 'version', 1);
    return this.evidence.remove(actor, cycleId, unitId, versionFrom(ifMatch, bodyVersion), evidenceId);
  }

  @ApiDoc({
    summary: 'Download an evidence file',
    does: 'The file as stored, always as an attachment of its stored type (never shown inline: evidence is untrusted content).',
    refusals: [invalid('an id'), ...SUBMISSION_READ_REFUSALS, notFound('evidence file (or it is not in the storage)')],
  })
  @Get(':evidenceId/download')
  @Roles(...ROLES)
  async download(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('evidenceId', ParseIdPipe) evidenceId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.evidence.download(actor, cycleId, unitId, evidenceId);
    // The stored type, never a guess by the browser, and never shown inline: evidence is untrusted content.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.stream, {
      type: file.mimeType,
      length: file.sizeBytes,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}
