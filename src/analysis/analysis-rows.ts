import { DataSource, In } from 'typeorm';
import type { JobRows } from '../queue/job-lifecycle';
import type { QueueJob } from '../queue/queue-port';
import type { AnalysisResult } from './analysis-result';
import { Analysis } from './analysis.entity';

/** The analyses' rows as their jobs' lifecycle (queue/job-lifecycle.ts) marks them. */
export class AnalysisRows implements JobRows<Analysis> {
  readonly noun = 'analysis';

  constructor(private readonly db: DataSource) {}

  load(id: string): Promise<Analysis | null> {
    return this.db.getRepository(Analysis).findOneBy({ id });
  }

  async markRunning(row: Analysis, job: QueueJob): Promise<void> {
    // attemptsStarted also counts a start after a worker died (a stalled job), which attemptsMade does not.
    await this.db
      .getRepository(Analysis)
      .update({ id: row.id }, { status: 'running', startedAt: new Date(), progress: 0, attempts: job.attemptsStarted, error: null, finishedAt: null });
  }

  async progress(id: string, percent: number): Promise<void> {
    await this.db.getRepository(Analysis).update({ id, status: 'running' }, { progress: percent });
  }

  async succeed(id: string, result: AnalysisResult): Promise<void> {
    await this.db
      .getRepository(Analysis)
      .update({ id }, { status: 'succeeded', progress: 100, result: result as never, error: null, finishedAt: new Date() });
  }

  /** Only an analysis still queued or running: one asked for again meanwhile and finished keeps its result. */
  fail(id: string, reason: string): Promise<unknown> {
    return this.db.getRepository(Analysis).update({ id, status: In(['queued', 'running']) }, { status: 'failed', error: reason, finishedAt: new Date() });
  }
}
