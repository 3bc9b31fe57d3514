import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { hostname } from 'node:os';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { copyRows } from '../database/copy-rows';
import { EngineFrameworkError, EngineInputError, ENGINE_VERSION } from '../engine';
import { rankResults, rankWithinOf } from '../engine/rank-results';
import { compilePlan } from '../engine/plan';
import type { ScoreOptions } from '../engine/types';
import { FrameworkVersion } from '../frameworks/framework-version.entity';
import { QueueName } from '../queue/queue-name';
import { recordFailure } from '../queue/record-failure';
import {
  batchInputsHash,
  SCORE_BATCH_JOB,
  SCORE_RANK_JOB,
  type ScoreBatchJobData,
  type ScoreBatchResult,
  type ScoreRankJobData,
} from './score-batches';
import { hashInputs, loadScoreInputs, unitGroups } from './score-inputs';
import { ScoreResult } from './score-result.entity';
import { computeScores, hashResults, toUnitScore, type UnitScore } from './score-results';
import { ScoreRun } from './score-run.entity';
import { STALL_CHECK_MS } from './score-run-job';
import type { ScoreRunJobData } from './scoring.producer';

const RESULT_COLUMNS = ['run_id', 'unit_id', 'unit_code', 'unit_group', 'ranked', 'status', 'index', 'index_rounded', 'rank', 'group_rank', 'nodes', 'pillars', 'notes'];
/** Progress is reported at most once per this many result rows written. */
const PROGRESS_EVERY = 500;

/** Which worker process did a job: kept in a split run's child job records, and as BullMQ's processedBy of each job. */
const WORKER = `${hostname()}:${process.pid}`;

/**
 * One job at a time; the lock of SCORING_LOCK_MS (30 s in production: see AppConfig for why) is renewed while the
 * job runs, and every 5 s each worker gives back the jobs whose lock has expired (their worker died).
 */
export const scoringWorkerOptions = (config: AppConfig) => ({
  name: WORKER,
  concurrency: 1,
  lockDuration: config.SCORING_LOCK_MS,
  stalledInterval: STALL_CHECK_MS,
});

const changed = 'the inputs changed after this run was asked for; ask for a new run';

/**
 * Runs a score run: loads the final inputs, checks they are still the ones the run was asked for, scores them with
 * the engine and writes every unit's results and the run's record in one transaction. A retry after a crash
 * rewrites the same rows (delete then insert in that transaction), so nothing is ever duplicated.
 *
 * Progress: 30 % once the inputs are loaded, 40 % once scored, then up to 95 % batch by batch while the results are
 * written (the longest step: see below), 100 % at the commit. A worker that dies in the middle
 * (even between two batches) leaves an open transaction that PostgreSQL rolls back, and a job whose lock expires
 * (lockDuration); another worker's stalled check (stalledInterval) puts it back in the queue and it runs again from
 * the start. test/scoring-workers.e2e-spec.ts kills a worker process so.
 *
 * A large run of a unit-local framework is a flow instead (score-batches.ts), on this same queue and processor:
 * each `score-batch` child loads only its units, checks its part of the inputs hash, scores them without ranks and
 * stages them in score_results (rank null; a retry replaces its own rows); the `score-rank` parent, once every child
 * is done, checks that the staged units are the cycle's, ranks them all with the engine's rankResults and rewrites
 * them with the run's record in one transaction, with the results hash one job would give. Progress: up to 85 %
 * as batches are staged, then as the parent writes. test/scoring-flow.e2e-spec.ts runs it on two worker processes.
 *
 * Scoring and hashing are synchronous and block the event loop, so the lock is not renewed while they run: each must
 * stay well under lockDuration. Measured for 3,063 units with PDTI 2022 on a loaded test machine: loading 1.2-1.5 s,
 * input hash 0.3 s, scoring 0.5-1 s, results hash 1.5-2.3 s, writing the 11 MB of results 5-7 s.
 */
@Processor(QueueName.Scoring)
export class ScoreRunProcessor extends WorkerHost {
  private readonly logger = new Logger(ScoreRunProcessor.name);

