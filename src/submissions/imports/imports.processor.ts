import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buffer } from 'node:stream/consumers';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { DomainException } from '../../common/domain.exception';
import { WorkbookRefusedError } from '../../workbooks/safe-workbook';
import { InjectFileStorage, type FileStorage } from '../../storage/file-storage';
import { dispatchJob } from '../../queue/dispatch-job';
import { JobLifecycle } from '../../queue/job-lifecycle';
import type { JobOf } from '../../queue/job-map';
import { QueueName } from '../../queue/queue-name';
import type { QueueJob } from '../../queue/queue-port';
import { QueueProcessor, type QueueProcessorHost } from '../../queue/queue-processor';
import { findUser } from '../../users/users.queries';
import { ImportJob, type ImportReport } from '../import-job.entity';
import { ImportHandlerRegistry } from './import-handler.registry';
import { ImportJobRows } from './import-job-rows';
import { IMPORT_JOB_NAME, type ImportJobData, type ImportsJobs } from './imports.jobs';

/** A refusal of the file itself (not a cell): the import is rejected with it as its only problem. */
function refusalReport(error: WorkbookRefusedError | DomainException): ImportReport {
  const rule = error instanceof WorkbookRefusedError ? error.rule : error.code;
  return { read: 0, applied: 0, problems: [{ rule, message: error.message }] };
}

/**
 * Runs the imports queue: loads the file, hands it to its kind's handler, records the state and the report. A bad
 * file is not retried (UnrecoverableError); an error of ours is, with backoff, and the row says failed at the end.
 */
@QueueProcessor(QueueName.Imports, { concurrency: 2 })
export class ImportsProcessor implements QueueProcessorHost {
  private readonly logger = new Logger(ImportsProcessor.name);
  private readonly imports: JobLifecycle<ImportJobRows>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly handlers: ImportHandlerRegistry,
  ) {
    this.imports = new JobLifecycle(new ImportJobRows(db), this.logger);
  }

  async process(job: QueueJob): Promise<ImportReport> {
    return dispatchJob<ImportsJobs, ImportReport>(job, { [IMPORT_JOB_NAME]: (file) => this.import(file) });
  }

  private async import(job: JobOf<ImportsJobs, typeof IMPORT_JOB_NAME>): Promise<ImportReport> {
    const row = await this.imports.start(job, job.data.importJobId);
    const progress = this.imports.progress(job, row.id);
    const file = await buffer(await this.storage.open(row.storageKey));
    const actor = await this.actorOf(row);
    let report: ImportReport;
    try {
      report = await this.handlers.get(row.kind)({
        job: row,
        actor,
        file,
        progress: (percent) => progress(Math.max(0, Math.min(100, Math.round(percent)))),
      });
    } catch (error) {
      if (error instanceof WorkbookRefusedError || error instanceof DomainException) {
        // A refused file is rejected, with the refusal as its report's one problem.
        const refusal = refusalReport(error);
        return this.imports.refuse(row.id, error.message, () => this.imports.rows.finish(row.id, refusal));
      }
      throw error;
    }
    await this.imports.rows.finish(row.id, report);
    return report;
  }

  /** After a job's last attempt its import says failed, with why; never rejects (JobLifecycle.failed). */
  async onFailed(job: QueueJob<ImportJobData> | undefined, error: Error): Promise<void> {
    await this.imports.failed(job, error, (data) => data.importJobId);
  }

  private async actorOf(row: ImportJob): Promise<Actor> {
    const user = row.createdById ? await findUser(this.db.manager, row.createdById) : null;
    if (!user) return { userId: null, label: 'worker', role: 'system', unitId: null };
    return { userId: user.id, label: user.email, role: user.role, unitId: user.unitId };
  }
}
