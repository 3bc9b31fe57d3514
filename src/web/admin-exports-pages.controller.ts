import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { type FieldProblem } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import { CreateExportDto, EXPORT_KINDS } from '../exports/dto/create-export.dto';
import { ExportsService } from '../exports/exports.service';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';
import { PublicationsService } from '../publications/publications.service';
import { Role } from '../auth/role';
import { formText, type FormBody } from './form-values';
import { localName, type MessageKey } from './i18n';
import { pageLang, pageT, submitForm, validDto } from './page-handler';
import { labelledRefusal } from './refusal';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const EXPORTS_URL = `${APP_PREFIX}/admin/exports`;
const REQUEST_FIELDS = ['kind', 'publicationId', 'unitCode', 'cycleId'] as const;
type Typed = Record<(typeof REQUEST_FIELDS)[number], string>;

/**
 * The administrator's export jobs on ExportsService and its rules: request a workbook (a publication's ranking, a
 * unit's score card, a cycle's data), follow its progress (job-progress.js polls the JSON API; a reload shows the same),
 * and download the finished file through the service's download rules.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminExportsPagesController {
  constructor(
    private readonly exports: ExportsService,
    private readonly cycles: CyclesService,
    private readonly publications: PublicationsService,
  ) {}

  /** The exports, all or of one cycle (?cycleId=), newest first, and the request forms. */
  @Get('exports')
  async list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const done = formText(query.done);
    const kind = formText(query.kind);
    const flash =
      done === 'requested' && (EXPORT_KINDS as string[]).includes(kind)
        ? t(formText(query.created) === 'false' ? 'ca.requestedExisting' : 'ca.requested', { kind: t(`ca.kind.${kind}` as MessageKey) })
        : null;
    const cycleId = formText(query.cycleId);
    await this.render(res, actor, { flash, cycleId: isUUID(cycleId) ? cycleId : '' });
  }

  /** Asks for a workbook with the fields its kind takes (the service refuses missing and extra ones, with the field). */
  @Post('exports')
  async request(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const typed = Object.fromEntries(REQUEST_FIELDS.map((f) => [f, formText(body[f]).trim()])) as Typed;
    const filter = formText(body.filterCycleId);
    const plain: Record<string, string> = {};
    for (const f of REQUEST_FIELDS) if (typed[f]) plain[f] = typed[f];
    const label = (p: FieldProblem) => ((REQUEST_FIELDS as readonly string[]).includes(p.field) ? t(`ca.field.${p.field}` as MessageKey) : p.field);
    await submitForm(res, {
      act: async () => {
        const { job, created } = await this.exports.request(actor, await validDto(CreateExportDto, plain));
        const params = new URLSearchParams({ done: 'requested', kind: job.kind, created: String(created) });
        if (isUUID(filter)) params.set('cycleId', filter);
        return `${EXPORTS_URL}?${params.toString()}#job-${job.id}`;
      },
      refused: (error) => labelledRefusal(error, t, label),
      again: ({ status, problems }) => this.render(res, actor, { status, typed, problems, cycleId: isUUID(filter) ? filter : '' }),
    });
  }

  /** The finished workbook, streamed through ExportsService.download (its rules: who may read it, 409 before it is made). */
  @Get('exports/:exportId/download')
  async download(@CurrentActor() actor: Actor, @Param('exportId', ParseIdPipe) exportId: string, @Res() res: Response): Promise<void> {
    const file = await this.exports.download(actor, exportId);
    res.status(200);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await new Promise<void>((resolve, reject) => {
      file.stream.on('error', reject);
      res.on('finish', resolve);
      res.on('close', resolve);
      file.stream.pipe(res);
    });
  }

  private async render(
    res: Response,
    actor: Actor,
    options: { status?: number; flash?: string | null; typed?: Typed; problems?: string[]; cycleId: string },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycles = (await this.cycles.list({ series: 'yearly', page: 1, pageSize: 200 } as ListCyclesQuery)).items;
    const cycleNames = new Map(cycles.map((c) => [c.id, localName(c, lang)]));
    const publications = (await Promise.all(cycles.map((c) => this.publications.list(c.id)))).flat().reverse();
    const publicationLabel = new Map(
      publications.map((p) => [p.id, t('ca.publicationLabel', { cycle: cycleNames.get(p.cycleId) ?? `${p.year} ${p.level}`, version: p.version })]),
    );
    const filterCycle = options.cycleId ? cycles.find((c) => c.id === options.cycleId) : undefined;
    const jobs = await this.exports.list(actor, { cycleId: filterCycle?.id, limit: 100 });
    const latestOfCycle = filterCycle ? publications.find((p) => p.cycleId === filterCycle.id) : undefined;
    // Each form starts with the cycle's latest publication (or the cycle); the refused one shows what was typed.
    const start: Typed = { kind: '', publicationId: latestOfCycle?.id ?? '', unitCode: '', cycleId: filterCycle?.id ?? '' };
    const forms = Object.fromEntries(EXPORT_KINDS.map((kind) => [kind, options.typed?.kind === kind ? options.typed : start]));
    await renderPage(
      res,
      'app/admin-exports.njk',
      {
        title: t('ca.exportsTitle'),
        filterCycle: filterCycle ? { id: filterCycle.id, name: localName(filterCycle, lang) } : null,
        cycles: cycles.map((c) => ({ id: c.id, name: localName(c, lang) })),
        publications: publications.map((p) => ({ id: p.id, label: publicationLabel.get(p.id) })),
        forms,
        jobs: jobs.map((j) => ({
          ...j,
          what:
            j.kind === 'cycle_data'
              ? (cycleNames.get(j.params.cycleId) ?? j.params.cycleId)
              : `${publicationLabel.get(j.params.publicationId) ?? j.params.publicationId}${j.params.unitCode ? ` · ${j.params.unitCode}` : ''}`,
          href: j.status === 'succeeded' ? `${EXPORTS_URL}/${j.id}/download` : null,
          kb: j.sizeBytes === null ? null : Math.max(1, Math.round(j.sizeBytes / 1024)),
        })),
        flash: options.flash ?? null,
        problems: (options.problems ?? []).map((message) => ({ message })),
        script: {
          csrfToken: res.locals.csrfToken as string,
          statuses: { queued: t('admin.status.queued'), running: t('admin.status.running'), succeeded: t('admin.status.succeeded'), failed: t('admin.status.failed') },
        },
      },
      options.status ?? 200,
    );
  }
}
