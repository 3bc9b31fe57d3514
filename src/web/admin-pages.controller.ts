import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ListAuditQuery } from '../audit/dto/list-audit.query';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ERROR_STATUS } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { PHASE_TRANSITIONS, type CyclePhase } from '../cycles/cycle-phase';
import { CyclesService } from '../cycles/cycles.service';
import { CreateCycleDto } from '../cycles/dto/create-cycle.dto';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import { MoveCycleDto } from '../cycles/dto/move-cycle.dto';
import type { ListFrameworksQuery } from '../frameworks/dto/list-frameworks.query';
import { FrameworksService } from '../frameworks/frameworks.service';
import { CorrectPublicationDto, PublishDto } from '../publications/dto/publish.dto';
import { PublicationIntegrityService } from '../publications/publication-integrity.service';
import { publicationCan } from '../publications/publication.can';
import { PublicationsService } from '../publications/publications.service';
import { canScore } from '../scoring/scoring.can';
import { ScoringService } from '../scoring/scoring.service';
import { UNIT_LEVELS } from '../units/unit-level';
import { Role } from '../auth/role';
import { problemText } from './field-problem';
import { checkWithDto, formNumber, formText, type FormBody } from './form-values';
import { localName, type Lang, type Translate } from './i18n';
import { refusalLines, serviceRefusal } from './refusal';
import { runJobNote, RUN_JOB_NOTES } from './run-job-note';
import { APP_PREFIX } from './session';
import { formatDate } from './view-setup';
import { AppPage, renderPage } from './web-auth';

const cycleUrl = (id: string) => `${APP_PREFIX}/admin/cycles/${id}`;
const CREATE_FIELDS = ['year', 'level', 'frameworkId', 'nameVi', 'nameEn', 'opensAt', 'closesAt'] as const;
const AUDIT_FIELDS = ['entityType', 'entityId', 'actorId', 'action', 'from', 'to'] as const;

/** A refusal of a service as a list of messages for the page, in its language (serviceRefusal); null for anything else. */
function refusalMessages(error: unknown, t: Translate): string[] | null {
  const refusal = serviceRefusal(error, t);
  return refusal ? refusalLines(refusal) : null;
}

