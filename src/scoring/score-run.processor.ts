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
    await runs.update({ id: run.id }, { status: 'running', startedAt: new Date(), progress: 0, attempts: job.attemptsMade + 1, error: null });
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
    await progress(70);
    const resultsHash = hashResults(scores.units);
    await this.db.transaction(async (manager) => {
      await manager.delete(ScoreResult, { runId: run.id });
      for (let i = 0; i < scores.units.length; i += INSERT_BATCH) {
        const batch = scores.units.slice(i, i + INSERT_BATCH).map(({ code, ...u }) => ({ ...u, runId: run.id, unitCode: code }));
        await manager.insert(ScoreResult, batch as never);
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
