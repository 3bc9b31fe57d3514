import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { copyRows } from '../database/copy-rows';
import { EngineFrameworkError, EngineInputError, ENGINE_VERSION } from '../engine';
import { rankResults, rankWithinOf } from '../engine/rank-results';
import { compilePlan } from '../engine/plan';
import type { ScoreOptions } from '../engine/types';
import { participantUnitIds } from '../cycles/cycle-units.queries';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { dispatchJob } from '../queue/dispatch-job';
import { JobLifecycle } from '../queue/job-lifecycle';
import type { JobOf } from '../queue/job-map';
import { QueueName } from '../queue/queue-name';
import type { QueueJob } from '../queue/queue-port';
import { QueueProcessor, type QueueProcessorHost, type WorkerOptions } from '../queue/queue-processor';
import { UnrecoverableError } from '../queue/unrecoverable-error';
import { batchInputsHash, SCORE_BATCH_JOB, SCORE_RANK_JOB, type ScoreBatchResult } from './score-batches';
import { hashInputs, loadScoreInputs, unitGroups } from './score-inputs';
import { ScoreResult } from './score-result.entity';
import { byCode, computeScores, resultsHasher, toUnitScore, type UnitScore } from './score-results';
import { ScoreRun } from './score-run.entity';
import { STALL_CHECK_MS } from './score-run-job';
import { ScoreRunRows } from './score-run-rows';
import { SCORE_RUN_JOB, type ScoringJobs } from './scoring.jobs';
import { UNIT_RESULT_COLUMNS } from './unit-result-columns';

const RESULT_COLUMNS = ['run_id', ...UNIT_RESULT_COLUMNS];
/** Progress is reported at most once per this many result rows written. */
const PROGRESS_EVERY = 500;

/** Which worker process did a job: kept in a split run's child job records, and as BullMQ's processedBy of each job. */
const WORKER = `${hostname()}:${process.pid}`;

/**
 * One job at a time; the lock of SCORING_LOCK_MS (30 s in production: see AppConfig for why) is renewed while the
 * job runs, and every 5 s each worker gives back the jobs whose lock has expired (their worker died).
 */
