import { DataSource } from 'typeorm';
import type { JobRows } from '../../queue/job-lifecycle';
import { ImportJob, type ImportReport } from '../import-job.entity';

/** The imports' rows as their jobs' lifecycle (queue/job-lifecycle.ts) marks them. */
export class ImportJobRows implements JobRows<ImportJob> {
  readonly noun = 'import';

  constructor(private readonly db: DataSource) {}

  load(id: string): Promise<ImportJob | null> {
    return this.db.getRepository(ImportJob).findOneBy({ id });
  }

  async markRunning(row: ImportJob): Promise<void> {
    await this.db.getRepository(ImportJob).update({ id: row.id }, { status: 'running', progress: 0 });
  }

  async progress(id: string, percent: number): Promise<void> {
    await this.db.getRepository(ImportJob).update({ id }, { progress: percent });
  }

  /** The import's report: rejected with its problems (a refused file has one), or succeeded. */
  async finish(id: string, report: ImportReport): Promise<void> {
    const status = report.problems.length > 0 ? 'rejected' : 'succeeded';
    await this.db.getRepository(ImportJob).update({ id }, { status, report: report as never, progress: 100, finishedAt: new Date() });
  }

  fail(id: string, reason: string): Promise<unknown> {
    return this.db.getRepository(ImportJob).update({ id }, { status: 'failed', error: reason, finishedAt: new Date() });
  }
}
