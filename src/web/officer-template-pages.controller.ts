import { Body, Controller, Get, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DEFAULT_WORKBOOK_LIMITS } from '../workbooks/safe-workbook';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import { UploadGate } from '../storage/upload-gate';
import type { ImportJobView } from '../submissions/imports/import-job.view';
import { ImportsService } from '../submissions/imports/imports.service';
import { ImportFileInterceptor } from '../submissions/imports/upload-interceptor';
import { SubmissionsService } from '../submissions/submissions.service';
import { TemplateService } from '../submissions/template/template.service';
import { SubmissionUploadChecks } from '../submissions/upload-checks';
import { UnitsService } from '../units/units.service';
import { Role } from '../auth/role';
import { formText, type FormBody } from './form-values';
import { localName, type Lang } from './i18n';
import { importProblemRows, officerRefusal, unitCycleUrl } from './officer-results.model';
import { sendWorkbook } from './page-download';
import { pageLang, pageT, submitForm, UnitCycle, type UnitCycleIds } from './page-handler';
import { formLockReason } from './phase-note';
import { PageUploadedFile, PageUploadInterceptor, tooLargeText, type PageUpload } from './page-upload';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { AppPage, renderPage } from './web-auth';

const PENDING = new Set(['queued', 'running']);

/**
 * The officer's Excel template pages: download the unit's template, upload a filled one (read by a job on the imports
 * queue, as through the API: ImportsService, the same upload limits), and read the import's report, which the page
 * polls until the job is done.
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerTemplatePagesController {
  constructor(
    private readonly templates: TemplateService,
    private readonly cycles: CyclesService,
    private readonly units: UnitsService,
    private readonly submissions: SubmissionsService,
    private readonly imports: ImportsService,
  ) {}

  @Get('cycles/:cycleId/units/:unitId/template')
  async page(@CurrentActor() actor: Actor, @UnitCycle() { cycleId, unitId }: UnitCycleIds, @Res() res: Response): Promise<void> {
    await this.render(res, actor, cycleId, unitId, {});
  }

  /** The unit's template with its current answers (TemplateService: the API's download). */
  @Get('cycles/:cycleId/units/:unitId/template/file')
  async download(@CurrentActor() actor: Actor, @UnitCycle() { cycleId, unitId }: UnitCycleIds, @Res() res: Response): Promise<void> {
    const file = await this.templates.download(actor, cycleId, unitId);
    sendWorkbook(res, file);
  }

  /**
   * A filled template (multipart, field `file`; the CSRF token in ?_csrf= so that it is checked before the file is read).
   * A file over the workbook limit comes back to this page, named with the limit: nothing stored, no import created.
   */
  @Post('cycles/:cycleId/units/:unitId/template')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'template'), PageUploadInterceptor(ImportFileInterceptor()))
  async upload(
    @CurrentActor() actor: Actor,
    @UnitCycle() { cycleId, unitId }: UnitCycleIds,
    @Body() body: FormBody,
    @PageUploadedFile() { file, tooLarge }: PageUpload<Express.Multer.File>,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const dryRun = formText(body.dryRun) === 'true';
    if (tooLarge) {
      const message = tooLargeText(res, 'ofc.template.tooLarge', DEFAULT_WORKBOOK_LIMITS.maxFileBytes);
      return this.render(res, actor, cycleId, unitId, { status: 413, dryRun, fileError: message, problems: [{ message, href: '#file' }] });
    }
    await submitForm(res, {
      act: async () => {
        this.submissions.assertOwnOfficer(actor, unitId);
        if (!file || file.size === 0) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('ofc.template.fileMissing') }]);
        const job = await this.imports.create(actor, { kind: 'template', cycleId, unitId, dryRun, fileName: file.originalname, content: file.buffer });
        return `${unitCycleUrl(cycleId, unitId)}/template/imports/${job.id}?done=uploaded`;
      },
      refused: officerRefusal,
      again: (refused) => {
        const fileProblem = refused.fields.find((f) => f.field === 'file');
        return this.render(res, actor, cycleId, unitId, {
          status: refused.status,
          dryRun,
          fileError: fileProblem ? t('ofc.template.fileMissing') : null,
          problems: [{ message: fileProblem ? t('ofc.template.fileMissing') : refused.message, href: '#file' }],
        });
      },
    });
  }

  /** An import of this unit's template and its report; while the job runs the page's script polls the API. */
  @Get('cycles/:cycleId/units/:unitId/template/imports/:importId')
  async report(
    @CurrentActor() actor: Actor,
    @UnitCycle() { cycleId, unitId }: UnitCycleIds,
    @Param('importId', ParseIdPipe) importId: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const job: ImportJobView = await this.imports.get(actor, importId);
    if (job.kind !== 'template' || job.cycleId !== cycleId || job.unitId !== unitId) throw DomainException.notFound('import', importId);
    const { cycle, unitName } = await this.names(cycleId, unitId, lang);
    const pending = PENDING.has(job.status);
    const base = unitCycleUrl(cycleId, unitId);
    await renderPage(res, 'app/officer-template-import.njk', {
      title: `${t('ofc.import.title')} · ${unitName}`,
      unitName,
      cycleName: localName(cycle, lang),
      job,
      pending,
      flash: done === 'uploaded' && pending ? t('ofc.import.uploaded') : null,
      problems: importProblemRows(job.report?.problems ?? [], t),
      rows: job.report?.rows ?? [],
      urls: { cycles: `${APP_PREFIX}/units/${unitId}/cycles`, form: base, template: `${base}/template`, self: `${base}/template/imports/${job.id}` },
      script: pending
        ? {
            api: `/api/v1/imports/${job.id}`,
            csrfToken: res.locals.csrfToken as string,
            statuses: Object.fromEntries(['queued', 'running', 'succeeded', 'rejected', 'failed'].map((s) => [s, t(`ofc.import.status.${s}` as 'ofc.import.status.queued')])),
          }
        : null,
    });
  }

  private async names(cycleId: string, unitId: string, lang: Lang) {
    const cycle = await this.cycles.get(cycleId);
    const unit = await this.units.get(unitId);
    return { cycle, unitName: localName(unit, lang) };
  }

  private async render(
    res: Response,
    actor: Actor,
    cycleId: string,
    unitId: string,
    options: { status?: number; dryRun?: boolean; fileError?: string | null; problems?: Array<{ message: string; href?: string }> },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const state = await this.submissions.state(actor, cycleId, unitId);
    const { cycle, unitName } = await this.names(cycleId, unitId, lang);
    // The officer's own uploads of this unit's template (an officer uploads only for its unit), newest first.
    const imports = (await this.imports.listOwn(actor, { kind: 'template', cycleId })).filter((j) => j.unitId === unitId);
    const submitted = state.submission.status === 'submitted';
    const writable = state.window.writable && !submitted;
    const base = unitCycleUrl(cycleId, unitId);
    await renderPage(
      res,
      'app/officer-template.njk',
      {
        title: `${t('ofc.template.title', { year: cycle.year })} · ${unitName}`,
        heading: t('ofc.template.title', { year: cycle.year }),
        unitName,
        cycleName: localName(cycle, lang),
        state,
        writable,
        lockedReason: formLockReason(state, t) ?? '',
        dryRun: options.dryRun ?? false,
        fileError: options.fileError ?? null,
        problems: options.problems ?? [],
        imports: imports.map((j) => ({ ...j, href: `${base}/template/imports/${j.id}` })),
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          form: base,
          file: `${base}/template/file`,
          upload: `${base}/template?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
      },
      options.status ?? 200,
    );
  }
}
