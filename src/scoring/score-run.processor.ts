import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { EngineFrameworkError, EngineInputError, ENGINE_VERSION } from '../engine';
import { QueueName } from '../queue/queue-name';
import { hashInputs, loadScoreInputs } from './score-inputs';
import { ScoreResult } from './score-result.entity';
import { computeScores, hashResults } from './score-results';
import { ScoreRun } from './score-run.entity';
import type { ScoreRunJobData } from './scoring.producer';

const INSERT_BATCH = 500;

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
 * Scoring and hashing are synchronous and block the event loop, so the lock is not renewed while they run: each must
 * stay well under lockDuration. Measured for 3,063 units with PDTI 2022 on a loaded test machine: loading 1.2-1.5 s,
 * input hash 0.3 s, scoring 0.5-1 s, results hash 1.5-2.3 s, writing the 11 MB of results 5-7 s.
 */
@Processor(QueueName.Scoring, { concurrency: 1, lockDuration: 15_000, stalledInterval: 5_000 })
export class ScoreRunProcessor extends WorkerHost {
  private readonly logger = new Logger(ScoreRunProcessor.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async process(job: Job<ScoreRunJobData>): Promise<{ resultsHash: string }> {
    const runs = this.db.getRepository(ScoreRun);
    const run = await runs.findOneBy({ id: job.data.runId });
    if (!run) throw new UnrecoverableError(`score run ${job.data.runId} does not exist`);
    const started = Date.now();
    // attemptsStarted also counts a start after a worker died (a stalled job), which attemptsMade does not.
    await runs.update({ id: run.id }, { status: 'running', startedAt: new Date(), progress: 0, attempts: job.attemptsStarted, error: null });
    const progress = async (p: number) => {
      await Promise.all([job.updateProgress(p), runs.update({ id: run.id }, { progress: p })]);
    };

    const inputs = await loadScoreInputs(this.db.manager, run.cycleId);
    if (hashInputs(inputs) !== run.inputsHash) {
      return this.refuse(run.id, 'the inputs changed after this run was asked for; ask for a new run');
    }
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
    await this.db.transaction(async (manager) => {
      await manager.delete(ScoreResult, { runId: run.id });
      const total = scores.units.length;
      for (let i = 0; i < total; i += INSERT_BATCH) {
        const batch = scores.units.slice(i, i + INSERT_BATCH).map(({ code, ...u }) => ({ ...u, runId: run.id, unitCode: code }));
        await manager.insert(ScoreResult, batch as never);
        // Outside the transaction (its own connection), so that the API sees it while the results are written.
        await progress(40 + Math.floor((55 * Math.min(i + INSERT_BATCH, total)) / total));
      }
      await manager.update(ScoreRun, { id: run.id }, {
        status: 'succeeded',
        progress: 100,
        engineVersion: ENGINE_VERSION,
        unitCount: scores.units.length,
        resultsHash,
        finishedAt: new Date(),
        durationMs: Date.now() - started,
      });
    });
    return { resultsHash };
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ScoreRunJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof UnrecoverableError) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`score run ${job.data.runId} failed: ${error.stack ?? error.message}`);
    await this.db.getRepository(ScoreRun).update({ id: job.data.runId }, { status: 'failed', error: error.message, finishedAt: new Date() });
  }

  /** Bad input: the run fails at once with the reason, and is not retried. */
  private async refuse(runId: string, reason: string): Promise<never> {
    await this.db.getRepository(ScoreRun).update({ id: runId }, { status: 'failed', error: reason, finishedAt: new Date() });
    throw new UnrecoverableError(reason);
  }
}
