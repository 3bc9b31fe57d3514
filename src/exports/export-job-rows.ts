import { DataSource, In } from 'typeorm';
import type { JobRows } from '../queue/job-lifecycle';
import { ExportJob } from './export-job.entity';

/** The stored workbook an export's row records when its job succeeds. */
export interface StoredExport {
  fileName: string;
  key: string;
  sizeBytes: number;
  sha256: string;
}

/** The exports' rows as their jobs' lifecycle (queue/job-lifecycle.ts) marks them. */
export class ExportJobRows implements JobRows<ExportJob> {
  readonly noun = 'export';

  constructor(private readonly db: DataSource) {}

  load(id: string): Promise<ExportJob | null> {
    return this.db.getRepository(ExportJob).findOneBy({ id });
  }

  async markRunning(row: ExportJob): Promise<void> {
    await this.db.getRepository(ExportJob).update({ id: row.id }, { status: 'running', progress: 0, error: null });
  }

  async progress(id: string, percent: number): Promise<void> {
    await this.db.getRepository(ExportJob).update({ id }, { progress: percent });
  }

  async succeed(id: string, file: StoredExport): Promise<void> {
    await this.db.getRepository(ExportJob).update(
      { id },
      {
        status: 'succeeded',
        progress: 100,
        fileName: file.fileName,
        storageKey: file.key,
        sizeBytes: String(file.sizeBytes),
        sha256: file.sha256,
        error: null,
        finishedAt: new Date(),
      },
    );
  }

  /** Only an export still queued or running: one asked for again meanwhile and finished keeps its file. */
  fail(id: string, reason: string): Promise<unknown> {
    return this.db.getRepository(ExportJob).update({ id, status: In(['queued', 'running']) }, { status: 'failed', error: reason, finishedAt: new Date() });
  }
}