export const scoringWorkerOptions = (config: AppConfig): WorkerOptions => ({
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
 * input hash 0.3 s, scoring 0.5-1 s, writing the 11 MB of results 5-7 s. The results are hashed row by row as they
 * are written (writeResults), never in one block.
 */
@QueueProcessor(QueueName.Scoring)
export class ScoreRunProcessor implements QueueProcessorHost {
  private readonly logger = new Logger(ScoreRunProcessor.name);
  private readonly runs: JobLifecycle<ScoreRunRows>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.runs = new JobLifecycle(new ScoreRunRows(db), this.logger);
  }

  /** A decorator cannot read the settings: the lock's length is one (SCORING_LOCK_MS). */
  workerOptions(): WorkerOptions {
    return scoringWorkerOptions(this.config);
  }

  async process(job: QueueJob): Promise<unknown> {
    return dispatchJob<ScoringJobs, unknown>(job, {
      [SCORE_RUN_JOB]: (run) => this.scoreRun(run),
      [SCORE_BATCH_JOB]: (batch) => this.scoreBatch(batch),
      [SCORE_RANK_JOB]: (rank) => this.rankRun(rank),
    });
  }

  /** The one-job run. */
  private async scoreRun(job: JobOf<ScoringJobs, typeof SCORE_RUN_JOB>): Promise<{ resultsHash: string }> {
    const started = Date.now();
    const run = await this.runs.start(job, job.data.runId);
    const progress = this.runs.progress(job, run.id);

    const inputs = await loadScoreInputs(this.db.manager, run.cycleId);
    if (hashInputs(inputs) !== run.inputsHash) return this.runs.refuse(run.id, changed);
    await progress(30);
    let scores: ReturnType<typeof computeScores>;
    try {
      scores = computeScores(inputs);
    } catch (error) {
      if (error instanceof EngineInputError || error instanceof EngineFrameworkError) return this.runs.refuse(run.id, error.message);
      throw error;
    }
    await progress(40);
    const resultsHash = await this.writeResults(run.id, scores.units, started, (p) => progress(40 + Math.floor(55 * p)));
    return { resultsHash };
  }

  /** A split run's child: one batch of units scored without ranks and staged in score_results. */
  private async scoreBatch(job: JobOf<ScoringJobs, typeof SCORE_BATCH_JOB>): Promise<ScoreBatchResult> {
    const { runId, batch, codes } = job.data;
    const run = await this.runs.load(runId);
    // Another batch refused the run (or it is done): nothing left to do for this one.
    if ((await this.runs.rows.markBatchRunning(runId, job)) !== 'running') return { batch, units: 0, worker: WORKER };

    const parameters = run.parameters as ScoreOptions;
    const inputs = { ...(await loadScoreInputs(this.db.manager, run.cycleId, codes)), parameters };
    if (inputs.units.length !== codes.length || batchInputsHash(inputs, parameters) !== job.data.inputsHash) return this.runs.refuse(runId, changed);
    let units: UnitScore[];
    try {
      units = computeScores(inputs, { rankNodes: 'none' }).units.map((u) => ({ ...u, rank: null, groupRank: null }));
    } catch (error) {
      if (error instanceof EngineInputError || error instanceof EngineFrameworkError) return this.runs.refuse(runId, error.message);
      throw error;
    }
    await this.db.transaction(async (manager) => {
      // Shares the run's row with the other batches, and waits for (or is refused by) a refusal that deletes them all.
      const [row] = (await manager.query('SELECT status FROM score_runs WHERE id = $1 FOR SHARE', [runId])) as { status: string }[];
      if (row?.status !== 'running') return;
      await manager.query('DELETE FROM score_results WHERE run_id = $1 AND unit_id = ANY($2::uuid[])', [runId, units.map((u) => u.unitId)]);
      await this.insertResults(manager, runId, units);
    });
    await this.runs.rows.batchesProgress(runId);
    return { batch, units: units.length, worker: WORKER };
  }

  /** A split run's parent, once every batch is staged: ranks them all and writes the final results. */
  private async rankRun(job: JobOf<ScoringJobs, typeof SCORE_RANK_JOB>): Promise<{ resultsHash: string }> {
    const run = await this.runs.load(job.data.runId);
    if (run.status === 'succeeded' && run.resultsHash) return { resultsHash: run.resultsHash };
    if (run.status !== 'running') throw new UnrecoverableError(`score run ${run.id} is ${run.status}: ${run.error ?? 'not ranked'}`);
    await this.runs.rows.markRankRunning(run.id, job);
    const progress = this.runs.progress(job, run.id);

    // The staged units must be the cycle's: a unit added or removed since the request is a change of inputs.
    const rows = await this.db.getRepository(ScoreResult).findBy({ runId: run.id });
    const participants = await participantUnitIds(this.db.manager, run.cycleId);
    const staged = new Set(rows.map((r) => r.unitId));
    if (participants.length !== run.unitCount || rows.length !== run.unitCount || participants.some((id) => !staged.has(id))) {
      return this.runs.refuse(run.id, changed);
    }
    const framework = (await frameworkVersionById(this.db.manager, run.frameworkId)).document;
    const parameters = run.parameters as ScoreOptions;
    const plan = compilePlan(framework);
    const rankWithin = rankWithinOf(plan, parameters);
    const units = rows.map(toUnitScore).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    rankResults(plan, units, parameters, (u) => (rankWithin ? (unitGroups(u.unitGroup)[rankWithin] ?? '') : ''));
    await progress(86);
    const resultsHash = await this.writeResults(run.id, units, run.startedAt?.getTime() ?? Date.now(), (p) => progress(86 + Math.floor(9 * p)));
    return { resultsHash };
  }

  /**
   * Every unit's results and the run's record in one transaction (delete then insert: a retry duplicates nothing);
   * says the results' hash (hashResults), recorded with them. The run's duration, from `started` (epoch ms), ends
   * once its results are written, just before the commit.
   *
   * The rows go in byCode order, each hashed as it is written: the hash then costs Node its time while PostgreSQL
   * is busy with the COPY (parsing and compressing the jsonb, the longest part of a run), not before it starts.
   */
  private async writeResults(runId: string, units: UnitScore[], started: number, progress: (share: number) => Promise<void>): Promise<string> {
    const ordered = [...units].sort((a, b) => byCode(a.code, b.code));
    const hasher = resultsHasher(ordered.length);
    return this.db.transaction(async (manager) => {
      await manager.delete(ScoreResult, { runId });
      await this.insertResults(manager, runId, ordered, progress, (u) => hasher.add(u));
      const resultsHash = hasher.digest();
      await manager.update(ScoreRun, { id: runId }, {
        status: 'succeeded',
        progress: 100,
        engineVersion: ENGINE_VERSION,
        unitCount: units.length,
        resultsHash,
        finishedAt: new Date(),
        durationMs: Date.now() - started,
      });
      return resultsHash;
    });
  }

  /**
   * The units' result rows, streamed with COPY (the longest write of a run: tens of MB of jsonb at commune scale);
   * `each` sees every unit as its row is made.
   */
  private async insertResults(
    manager: EntityManager,
    runId: string,
    units: UnitScore[],
    progress?: (share: number) => Promise<void>,
    each?: (unit: UnitScore) => void,
  ): Promise<void> {
    const total = units.length;
    let reported = 0;
    await copyRows(
      manager,
      'score_results',
      RESULT_COLUMNS,
      (function* () {
        for (const u of units) {
          each?.(u);
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

  /** After a job's last attempt its run says failed, with why; never rejects (JobLifecycle.failed). */
  async onFailed(job: QueueJob<{ runId: string }> | undefined, error: Error): Promise<void> {
    await this.runs.failed(job, error, (data) => data.runId);
  }
}
