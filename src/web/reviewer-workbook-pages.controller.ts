import { Body, Controller, Get, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { DEFAULT_WORKBOOK_LIMITS } from '../workbooks/safe-workbook';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import { UploadGate } from '../storage/upload-gate';
import { AssignmentsService } from '../reviews/assignments.service';
import { canReviewNow } from '../reviews/review.can';
import { ReviewUploadChecks } from '../reviews/upload-checks';
import { ReviewWorkbookService } from '../reviews/workbook/review-workbook.service';
import type { ImportJobView } from '../submissions/imports/import-job.view';
import { ImportsService } from '../submissions/imports/imports.service';
import { ImportFileInterceptor } from '../submissions/imports/upload-interceptor';
import { Role } from '../auth/role';
import { formText, type FormBody } from './form-values';
import { localName, type Translate } from './i18n';
import { sendWorkbook } from './page-download';
import { pageLang, pageT } from './page-handler';
import { PageUploadedFile, PageUploadInterceptor, tooLargeText, type PageUpload } from './page-upload';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { AppPage, renderPage } from './web-auth';

const workbookUrl = (cycleId: string) => `${APP_PREFIX}/review/cycles/${cycleId}/workbook`;
const FINISHED = new Set(['succeeded', 'rejected', 'failed']);

/**
 * The reviewer's workbook pages: download the review workbook of the assigned units (ReviewWorkbookService), upload
 * a filled one as a job on the imports queue (ImportsService, kind review_workbook, the API's upload limits), and
 * the job's state and report (a page script follows it until it is done; without scripts a reload shows it).
 */
@ApiExcludeController()
@AppPage(Role.Reviewer)
@Controller(`${APP_PREFIX}/review`)
export class ReviewerWorkbookPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assignments: AssignmentsService,
    private readonly workbooks: ReviewWorkbookService,
    private readonly imports: ImportsService,
  ) {}

  @Get('cycles/:cycleId/workbook')
  async page(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    await this.renderWorkbook(res, actor, cycleId, {});
  }

  /** The workbook file, as the API serves it. */
  @Get('cycles/:cycleId/workbook/download')
  async download(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    const file = await this.workbooks.download(actor, cycleId);
    sendWorkbook(res, file);
  }

  /**
   * A filled workbook (multipart, field `file`; the CSRF token in ?_csrf= so it is checked before the file is read).
   * A file over the workbook limit comes back to this page, the limit named at the field: nothing stored, no import.
   */
  @Post('cycles/:cycleId/workbook')
  @UseInterceptors(UploadGate(ReviewUploadChecks, 'workbook'), PageUploadInterceptor(ImportFileInterceptor()))
  async upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() body: FormBody,
    @PageUploadedFile() { file, tooLarge }: PageUpload<Express.Multer.File>,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const dryRun = formText(body.dryRun) === 'true';
    if (tooLarge) {
      const problem = tooLargeText(res, 'reviewer.wb.tooLarge', DEFAULT_WORKBOOK_LIMITS.maxFileBytes);
      await this.renderWorkbook(res, actor, cycleId, { status: 413, dryRun, problem });
      return;
    }
    if (!file || file.size === 0) {
      await this.renderWorkbook(res, actor, cycleId, { status: 422, dryRun, problem: t('reviewer.wb.fileMissing') });
      return;
    }
    const job = await this.imports.create(actor, { kind: 'review_workbook', cycleId, unitId: null, dryRun, fileName: file.originalname, content: file.buffer });
    res.redirect(303, `${workbookUrl(cycleId)}/imports/${job.id}`);
  }

  /** An upload's state and report; only the reviewer who sent it sees it (ImportsService.get), and only under its cycle. */
  @Get('cycles/:cycleId/workbook/imports/:importId')
  async importPage(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('importId', ParseIdPipe) importId: string,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const job: ImportJobView = await this.imports.get(actor, importId);
    if (job.kind !== 'review_workbook' || job.cycleId !== cycleId) throw DomainException.notFound('import', importId);
    const cycle = await this.cycles.get(cycleId);
    const finished = FINISHED.has(job.status);
    await renderPage(res, 'app/review-workbook-import.njk', {
      title: t('reviewer.wb.importTitle', { file: job.fileName }),
      cycle,
      cycleName: localName(cycle, lang),
      cycleUrl: `${APP_PREFIX}/review/cycles/${cycleId}`,
      workbookUrl: workbookUrl(cycleId),
      job,
      finished,
      problems: job.report?.problems ?? [],
      script: { id: job.id, csrfToken: res.locals.csrfToken as string, statuses: statusWords(t) },
    });
  }

  private async renderWorkbook(res: Response, actor: Actor, cycleId: string, options: { status?: number; dryRun?: boolean; problem?: string }): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycle = await this.cycles.get(cycleId);
    const units = await this.assignments.workload(actor, cycleId);
    const recent = (await this.imports.listOwn(actor, { kind: 'review_workbook', cycleId })).map((job) => ({ ...job, href: `${workbookUrl(cycleId)}/imports/${job.id}` }));
    const cycleName = localName(cycle, lang);
    await renderPage(
      res,
      'app/review-workbook.njk',
      {
        title: t('reviewer.wb.title', { cycle: cycleName }),
        cycle,
        cycleName,
        cycleUrl: `${APP_PREFIX}/review/cycles/${cycleId}`,
        units,
        downloadUrl: `${workbookUrl(cycleId)}/download`,
        uploadAction: `${workbookUrl(cycleId)}?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        editable: canReviewNow(cycle.phase),
        recent,
        dryRun: options.dryRun ?? false,
        problem: options.problem ?? null,
      },
      options.status ?? 200,
    );
  }
}

function statusWords(t: Translate): Record<string, string> {
  return Object.fromEntries(['queued', 'running', 'succeeded', 'rejected', 'failed'].map((s) => [s, t(`reviewer.wb.status.${s}` as Parameters<Translate>[0])]));
}
