import { Injectable } from '@nestjs/common';
import { QueueName } from '../queue/queue-name';
import { InjectQueuePort, type QueuePort } from '../queue/queue-port';
import { EXPORT_JOB_NAME, type ExportsJobs } from './exports.jobs';

/** The job id of an export: its business key, so that the same export asked twice is queued once. */
export const exportQueueJobId = (requestKey: string): string => `export-${requestKey}`;

/** The one producer of the exports queue. */
@Injectable()
export class ExportsProducer {
  constructor(@InjectQueuePort(QueueName.Exports) private readonly queue: QueuePort<ExportsJobs>) {}

  async enqueue(exportJobId: string, requestKey: string): Promise<void> {
    await this.queue.add(
      EXPORT_JOB_NAME,
      { exportJobId },
      // Retried after 3 and 6 s, as the queues' default: longer than PostgreSQL's crash recovery or a restart.
      { jobId: exportQueueJobId(requestKey), attempts: 3, backoff: { type: 'exponential', delay: 3000 } },
    );
  }

  /**
   * The job of a queued or running export is failed or gone from the queue: its worker's last attempt failed while
   * the database was down, so the row never said failed. Such an export is made again when asked for again.
   */
  async isStranded(requestKey: string): Promise<boolean> {
    const job = await this.queue.getJob(exportQueueJobId(requestKey));
    return !job || (await job.isFailed());
  }

  /** Queues the export unless its job is already there; a failed job of the same key is removed first. */
  async ensureQueued(exportJobId: string, requestKey: string): Promise<void> {
    const job = await this.queue.getJob(exportQueueJobId(requestKey));
    if (job) {
      if (!(await job.isFailed()) && !(await job.isCompleted())) return;
      await job.remove();
    }
    await this.enqueue(exportJobId, requestKey);
  }
}
