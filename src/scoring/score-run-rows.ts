import { DataSource, In } from 'typeorm';
import type { QueueJob } from '../queue/queue-port';
import type { JobRows } from '../queue/job-lifecycle';
import { ScoreResult } from './score-result.entity';
import { ScoreRun, type ScoreRunStatus } from './score-run.entity';

/** The score runs' rows as their jobs' lifecycle (queue/job-lifecycle.ts) marks them, a split run's too. */
export class ScoreRunRows implements JobRows<ScoreRun> {
  readonly noun = 'score run';

  constructor(private readonly db: DataSource) {}

  load(id: string): Promise<ScoreRun | null> {
    return this.db.getRepository(ScoreRun).findOneBy({ id });
  }

  /** The one-job run. */
  async markRunning(run: ScoreRun, job: QueueJob): Promise<void> {
    // attemptsStarted also counts a start after a worker died (a stalled job), which attemptsMade does not.
    await this.db
      .getRepository(ScoreRun)
      .update({ id: run.id }, { status: 'running', startedAt: new Date(), progress: 0, attempts: job.attemptsStarted, error: null });
  }

  /**
   * A split run's batch: the first child to start marks the run running (a run asked for again after a failure
   * starts over). Says the run's status then: another batch may have refused it, or it may be done.
   */
  async markBatchRunning(runId: string, job: QueueJob): Promise<ScoreRunStatus> {
    await this.db.query(
      `UPDATE score_runs SET status = 'running', error = NULL,
              started_at = CASE WHEN status = 'queued' THEN now() ELSE started_at END,
              attempts = CASE WHEN status = 'queued' THEN $2 ELSE greatest(attempts, $2) END
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [runId, job.attemptsStarted],
    );
    return (await this.db.getRepository(ScoreRun).findOneByOrFail({ id: runId })).status;
  }

  /** A split run's ranking parent, started on a run its batches marked running: counts its attempt. */
  async markRankRunning(runId: string, job: QueueJob): Promise<void> {
    await this.db.query('UPDATE score_runs SET attempts = greatest(attempts, $2) WHERE id = $1', [runId, job.attemptsStarted]);
  }

  async progress(id: string, percent: number): Promise<void> {
    await this.db.getRepository(ScoreRun).update({ id }, { progress: percent });
  }

  /** A split run's progress as its batches are staged: up to 85 %, by the share of its units staged. */
  async batchesProgress(runId: string): Promise<void> {
    await this.db.query(
      `UPDATE score_runs SET progress = least(85, (85 * (SELECT count(*) FROM score_results WHERE run_id = $1)) / greatest(unit_count, 1))
        WHERE id = $1 AND status = 'running'`,
      [runId],
    );
  }

  /**
   * The run failed: its record says why, and nothing a split run had staged is left. Only a run still queued or
   * running: a failure recorded late (recordFailure's tries while PostgreSQL was down) must not undo a run that was
   * asked for again meanwhile and succeeded, nor delete its results.
   */
  async fail(runId: string, reason: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const marked = await manager.update(ScoreRun, { id: runId, status: In(['queued', 'running']) }, { status: 'failed', error: reason, finishedAt: new Date() });
      if (marked.affected) await manager.delete(ScoreResult, { runId });
    });
  }
}
