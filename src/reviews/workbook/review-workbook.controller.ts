import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { Roles } from '../../auth/roles.decorator';
import type { Actor } from '../../auth/actor';
import { ApiDoc, invalid, notFound, refusal, UPLOAD_REFUSALS } from '../../auth/api-doc';
import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { ParseIdPipe } from '../../common/validators';
import { ImportUploadQuery } from '../../submissions/dto/import-upload.dto';
import { ReviewWorkbookQuery } from '../dto/review-queries.dto';
import type { ImportJobView } from '../../submissions/imports/import-job.view';
import { ImportsService } from '../../submissions/imports/imports.service';
import { UploadGate } from '../../storage/upload-gate';
import { ImportFileInterceptor } from '../../submissions/imports/upload-interceptor';
import { XLSX_TYPE } from '../../submissions/template/template.controller';
import { Role } from '../../auth/role';
import { ReviewUploadChecks } from '../upload-checks';
import { ReviewWorkbookService } from './review-workbook.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/review/workbook')
export class ReviewWorkbookController {
  constructor(
    private readonly workbooks: ReviewWorkbookService,
    private readonly imports: ImportsService,
  ) {}

  @ApiDoc({
    summary: 'Download a review workbook',
    does: "An XLSX workbook of one reviewer's units × indicators with the current decisions, to fill offline: a reviewer gets its own, an administrator names the reviewer (?reviewerId=).",
    refusals: [
      invalid('cycleId, or reviewerId missing for an administrator'),
      refusal(ErrorCode.Forbidden, "a reviewer asks for another reviewer's workbook"),
      notFound('cycle, or unit of the cycle assigned to the reviewer'),
      refusal(ErrorCode.UnprocessableEntity, 'reviewerId is not a reviewer'),
    ],
  })
  /**
   * A reviewer's workbook: one row per assigned unit × indicator, with its current decisions. A reviewer gets its own;
   * an administrator names the reviewer (?reviewerId=, required; 404 when nothing of the cycle is assigned to it).
   */
  @Get()
  @Roles(Role.Reviewer, Role.Admin)
  async download(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query() query: ReviewWorkbookQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.workbooks.download(actor, cycleId, query.reviewerId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.content, { type: XLSX_TYPE, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` });
  }

  @ApiDoc({
    summary: 'Upload a filled review workbook',
    does: 'A filled review workbook (multipart field `file`), applied by a job as decisions are (all of a unit or none). 202 with the import job; its state, progress and report (one entry per row) at GET /api/v1/imports/{id}. With ?dryRun=true it reads and reports only.',
    refusals: [
      invalid('cycleId, dryRun, or no file'),
      notFound('cycle'),
      refusal(ErrorCode.Forbidden, 'no unit of the cycle is assigned to the reviewer'),
      ...UPLOAD_REFUSALS,
    ],
  })
  /** A filled workbook (multipart field `file`), applied by a job: 202 with the import to follow at /api/v1/imports/:id. */
  @Post()
  @Roles(Role.Reviewer)
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadGate(ReviewUploadChecks, 'workbook'), ImportFileInterceptor())
  upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query() query: ImportUploadQuery,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportJobView> {
    if (!file) throw DomainException.validation([{ field: 'file', rule: 'required', message: 'send the workbook in the multipart field "file"' }]);
    return this.imports.create(actor, { kind: 'review_workbook', cycleId, unitId: null, dryRun: query.dryRun ?? false, fileName: file.originalname, content: file.buffer });
  }
}
