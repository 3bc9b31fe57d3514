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
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { versionFrom } from '../common/if-match';
import { intFromText, ParseIdPipe } from '../common/validators';
import type { UploadedEvidenceFile } from './store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import { ROLES, Role } from '../auth/role';
import { AddEvidenceDto, UploadEvidenceDto } from './dto/add-evidence.dto';
import { EvidenceService } from './evidence.service';
import type { EvidenceView } from './submission.view';
import { SubmissionUploadChecks } from './upload-checks';

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/units/:unitId/submission/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get()
  @Roles(...ROLES)
  list(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
  ): Promise<EvidenceView[]> {
    return this.evidence.list(actor, cycleId, unitId);
  }

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
