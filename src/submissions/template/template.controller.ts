import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Actor } from '../../auth/actor';
import { ApiDoc, invalid, refusal, UPLOAD_REFUSALS } from '../../auth/api-doc';
import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { ParseIdPipe } from '../../common/validators';
import { ROLES, Role } from '../../auth/role';
import { ImportUploadQuery } from '../dto/import-upload.dto';
import type { ImportJobView } from '../imports/import-job.view';
import { ImportsService } from '../imports/imports.service';
import { UploadGate } from '../../storage/upload-gate';
import { ImportFileInterceptor } from '../imports/upload-interceptor';
import { SUBMISSION_READ_REFUSALS } from '../submission-api-refusals';
import { SubmissionsService } from '../submissions.service';
import { SubmissionUploadChecks } from '../upload-checks';
import { TemplateService } from './template.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/units/:unitId/submission/template')
export class TemplateController {
  constructor(
    private readonly templates: TemplateService,
    private readonly imports: ImportsService,
    private readonly submissions: SubmissionsService,
  ) {}

  @ApiDoc({
    summary: "Download a unit's template workbook",
    does: "An XLSX workbook of the cycle's indicators with the unit's current answers, to fill offline and upload back.",
    refusals: [invalid('cycleId or unitId'), ...SUBMISSION_READ_REFUSALS],
  })
  @Get()
  @Roles(...ROLES)
  async download(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.templates.download(actor, cycleId, unitId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.content, {
      type: XLSX_TYPE,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }

  @ApiDoc({
    summary: 'Upload a filled template workbook',
    does: 'A filled template (multipart field `file`), read by a job that writes its answers as a save does. 202 with the import job; its state, progress and report (one entry per row) at GET /api/v1/imports/{id}. With ?dryRun=true it reads and reports only.',
    refusals: [
      invalid('an id, dryRun, or no file'),
      refusal(ErrorCode.Forbidden, 'not an officer of this unit'),
      refusal(ErrorCode.NotFound, 'no such cycle, or the unit does not take part in it'),
      ...UPLOAD_REFUSALS,
    ],
  })
  /** A filled template (multipart field `file`), read by a job: 202 with the import to follow at /api/v1/imports/:id. */
  @Post()
  @Roles(Role.Officer)
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'template'), ImportFileInterceptor())
  upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query() query: ImportUploadQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportJobView> {
    this.submissions.assertOwnOfficer(actor, unitId);
    if (!file) throw DomainException.validation([{ field: 'file', rule: 'required', message: 'send the workbook in the multipart field "file"' }]);
    return this.imports.create(actor, {
      kind: 'template',
      cycleId,
      unitId,
      dryRun: query.dryRun ?? false,
      fileName: file.originalname,
      content: file.buffer,
    });
  }
}