/**
 * The administrator's pages: cycles (create, open, move phases), score runs with live progress, publication and
 * correction, and the audit log with filters; each action through the feature's service and its rules.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly scoring: ScoringService,
    private readonly publications: PublicationsService,
    private readonly integrity: PublicationIntegrityService,
    private readonly audit: AuditService,
  ) {}

  @Get('cycles')
  async list(@Res() res: Response): Promise<void> {
    await this.renderCycles(res, {});
  }

  @Post('cycles')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const typed: Record<string, string> = Object.fromEntries(CREATE_FIELDS.map((f) => [f, formText(body[f]).trim()]));
    const plain: Record<string, unknown> = { ...typed, year: formNumber(typed.year) };
    if (!typed.nameEn) delete plain.nameEn;
    try {
      const checked = await checkWithDto(CreateCycleDto, plain);
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      const cycle = await this.cycles.create(actor, checked.dto);
      return res.redirect(303, `${cycleUrl(cycle.id)}?done=created`);
    } catch (error) {
      const problems = refusalMessages(error, t);
      if (!problems) throw error;
      await this.renderCycles(res, { status: 422, typed, problems });
    }
  }

  @Get('cycles/:cycleId')
  async cycle(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const done = formText(query.done);
    const flash =
      done === 'created'
        ? t('admin.created', { name: (await this.cycles.get(cycleId)).nameVi })
        : done === 'moved'
          ? t('admin.moved', { phase: t(`phase.${formText(query.phase)}` as never) })
          : done === 'run'
            ? t(formText(query.created) === 'false' ? 'admin.runExisting' : 'admin.runRequested')
            : done === 'published'
              ? t('admin.published', { version: formText(query.version).slice(0, 6) })
              : null;
    await this.renderCycle(res, cycleId, { flash });
  }

  @Post('cycles/:cycleId/phase')
  async move(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const reason = formText(body.reason).trim();
    const plain: Record<string, unknown> = { to: formText(body.to), rowVersion: formNumber(formText(body.rowVersion)) };
    if (reason) plain.reason = reason;
    try {
      const checked = await checkWithDto(MoveCycleDto, plain);
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      const moved = await this.cycles.move(actor, cycleId, checked.dto);
      return res.redirect(303, `${cycleUrl(cycleId)}?done=moved&phase=${moved.phase}`);
    } catch (error) {
      const problems = refusalMessages(error, t);
      if (!problems) throw error;
      await this.renderCycle(res, cycleId, { status: 409, problems, reason });
    }
  }

  @Post('cycles/:cycleId/score-runs')
  async run(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    try {
      const { created } = await this.scoring.requestRun(actor, cycleId);
      return res.redirect(303, `${cycleUrl(cycleId)}?done=run&created=${created}#runs`);
    } catch (error) {
      const problems = refusalMessages(error, t);
      if (!problems) throw error;
      await this.renderCycle(res, cycleId, { status: 409, problems });
    }
  }

  /** Publishes a run (version 1), or corrects the publication with a later run and a reason. */
  @Post('cycles/:cycleId/publications')
  async publish(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const runId = formText(body.runId);
    const reason = formText(body.reason).trim();
    const correcting = formText(body.mode) === 'correct';
    try {
      let version: number;
      if (correcting) {
        const checked = await checkWithDto(CorrectPublicationDto, { runId, reason });
        if (checked.problems.length) throw DomainException.validation(checked.problems);
        version = (await this.publications.correct(actor, cycleId, runId, checked.dto.reason)).version;
      } else {
        const checked = await checkWithDto(PublishDto, { runId });
        if (checked.problems.length) throw DomainException.validation(checked.problems);
        version = (await this.publications.publish(actor, cycleId, runId)).version;
      }
      return res.redirect(303, `${cycleUrl(cycleId)}?done=published&version=${version}`);
    } catch (error) {
      const problems = refusalMessages(error, t);
      if (!problems) throw error;
      const status = error instanceof DomainException ? ERROR_STATUS[error.code] : 409;
      await this.renderCycle(res, cycleId, { status, problems, correction: correcting ? { runId, reason } : null });
    }
  }

  /** The audit log, filtered by the API's own query rules (ListAuditQuery), newest first, 50 a page. */
  @Get('audit')
  async auditLog(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const filters: Record<string, string> = Object.fromEntries(AUDIT_FIELDS.map((f) => [f, formText(query[f]).trim()]));
    const plain: Record<string, unknown> = { page: formNumber(formText(query.page)) ?? 1, pageSize: 50 };
    for (const f of AUDIT_FIELDS) if (filters[f]) plain[f] = filters[f];
    const checked = await checkWithDto(ListAuditQuery, plain);
    const problems = checked.problems.map((p) => `${t(`audit.${p.field}` as never)}: ${problemText(t, p)}`);
    const page = problems.length ? null : await this.audit.list(checked.dto);
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    const link = (n: number) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      params.set('page', String(n));
      return `${APP_PREFIX}/admin/audit?${params.toString()}`;
    };
    await renderPage(
      res,
      'app/audit.njk',
      {
        title: t('audit.title'),
        filters,
        problems: problems.map((message) => ({ message })),
        page,
        pages,
        entries: (page?.items ?? []).map((e) => ({ ...e, change: JSON.stringify({ before: e.before, after: e.after }, null, 1).slice(0, 2000) })),
        prev: page && page.page > 1 ? link(page.page - 1) : null,
        next: page && page.page < pages ? link(page.page + 1) : null,
      },
      problems.length ? 400 : 200,
    );
  }

  private async renderCycles(res: Response, options: { status?: number; typed?: Record<string, string>; problems?: string[] }): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const cycles = await this.cycles.list({ page: 1, pageSize: 200 } as ListCyclesQuery);
    const frameworks = await this.frameworks.list({ page: 1, pageSize: 200 } as ListFrameworksQuery);
    // The scheduled check's alert, on the page an administrator opens first.
    const mismatched = await this.integrity.mismatched();
    const cycleNames = new Map(cycles.items.map((c) => [c.id, localName(c, lang)]));
    await renderPage(
      res,
      'app/admin-cycles.njk',
      {
        title: t('admin.cycles'),
        cycles: cycles.items.map((c) => ({ ...c, name: localName(c, lang), href: cycleUrl(c.id) })),
        integrityAlerts: mismatched.map((m) => ({
          href: cycleUrl(m.cycleId),
          text: t('ca.integrityLine', {
            cycle: cycleNames.get(m.cycleId) ?? `${m.year} ${m.level}`,
            version: m.version,
            count: m.problemCount,
            at: formatDate(m.checkedAt),
          }),
        })),
        frameworks: frameworks.items,
        levels: UNIT_LEVELS,
        typed: options.typed ?? { year: String(new Date().getFullYear() - 1), level: 'province', frameworkId: '', nameVi: '', nameEn: '', opensAt: '', closesAt: '' },
        problems: (options.problems ?? []).map((message) => ({ message })),
      },
      options.status ?? 200,
    );
  }

  private async renderCycle(
    res: Response,
    cycleId: string,
    options: { status?: number; flash?: string | null; problems?: string[]; reason?: string; correction?: { runId: string; reason: string } | null },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const cycle = await this.cycles.get(cycleId);
    const [participants, runs, publications, mismatched] = await Promise.all([
      this.cycles.participants(cycleId),
      this.scoring.listRuns(cycleId),
      this.publications.list(cycleId),
      this.integrity.mismatched(),
    ]);
    const published = publications.length > 0;
    const can = publicationCan(cycle.phase, published);
    const mismatchOf = new Map(mismatched.map((m) => [m.publicationId, m]));
    await renderPage(
      res,
      'app/admin-cycle.njk',
      {
        title: localName(cycle, lang),
        cycle,
        participants: participants.length,
        moves: PHASE_TRANSITIONS[cycle.phase as CyclePhase],
        runs: runs.map((r) => ({
          id: r.id,
          status: r.status,
          progress: r.progress,
          unitCount: r.unitCount,
          resultsHash: r.resultsHash,
          createdAt: r.createdAt,
          error: r.error,
          note: runJobNote(r.job, t),
        })),
        canRun: canScore(cycle.phase),
        canPublish: can.publish,
        canCorrect: can.correct,
        publications: publications.map((p) => {
          const mismatch = mismatchOf.get(p.id);
          return {
            ...p,
            href: `/rankings/${p.year}/${p.level}?version=${p.version}`,
            mismatch: mismatch
              ? { text: t('ca.integrityMismatch', { count: mismatch.problemCount, at: formatDate(mismatch.checkedAt) }), problems: mismatch.problems }
              : null,
          };
        }),
        rankingUrl: published ? `/rankings/${cycle.year}/${cycle.level}` : null,
        flash: options.flash ?? null,
        problems: (options.problems ?? []).map((message) => ({ message })),
        reason: options.reason ?? '',
        correction: options.correction ?? null,
        script: {
          csrfToken: res.locals.csrfToken as string,
          statuses: { queued: t('admin.status.queued'), running: t('admin.status.running'), succeeded: t('admin.status.succeeded'), failed: t('admin.status.failed') },
          notes: Object.fromEntries(RUN_JOB_NOTES.map((key) => [key.slice('admin.'.length), t(key)])),
        },
      },
      options.status ?? 200,
    );
  }
}
