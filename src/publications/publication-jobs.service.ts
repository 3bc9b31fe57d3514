import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../auth/actor';
import { canonicalHash } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import { CyclesService } from '../cycles/cycles.service';
import { findCycleScoreRun } from '../scoring/score-runs.queries';
import { PublicationJob, type PublicationJobKind } from './publication-job.entity';
import { toPublicationJobView, type PublicationJobView } from './publication-job.view';
import { Publication } from './publication.entity';
import { canCorrect, canPublish } from './publication.can';
import { PublicationProducer } from './publication.producer';
import { toView, type PublicationView } from './publication.view';
import { SnapshotSectionRegistry } from './snapshot-section.registry';

/** What a publish or correct request asks for. */
export interface PublicationAsk {
  kind: PublicationJobKind;
  runId: string;
  /** A correction's reason. */
  reason?: string;
  analysisId?: string;
}

/** A request answered: its publication, made within the wait, or its job still under way. */
export type PublicationAnswer = { publication: PublicationView; job: PublicationJobView } | { publication: null; job: PublicationJobView };

/** How often a waiting request reads its job's row: a publication takes seconds, a tenth of that is not noticed. */
const POLL_MS = 200;

/**
 * Publishing and correcting as jobs on the publication queue (issue #23), one publication_jobs row per request. What
 * can be checked cheaply is checked before anything is stored or queued, with the refusals PublicationsService gives
 * (the cycle and its phase, the run of the cycle and succeeded, the analysis named): the common mistakes stay an
 * immediate 4xx. What only the job finds (a stale run, results not matching their hash) is the job's failure, with
 * the same code and message, which a request still waiting answers as it would have been refused.
 *
 * The wait reads the row, never the queue: it works the same on either driver, and with the worker in another
 * process (npm run start:api and start:worker).
 */
