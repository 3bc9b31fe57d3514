import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { AnalysisService } from '../analysis/analysis.service';
import { RequestAnalysisDto } from '../analysis/dto/request-analysis.dto';
import { ANALYSIS_NORMALISATIONS } from '../analysis/analysis-spec';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { ERROR_STATUS } from '../common/error-code';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { PHASE_TRANSITIONS, type CyclePhase } from '../cycles/cycle-phase';
import { CyclesService } from '../cycles/cycles.service';
import { MoveCycleDto } from '../cycles/dto/move-cycle.dto';
import { CorrectPublicationDto, PublishDto } from '../publications/dto/publish.dto';
import { publicationCan } from '../publications/publication.can';
import { PublicationIntegrityService } from '../publications/publication-integrity.service';
import type { PublicationJobView } from '../publications/publication-job.view';
import { PublicationJobsService, refusalOf } from '../publications/publication-jobs.service';
import { PublicationsService } from '../publications/publications.service';
import { canScore } from '../scoring/scoring.can';
import { MonitoredValuesService } from '../monitoring/monitored-values.service';
import { ScoringService } from '../scoring/scoring.service';
import { analysisFieldLabels, analysisRequestOf, inPercent, analysisRows, analysisTyped, ANALYSIS_FORM_DEFAULTS, publishChoices, type AnalysisTyped } from './admin-cycle-analyses.model';
import { cycleUrl } from './admin-cycles-pages.controller';
import { catalogRefusal, type Refusal } from './catalog-forms';
import { formNumber, formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { refusalMessages } from './refusal';
import { runJobNote, RUN_JOB_NOTES } from './run-job-note';
import { APP_PREFIX } from './session';
import { formatDate } from './view-setup';
import { AppPage, renderPage } from './web-auth';

/**
 * The administrator's page of one cycle: its phase moves, score runs with live progress, publication and correction,
 * each action through the feature's service and its rules, which also say what the page offers now.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminCyclePagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly scoring: ScoringService,
    private readonly publications: PublicationsService,
    private readonly integrity: PublicationIntegrityService,
    private readonly monitored: MonitoredValuesService,
    private readonly analyses: AnalysisService,
    private readonly publicationJobs: PublicationJobsService,
    private readonly config: AppConfig,
  ) {}

  @Get('cycles/:cycleId')
  async cycle(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const publishing = formText(query.done) === 'publishing' ? await this.publishingJob(cycleId, formText(query.job)) : null;
    const flash = await doneFlash(formText(query.done), {
      created: async () => t('admin.created', { name: (await this.cycles.get(cycleId)).nameVi }),
      moved: () => t('admin.moved', { phase: t(`phase.${formText(query.phase)}` as never) }),
      run: () => t(formText(query.created) === 'false' ? 'admin.runExisting' : 'admin.runRequested'),
      published: () => t('admin.published', { version: formText(query.version).slice(0, 6) }),
      publishing: () => publishing && publishingFlash(publishing, t),
      fromMonitoring: () => t('mta.fromMonitoringDone', { written: Number(formText(query.written)) || 0 }),
      analysis: () => t(formText(query.created) === 'false' ? 'ana.existing' : 'ana.requested'),
    });
    // Publishing still under way when the page was answered: a link to this same address, to see it done.
    const underWay = publishing && (publishing.status === 'queued' || publishing.status === 'running');
    await this.renderCycle(res, cycleId, { flash, reload: underWay ? `${cycleUrl(cycleId)}?done=publishing&job=${publishing.id}` : null });
  }

  /** The publication job of this cycle that the page's publish form queued (the `job` of its address), or null. */
  private async publishingJob(cycleId: string, jobId: string): Promise<PublicationJobView | null> {
    if (!isUUID(jobId)) return null;
    const job = await this.publicationJobs.view(jobId).catch(() => null);
    return job?.cycleId === cycleId ? job : null;
  }

  @Post('cycles/:cycleId/phase')
  async move(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const reason = formText(body.reason).trim();
    const plain: Record<string, unknown> = { to: formText(body.to), rowVersion: formNumber(formText(body.rowVersion)) };
    if (reason) plain.reason = reason;
    await submitForm(res, {
      act: async () => {
        const moved = await this.cycles.move(actor, cycleId, await validDto(MoveCycleDto, plain));
        return `${cycleUrl(cycleId)}?done=moved&phase=${moved.phase}`;
      },
      refused: refusalMessages,
      again: (problems) => this.renderCycle(res, cycleId, { status: 409, problems, reason }),
    });
  }

  @Post('cycles/:cycleId/score-runs')
  async run(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    await submitForm(res, {
      act: async () => {
        const { created } = await this.scoring.requestRun(actor, cycleId);
        return `${cycleUrl(cycleId)}?done=run&created=${created}#runs`;
      },
      refused: refusalMessages,
      again: (problems) => this.renderCycle(res, cycleId, { status: 409, problems }),
    });
  }

  /** The yearly cycle's monitored leaves take their values from the monthly series (MonitoredValuesService's rules). */
  @Post('cycles/:cycleId/from-monitoring')
  async fromMonitoring(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    await submitForm(res, {
      act: async () => {
        const { written } = await this.monitored.takeFromMonitoring(actor, cycleId);
        return `${cycleUrl(cycleId)}?done=fromMonitoring&written=${written}#from-monitoring`;
      },
      refused: (error, t) => {
        const problems = refusalMessages(error, t);
        return problems && { problems, status: error instanceof DomainException ? ERROR_STATUS[error.code] : 409 };
      },
      again: ({ status, problems }) => this.renderCycle(res, cycleId, { status, problems }),
    });
  }

  /**
   * Asks how sure the ranks are (issue #22): the form as the API's request, checked by its DTO and decided by
   * AnalysisService as POST /api/v1/cycles/:cycleId/analyses is; a refusal is shown beside its field.
   */
  @Post('cycles/:cycleId/analyses')
  async analyse(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed = analysisTyped(body);
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(RequestAnalysisDto, analysisRequestOf(typed));
        const { created } = await this.analyses.request(actor, cycleId, dto);
        return `${cycleUrl(cycleId)}?done=analysis&created=${created}#analyses`;
      },
      refused: (error, t) => {
        const refusal = catalogRefusal(error, t, analysisFieldLabels(t));
        return refusal && inPercent(refusal, t);
      },
      again: (refusal) => this.renderCycle(res, cycleId, { status: refusal.status, analysis: { typed, refusal } }),
    });
  }

  /** Publishes a run (version 1), or corrects the publication with a later run and a reason. */
  @Post('cycles/:cycleId/publications')
  async publish(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const runId = formText(body.runId);
    const reason = formText(body.reason).trim();
    const correcting = formText(body.mode) === 'correct';
    // The analysis frozen with the run: the one chosen, else (empty) the service's default, the run's latest succeeded.
    const analysisId = formText(body.analysisId) || undefined;
    await submitForm(res, {
      act: async () => {
        // A job, waited for as the API's request waits (PUBLISH_WAIT_MS); one still under way shows on the page.
        const ask = correcting
          ? { kind: 'correct' as const, runId, reason: (await validDto(CorrectPublicationDto, { runId, reason, analysisId })).reason, analysisId }
          : { kind: 'publish' as const, runId, analysisId: (await validDto(PublishDto, { runId, analysisId })).analysisId };
        const { publication, job } = await this.publicationJobs.publishOrQueue(actor, cycleId, ask, this.config.PUBLISH_WAIT_MS);
        if (!publication) return `${cycleUrl(cycleId)}?done=publishing&job=${job.id}`;
        return `${cycleUrl(cycleId)}?done=published&version=${publication.version}`;
      },
      refused: (error, t) => {
        const problems = refusalMessages(error, t);
        return problems && { problems, status: error instanceof DomainException ? ERROR_STATUS[error.code] : 409 };
      },
      again: ({ status, problems }) => this.renderCycle(res, cycleId, { status, problems, correction: correcting ? { runId, reason } : null }),
    });
  }

  private async renderCycle(
    res: Response,
    cycleId: string,
    options: {
      status?: number;
      flash?: string | null;
      /** The address that shows a publication job the page queued done, once it is (a link beside the flash). */
      reload?: string | null;
      problems?: string[];
      reason?: string;
      correction?: { runId: string; reason: string } | null;
      analysis?: { typed: AnalysisTyped; refusal: Refusal };
    },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycle = await this.cycles.get(cycleId);
    const [participants, runs, publications, mismatched, monitored, analyses, pending] = await Promise.all([
      this.cycles.participants(cycleId),
      this.scoring.listRuns(cycleId),
      this.publications.list(cycleId),
      this.integrity.mismatched(),
      this.monitored.monitoredLeaves(cycleId),
      this.analyses.list(cycleId),
      this.publicationJobs.underWay(cycleId),
    ]);
    const analysisList = analysisRows(analyses, runs, new Map(publications.map((p) => [p.id, p.version])), t);
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
          analysisChoices: publishChoices(analysisList, r.id),
        })),
        canRun: canScore(cycle.phase),
        // A publication job under way: no other publish or correct until it is done (the page says so, once).
        canPublish: can.publish && !pending,
        canCorrect: can.correct && !pending,
        publishingPending:
          pending && !options.reload
            ? { text: publishingFlash(pending, t), href: `${cycleUrl(cycleId)}?done=publishing&job=${pending.id}` }
            : null,
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
        analysis: {
          canAsk: runs.some((r) => r.status === 'succeeded'),
          typed: options.analysis?.typed ?? ANALYSIS_FORM_DEFAULTS,
          problems: options.analysis?.refusal.problems ?? [],
          errors: options.analysis?.refusal.byField ?? {},
          rows: analysisList,
          pending: analysisList.some((a) => a.status === 'queued' || a.status === 'running'),
          methods: ANALYSIS_NORMALISATIONS,
        },
        fromMonitoring: monitored.canTake
          ? t('mta.fromMonitoringHint', { year: cycle.year, leaves: monitored.leaves.map((l) => `${l.code} ← ${l.monitored.framework} ${l.monitored.indicator}`).join(', ') })
          : null,
        flash: options.flash ?? null,
        publishingReload: options.reload ?? null,
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

/** Where a publication job the page queued stands now: published, refused (why), or still under way (how far). */
function publishingFlash(job: PublicationJobView, t: ReturnType<typeof pageT>): string {
  const version = String(job.version);
  if (job.status === 'succeeded') return t('admin.published', { version });
  if (job.status === 'failed') return t('admin.publishingFailed', { version, message: (refusalMessages(refusalOf(job), t) ?? []).join(' ') });
  return t('admin.publishing', { version, progress: String(job.progress) });
}
