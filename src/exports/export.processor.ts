import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { InjectFileStorage, type FileStorage } from '../storage/file-storage';
import { dispatchJob } from '../queue/dispatch-job';
import { JobLifecycle } from '../queue/job-lifecycle';
import type { JobOf } from '../queue/job-map';
import { QueueName } from '../queue/queue-name';
import type { QueueJob } from '../queue/queue-port';
import { QueueProcessor, type QueueProcessorHost } from '../queue/queue-processor';
import { UnrecoverableError } from '../queue/unrecoverable-error';
import { AppConfig } from '../config/app-config';
import { ExportJob } from './export-job.entity';
import { ExportJobRows } from './export-job-rows';
import { runExportProcess, type ExportProcessResult } from './export-process';
import { writeExport } from './export-writer';
import { EXPORT_JOB_NAME, type ExportJobData, type ExportsJobs } from './exports.jobs';
import type { ExportProgress } from './export-progress';

type ExportProcessReport = Omit<ExportProcessResult, 'fileName'>;

/** What a finished export job returns (the queue keeps it): where the workbook went, and the export process's figures. */
export interface ExportJobResult {
  fileName: string;
  sha256: string;
  /** Time, peak memory and heap limit of the export process; null when written in the worker (EXPORT_HEAP_MB 0). */
  process: ExportProcessReport | null;
}

/** The largest workbook kept (a commune-scale ranking is tens of MB). */
const MAX_EXPORT_BYTES = 1024 * 1024 * 1024;

/**
 * Makes a workbook: reads its data in one snapshot, streams the workbook into a temporary file (in an export process
 * of its own, export-process.ts), puts the file into the file storage (content-addressed, with its sha256 and size)
 * and records it, with progress mirrored in the row.
 * Something asked for that no longer exists fails at once (UnrecoverableError); any other error is retried with
 * backoff, and the row says failed after the last attempt.
 */
@QueueProcessor(QueueName.Exports, { concurrency: 2, lockDuration: 60_000 })
export class ExportProcessor implements QueueProcessorHost {
  private readonly logger = new Logger(ExportProcessor.name);
  private readonly exports: JobLifecycle<ExportJobRows>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {
    this.exports = new JobLifecycle(new ExportJobRows(db), this.logger);
  }

  async process(job: QueueJob): Promise<ExportJobResult> {
    return dispatchJob<ExportsJobs, ExportJobResult>(job, { [EXPORT_JOB_NAME]: (workbook) => this.export(workbook) });
  }

  private async export(job: JobOf<ExportsJobs, typeof EXPORT_JOB_NAME>): Promise<ExportJobResult> {
    const row = await this.exports.start(job, job.data.exportJobId);
    const report = this.exports.progress(job, row.id);
    let reported = 0;
    const progress = async (fraction: number) => {
      // Whole percents, at most every 5, and never 100 before the file is stored.
      const p = Math.max(0, Math.min(99, Math.floor(fraction * 100)));
      if (p < reported + 5) return;
      reported = p;
      await report(p);
    };

    const dir = await mkdtemp(join(tmpdir(), 'dti-export-'));
    const path = join(dir, 'export.xlsx');
    try {
      let written: { fileName: string; process: ExportProcessReport | null };
      try {
        written = await this.write(row, path, progress);
      } catch (error) {
        if (error instanceof DomainException || error instanceof UnrecoverableError) return await this.exports.refuse(row.id, error.message);
        throw error;
      }
      const stored = await this.storage.put(createReadStream(path), { maxBytes: MAX_EXPORT_BYTES });
      await Promise.all([job.updateProgress(100), this.exports.rows.succeed(row.id, { ...stored, fileName: written.fileName })]);
      return { fileName: written.fileName, sha256: stored.sha256, process: written.process };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** In an export process of its own with a capped heap (EXPORT_HEAP_MB), or here when that is 0. */
  private async write(row: ExportJob, path: string, progress: ExportProgress): Promise<{ fileName: string; process: ExportProcessReport | null }> {
    const request = { kind: row.kind, params: row.params };
    if (this.config.EXPORT_HEAP_MB === 0) return { fileName: await writeExport(this.db, request, path, progress), process: null };
    const { fileName, ...report } = await runExportProcess(request, path, { heapMb: this.config.EXPORT_HEAP_MB, onProgress: progress });
    this.logger.log(
      `export ${row.id} (${row.kind}) written in ${report.seconds.toFixed(1)} s by a process of ${report.heapLimitMb} MB heap, ` +
        `peak RSS ${Math.round(report.maxRssBytes / 1048576)} MB`,
    );
    return { fileName, process: report };
  }

  /** After a job's last attempt its export says failed, with why; never rejects (JobLifecycle.failed). */
  async onFailed(job: QueueJob<ExportJobData> | undefined, error: Error): Promise<void> {
    await this.exports.failed(job, error, (data) => data.exportJobId);
  }
}