@Injectable()
export class PublicationJobsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly sections: SnapshotSectionRegistry,
    private readonly producer: PublicationProducer,
  ) {}

  /** Checks and queues a request, then waits for it up to `waitMs`: its publication, or its job still under way. */
  async publishOrQueue(actor: Actor, cycleId: string, ask: PublicationAsk, waitMs: number): Promise<PublicationAnswer> {
    const job = await this.waitFor((await this.request(actor, cycleId, ask)).id, waitMs);
    if (job.status === 'failed') throw refusalOf(toPublicationJobView(job));
    if (job.status !== 'succeeded') return { publication: null, job: toPublicationJobView(job) };
    const publication = await this.publicationOf(job);
    return { publication: publication!, job: toPublicationJobView(job, publication) };
  }

  /**
   * The request's row, queued: a new one, or the one of the same request (same cycle, kind, run, reason, analysis and
   * version to make) already there; asked again after its failure (or one never recorded), it is queued anew.
   */
  async request(actor: Actor, cycleId: string, ask: PublicationAsk): Promise<PublicationJob> {
    const version = await this.check(cycleId, ask);
    const what = { cycleId, kind: ask.kind, runId: ask.runId, version, reason: ask.reason ?? null, analysisId: ask.analysisId ?? null };
    const requestKey = canonicalHash(what);
    await this.db.query(
      `INSERT INTO publication_jobs (cycle_id, kind, run_id, version, reason, analysis_id, request_key, actor, requested_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (request_key) DO NOTHING`,
      [cycleId, ask.kind, ask.runId, version, what.reason, what.analysisId, requestKey, actor, actor.userId],
    );
    const repo = this.db.getRepository(PublicationJob);
    let job = await repo.findOneByOrFail({ requestKey });
    if (job.status === 'failed' || (job.status === 'running' && (await this.producer.isStranded(requestKey)))) {
      const reset = await repo.update(
        { id: job.id, status: job.status },
        { status: 'queued', progress: 0, errorCode: null, error: null, errorDetails: null, startedAt: null, finishedAt: null, actor, requestedById: actor.userId },
      );
      if (reset.affected) job = await repo.findOneByOrFail({ id: job.id });
    }
    // Queued after the row is committed, so that the worker finds it; also re-queues a request whose enqueue was lost.
    if (job.status === 'queued') await this.producer.ensureQueued(job.id, job.kind, requestKey);
    return job;
  }

  /** A job's state, and its publication once made. */
  async view(id: string): Promise<PublicationJobView> {
    const job = await this.db.getRepository(PublicationJob).findOneBy({ id });
    if (!job) throw DomainException.notFound('publication job', id);
    return toPublicationJobView(job, await this.publicationOf(job));
  }

  /**
   * The cycle's publication job still queued or running, the latest if several, else null: while one is under way the
   * cycle's page offers no other publish or correct (a second would only queue behind it, for a version it may take).
   */
  async underWay(cycleId: string): Promise<PublicationJobView | null> {
    const job = await this.db.getRepository(PublicationJob).findOne({ where: { cycleId, status: In(['queued', 'running']) }, order: { createdAt: 'DESC' } });
    return job && toPublicationJobView(job);
  }

  /** The job's row once finished, or as it stands after `waitMs`. */
  private async waitFor(id: string, waitMs: number): Promise<PublicationJob> {
    const repo = this.db.getRepository(PublicationJob);
    const until = Date.now() + waitMs;
    for (;;) {
      const job = await repo.findOneByOrFail({ id });
      if (job.status === 'succeeded' || job.status === 'failed' || Date.now() >= until) return job;
      await sleep(Math.min(POLL_MS, Math.max(until - Date.now(), 1)));
    }
  }

  private async publicationOf(job: PublicationJob): Promise<PublicationView | null> {
    if (!job.publicationId) return null;
    const row = await this.db.getRepository(Publication).findOne({
      select: { id: true, cycleId: true, runId: true, version: true, year: true, level: true, series: true, periodIndex: true, sha256: true, reason: true, publishedAt: true },
      where: { id: job.publicationId },
    });
    return row && toView(row);
  }

  /**
   * The refusals PublicationsService would give that need no freeze (the same codes and messages), before anything
   * is stored: the cycle and its phase, the run (of the cycle, succeeded), the analysis named. The version to make.
   */
  private async check(cycleId: string, ask: PublicationAsk): Promise<number> {
    const manager = this.db.manager;
    const cycle = await this.cycles.find(manager, cycleId);
    let version = 1;
    if (ask.kind === 'publish' && !canPublish(cycle.phase)) {
      throw new DomainException(ErrorCode.WrongPhase, `a cycle is published from phase scoring, not ${cycle.phase}; a published one is corrected`);
    }
    if (ask.kind === 'correct') {
      if (!canCorrect(cycle.phase)) throw new DomainException(ErrorCode.WrongPhase, `only a published cycle is corrected; this one is ${cycle.phase}`);
      const latest = await manager.findOne(Publication, { select: { id: true, version: true }, where: { cycleId }, order: { version: 'DESC' } });
      version = (latest?.version ?? 0) + 1;
    }
    const run = await findCycleScoreRun(manager, cycleId, ask.runId);
    if (!run) throw DomainException.notFound('score run', `${ask.runId} of cycle ${cycleId}`);
    if (run.status !== 'succeeded' || !run.resultsHash) {
      throw new DomainException(ErrorCode.WrongPhase, `run ${ask.runId} is ${run.status}; only a succeeded run is published`);
    }
    await this.sections.check(manager, { cycleId, runId: ask.runId, analysisId: ask.analysisId });
    return version;
  }
}

/** The refusal a failed job stands for: its code (one of ours, else an internal error), message and details. */
export function refusalOf(job: Pick<PublicationJobView, 'id' | 'error'>): DomainException {
  const code = job.error && Object.hasOwn(ERROR_STATUS, job.error.code) ? (job.error.code as ErrorCode) : ErrorCode.Internal;
  return new DomainException(code, job.error?.message || `publication job ${job.id} failed`, job.error?.details as DomainException['details']);
}
