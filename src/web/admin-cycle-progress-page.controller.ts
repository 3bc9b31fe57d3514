import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { InjectClock, type Clock } from '../common/clock';
import { ParseIdPipe } from '../common/validators';
import { CyclePhase } from '../cycles/cycle-phase';
import { RemindDto } from '../notices/dto/remind.dto';
import { NoticesService } from '../notices/notices.service';
import { sendAuditExport } from './audit-export';
import { CycleProgressReader } from './cycle-progress.reader';
import { progressExport, type ProgressExportFormat } from './cycle-progress-export';
import { PROGRESS_COLUMNS, progressSort, sortRows, summarize, type ProgressSort, type SortDirection } from './cycle-progress.model';
import { formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { labelledRefusal } from './refusal';
import { APP_PREFIX } from './session';
import { formatNumber } from './view-setup';
import { AppPage, renderPage } from './web-auth';

export const progressUrl = (cycleId: string) => `${APP_PREFIX}/admin/cycles/${cycleId}/progress`;

/** A form's checkboxes: one value is a string, several an array. */
const checked = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/**
 * The administrator's view of a cycle's submissions while it runs: each unit submitted, in progress or not started,
 * with its answers and last save, sortable, exportable (CSV, XLSX), and the reminder to those that have not submitted
 * (NoticesService.remind: a notice on their officers' home and a mail in the outbox).
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminCycleProgressPageController {
  constructor(
    private readonly progressOf: CycleProgressReader,
    private readonly notices: NoticesService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  @Get('cycles/:cycleId/progress')
  async progress(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const order = progressSort(formText(query.sort), formText(query.dir));
    const flash = await doneFlash(formText(query.done), {
      reminded: () => {
        const reminded = Number(formText(query.reminded)) || 0;
        const skipped = Number(formText(query.skipped)) || 0;
        if (reminded === 0) return t('ca.progress.remindedNone');
        return skipped ? t('ca.progress.remindedSkipped', { count: reminded, skipped }) : t('ca.progress.remindedCount', { count: reminded });
      },
    });
    await this.render(res, cycleId, order, { flash });
  }

  /** The page's rows, in its order, as a file in the page's language. */
  @Get('cycles/:cycleId/progress/export')
  async export(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const order = progressSort(formText(query.sort), formText(query.dir));
    const format: ProgressExportFormat = formText(query.format) === 'xlsx' ? 'xlsx' : 'csv';
    const { cycle, rows } = await this.progressOf.read(cycleId);
    const sorted = sortRows(rows, order.sort, order.dir, lang);
    sendAuditExport(res, await progressExport(sorted, summarize(rows), { name: localName(cycle, lang), year: cycle.year }, format, t, lang, this.clock.now()));
  }

  /** Reminds the units ticked, or every unit that has not submitted (the button's scope), with the words typed. */
  @Post('cycles/:cycleId/progress/reminders')
  async remind(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const all = formText(body.scope) === 'all';
    const unitIds = checked(body.unitId).filter((id) => isUUID(id));
    const message = formText(body.message).trim();
    const order = progressSort(formText(body.sort), formText(body.dir));
    const typed = { unitIds, message };
    const label = (p: { field: string }) => (p.field === 'message' ? t('ca.progress.message') : p.field === 'unitIds' ? t('ca.progress.unit') : p.field);
    if (!all && unitIds.length === 0) return this.render(res, cycleId, order, { status: 422, problems: [t('ca.progress.chooseUnits')], typed });
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(RemindDto, { ...(all ? {} : { unitIds }), ...(message ? { message } : {}) });
        const result = await this.notices.remind(actor, cycleId, { unitIds: dto.unitIds, message: dto.message ?? null });
        const params = new URLSearchParams({ done: 'reminded', reminded: String(result.reminded.length), skipped: String(result.skipped.length), sort: order.sort, dir: order.dir });
        return `${progressUrl(cycleId)}?${params.toString()}`;
      },
      refused: (error) => labelledRefusal(error, t, label),
      again: ({ status, problems }) => this.render(res, cycleId, order, { status, problems, typed }),
    });
  }

  private async render(
    res: Response,
    cycleId: string,
    order: { sort: ProgressSort; dir: SortDirection },
    options: { status?: number; flash?: string | null; problems?: string[]; typed?: { unitIds: string[]; message: string } },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const { cycle, rows } = await this.progressOf.read(cycleId);
    const summary = summarize(rows);
    const sorted = sortRows(rows, order.sort, order.dir, lang);
    const base = progressUrl(cycleId);
    const link = (params: Record<string, string>) => `${base}?${new URLSearchParams(params).toString()}`;
    const typed = options.typed ?? { unitIds: [], message: '' };
    await renderPage(
      res,
      'app/admin-cycle-progress.njk',
      {
        title: t('ca.progress.title', { cycle: localName(cycle, lang) }),
        cycle,
        cycleName: localName(cycle, lang),
        summary,
        rate: formatNumber(summary.rate * 100, 0, lang),
        rows: sorted,
        columns: PROGRESS_COLUMNS.map((c) => ({
          header: c.header,
          num: c.kind === 'number',
          sortable: c.sort !== null,
          // aria-sort on the column the rows are sorted by; its link turns the order round.
          ariaSort: c.sort === order.sort ? (order.dir === 'asc' ? 'ascending' : 'descending') : null,
          href: c.sort ? link({ sort: c.sort, dir: c.sort === order.sort && order.dir === 'asc' ? 'desc' : 'asc' }) : null,
        })),
        order,
        exports: (['csv', 'xlsx'] as const).map((format) => ({ format, href: `${base}/export?${new URLSearchParams({ format, sort: order.sort, dir: order.dir }).toString()}` })),
        open: cycle.phase === CyclePhase.Open,
        phaseName: t(`phase.${cycle.phase}` as never),
        typed,
        flash: options.flash ?? null,
        problems: (options.problems ?? []).map((message) => ({ message })),
      },
      options.status ?? 200,
    );
  }
}
