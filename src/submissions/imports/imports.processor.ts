import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError, type Job } from 'bullmq';
import { buffer } from 'node:stream/consumers';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { DomainException } from '../../common/domain.exception';
import { WorkbookRefusedError } from '../../workbooks/safe-workbook';
import { InjectFileStorage, type FileStorage } from '../../storage/file-storage';
import { QueueName } from '../../queue/queue-name';
import { recordFailure } from '../../queue/record-failure';
import { User } from '../../users/user.entity';
import { ImportJob, type ImportReport } from '../import-job.entity';
import { ImportHandlerRegistry } from './import-handler.registry';
import type { ImportJobData } from './imports.producer';

/** A refusal of the file itself (not a cell): the import is rejected with it as its only problem. */
function refusalReport(error: WorkbookRefusedError | DomainException): ImportReport {
  const rule = error instanceof WorkbookRefusedError ? error.rule : error.code;
  return { read: 0, applied: 0, problems: [{ rule, message: error.message }] };
}

/**
 * Runs the imports queue: loads the file, hands it to its kind's handler, records the state and the report. A bad
 * file is not retried (UnrecoverableError); an error of ours is, with backoff, and the row says failed at the end.
 */
@Processor(QueueName.Imports, { concurrency: 2 })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportsProcessor.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly handlers: ImportHandlerRegistry,
  ) {
    super();
  }

  async process(job: Job<ImportJobData>): Promise<ImportReport> {
    const repo = this.db.getRepository(ImportJob);
    const row = await repo.findOneBy({ id: job.data.importJobId });
    if (!row) throw new UnrecoverableError(`import ${job.data.importJobId} does not exist`);
    await repo.update({ id: row.id }, { status: 'running', progress: 0 });
    const file = await buffer(await this.storage.open(row.storageKey));
    const actor = await this.actorOf(row);
    let report: ImportReport;
    try {
      report = await this.handlers.get(row.kind)({
        job: row,
        actor,
        file,
        progress: async (percent) => {
          const p = Math.max(0, Math.min(100, Math.round(percent)));
          await Promise.all([job.updateProgress(p), repo.update({ id: row.id }, { progress: p })]);
        },
      });
    } catch (error) {
      if (error instanceof WorkbookRefusedError || error instanceof DomainException) {
        await repo.update({ id: row.id }, { status: 'rejected', report: refusalReport(error) as never, progress: 100, finishedAt: new Date() });
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
    const status = report.problems.length > 0 ? 'rejected' : 'succeeded';
    await repo.update({ id: row.id }, { status, report: report as never, progress: 100, finishedAt: new Date() });
    return report;
  }

  /** Never rejects (recordFailure): BullMQ drops this promise, and an unhandled rejection would end the worker. */
  @OnWorkerEvent('failed')
  async onFailed(job: Job<ImportJobData> | undefined, error: Error): Promise<void> {
    if (!job || error instanceof UnrecoverableError) return;
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error(`import ${job.data.importJobId} failed: ${error.stack ?? error.message}`);
    await recordFailure(this.logger, `import ${job.data.importJobId}`, () =>
      this.db.getRepository(ImportJob).update({ id: job.data.importJobId }, { status: 'failed', error: error.message, finishedAt: new Date() }),
    );
  }

  private async actorOf(row: ImportJob): Promise<Actor> {
    const user = row.createdById ? await this.db.getRepository(User).findOneBy({ id: row.createdById }) : null;
    if (!user) return { userId: null, label: 'worker', role: 'system', unitId: null };
    return { userId: user.id, label: user.email, role: user.role, unitId: user.unitId };
  }
}