  constructor(@InjectDataSource() private readonly db: DataSource, config: AppConfig) {
    super();
    // @nestjs/bullmq makes the worker from the class's @Processor options once every provider is built, and a
    // decorator cannot read the configuration: they are set here, before that.
    Processor(QueueName.Scoring, scoringWorkerOptions(config))(ScoreRunProcessor);
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === SCORE_BATCH_JOB) return this.scoreBatch(job as Job<ScoreBatchJobData>);
    if (job.name === SCORE_RANK_JOB) return this.rankRun(job as Job<ScoreRankJobData>);
    return this.scoreRun(job as Job<ScoreRunJobData>);
  }

  /** The one-job run. */
  private async scoreRun(job: Job<ScoreRunJobData>): Promise<{ resultsHash: string }> {
    const runs = this.db.getRepository(ScoreRun);
    const run = await runs.findOneBy({ id: job.data.runId });
    if (!run) throw new UnrecoverableError(`score run ${job.data.runId} does not exist`);
    const started = Date.now();
    // attemptsStarted also counts a start after a worker died (a stalled job), which attemptsMade does not.
    await runs.update({ id: run.id }, { status: 'running', startedAt: new Date(), progress: 0, attempts: job.attemptsStarted, error: null });
    const progress = this.progressOf(job, run.id);

    const inputs = await loadScoreInputs(this.db.manager, run.cycleId);
    if (hashInputs(inputs) !== run.inputsHash) return this.refuse(run.id, changed);
    await progress(30);
    let scores: ReturnType<typeof computeScores>;
    try {
      scores = computeScores(inputs);
    } catch (error) {
      if (error instanceof EngineInputError || error instanceof EngineFrameworkError) return this.refuse(run.id, error.message);
      throw error;
    }
    await progress(40);
    const resultsHash = hashResults(scores.units);
    await this.writeResults(run.id, scores.units, resultsHash, started, (p) => progress(40 + Math.floor(55 * p)));
    return { resultsHash };
  }

  /** A split run's child: one batch of units scored without ranks and staged in score_results. */
  private async scoreBatch(job: Job<ScoreBatchJobData>): Promise<ScoreBatchResult> {
    const { runId, batch, codes } = job.data;
    const run = await this.db.getRepository(ScoreRun).findOneBy({ id: runId });
    if (!run) throw new UnrecoverableError(`score run ${runId} does not exist`);
    // The first child to start marks the run running (a run asked for again after a failure starts over).
    await this.db.query(
      `UPDATE score_runs SET status = 'running', error = NULL,
              started_at = CASE WHEN status = 'queued' THEN now() ELSE started_at END,
              attempts = CASE WHEN status = 'queued' THEN $2 ELSE greatest(attempts, $2) END
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, job.attemptsStarted],
    );
    // Another batch refused the run (or it is done): nothing left to do for this one.
    const state = await this.db.getRepository(ScoreRun).findOneByOrFail({ id: runId });
    if (state.status !== 'running') return { batch, units: 0, worker: WORKER };

    const parameters = run.parameters as ScoreOptions;
    const inputs = { ...(await loadScoreInputs(this.db.manager, run.cycleId, codes)), parameters };
    if (inputs.units.length !== codes.length || batchInputsHash(inputs, parameters) !== job.data.inputsHash) return this.refuse(runId, changed);
    let units: UnitScore[];
    try {
      units = computeScores(inputs, { rankNodes: 'none' }).units.map((u) => ({ ...u, rank: null, groupRank: null }));
    } catch (error) {
      if (error instanceof EngineInputError || error instanceof EngineFrameworkError) return this.refuse(runId, error.message);
      throw error;
    }
    await this.db.transaction(async (manager) => {
      // Shares the run's row with the other batches, and waits for (or is refused by) a refusal that deletes them all.
      const [row] = (await manager.query('SELECT status FROM score_runs WHERE id = $1 FOR SHARE', [runId])) as { status: string }[];
      if (row?.status !== 'running') return;
      await manager.query('DELETE FROM score_results WHERE run_id = $1 AND unit_id = ANY($2::uuid[])', [runId, units.map((u) => u.unitId)]);
      await this.insertResults(manager, runId, units);
    });
    await this.db.query(
      `UPDATE score_runs SET progress = least(85, (85 * (SELECT count(*) FROM score_results WHERE run_id = $1)) / greatest(unit_count, 1))
        WHERE id = $1 AND status = 'running'`,
      [runId],
    );
    return { batch, units: units.length, worker: WORKER };
  }

  /** A split run's parent, once every batch is staged: ranks them all and writes the final results. */
  private async rankRun(job: Job<ScoreRankJobData>): Promise<{ resultsHash: string }> {
    const runs = this.db.getRepository(ScoreRun);
    const run = await runs.findOneBy({ id: job.data.runId });
    if (!run) throw new UnrecoverableError(`score run ${job.data.runId} does not exist`);
    if (run.status === 'succeeded' && run.resultsHash) return { resultsHash: run.resultsHash };
    if (run.status !== 'running') throw new UnrecoverableError(`score run ${run.id} is ${run.status}: ${run.error ?? 'not ranked'}`);
    await this.db.query('UPDATE score_runs SET attempts = greatest(attempts, $2) WHERE id = $1', [run.id, job.attemptsStarted]);
    const progress = this.progressOf(job, run.id);

    // The staged units must be the cycle's: a unit added or removed since the request is a change of inputs.
    const rows = await this.db.getRepository(ScoreResult).findBy({ runId: run.id });
    const participants: { unit_id: string }[] = await this.db.query('SELECT unit_id FROM cycle_units WHERE cycle_id = $1', [run.cycleId]);
    const staged = new Set(rows.map((r) => r.unitId));
    if (participants.length !== run.unitCount || rows.length !== run.unitCount || participants.some((p) => !staged.has(p.unit_id))) {
      return this.refuse(run.id, changed);
    }
    const framework = (await this.db.getRepository(FrameworkVersion).findOneByOrFail({ id: run.frameworkId })).document;
    const parameters = run.parameters as ScoreOptions;
    const plan = compilePlan(framework);
    const rankWithin = rankWithinOf(plan, parameters);
    const units = rows.map(toUnitScore).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    rankResults(plan, units, parameters, (u) => (rankWithin ? (unitGroups(u.unitGroup)[rankWithin] ?? '') : ''));
    const resultsHash = hashResults(units);
    await progress(86);
    await this.writeResults(run.id, units, resultsHash, run.startedAt?.getTime() ?? Date.now(), (p) => progress(86 + Math.floor(9 * p)));
    return { resultsHash };
  }

  /**
   * Every unit's results and the run's record in one transaction (delete then insert: a retry duplicates nothing).
   * The run's duration, from `started` (epoch ms), ends once its results are written, just before the commit.
   */
  private async writeResults(runId: string, units: UnitScore[], resultsHash: string, started: number, progress: (share: number) => Promise<void>): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.delete(ScoreResult, { runId });
      await this.insertResults(manager, runId, units, progress);
      await manager.update(ScoreRun, { id: runId }, {
        status: 'succeeded',
        progress: 100,
        engineVersion: ENGINE_VERSION,
        unitCount: units.length,
        resultsHash,
        finishedAt: new Date(),
        durationMs: Date.now() - started,
      });
    });
  }

  /** The units' result rows, streamed with COPY (the longest write of a run: tens of MB of jsonb at commune scale). */
  private async insertResults(manager: EntityManager, runId: string, units: UnitScore[], progress?: (share: number) => Promise<void>): Promise<void> {
    const total = units.length;
    let reported = 0;
    await copyRows(
      manager,
      'score_results',
      RESULT_COLUMNS,
      (function* () {
        for (const u of units) {
          yield [runId, u.unitId, u.code, u.unitGroup, u.ranked, u.status, u.index, u.indexRounded, u.rank, u.groupRank, JSON.stringify(u.nodes), JSON.stringify(u.pillars), JSON.stringify(u.notes)];
        }
      })(),
      async (sent) => {
        // Outside the transaction (its own connection), so that the API sees it while the results are written.
        if (progress && sent - reported >= PROGRESS_EVERY) {
          reported = sent;
          await progress(sent / total);
        }
      },
    );
    await progress?.(1);
  }

  private progressOf(job: Job, runId: string): (p: number) => Promise<void> {
    const runs = this.db.getRepository(ScoreRun);
    return async (p: number) => {
      await Promise.all([job.updateProgress(p), runs.update({ id: runId }, { progress: p })]);
    };
  }

  /** Never rejects (recordFailure): BullMQ drops this promise, and an unhandled rejection would end the worker. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<{ runId: string }> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof UnrecoverableError) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`score run ${job.data.runId} failed: ${error.stack ?? error.message}`);
    await recordFailure(this.logger, `score run ${job.data.runId}`, () => this.fail(job.data.runId, error.message));
  }

  /** Bad input: the run fails at once with the reason, and is not retried. */
  private async refuse(runId: string, reason: string): Promise<never> {
    await this.fail(runId, reason);
    throw new UnrecoverableError(reason);
  }

  /**
   * The run failed: its record says why, and nothing a split run had staged is left. Only a run still queued or
   * running: a failure recorded late (recordFailure's tries while PostgreSQL was down) must not undo a run that was
   * asked for again meanwhile and succeeded, nor delete its results.
   */
  private async fail(runId: string, reason: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const marked = await manager.update(ScoreRun, { id: runId, status: In(['queued', 'running']) }, { status: 'failed', error: reason, finishedAt: new Date() });
      if (marked.affected) await manager.delete(ScoreResult, { runId });
    });
  }
}
