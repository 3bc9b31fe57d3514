import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../queue/queue-name';

export interface ExportJobData {
  exportJobId: string;
}

export const EXPORT_JOB_NAME = 'export-workbook';

/** The job id of an export: its business key, so that the same export asked twice is queued once. */
export const exportQueueJobId = (requestKey: string): string => `export-${requestKey}`;

/** The one producer of the exports queue. */
@Injectable()
export class ExportsProducer {
  constructor(@InjectQueue(QueueName.Exports) private readonly queue: Queue<ExportJobData>) {}

  async enqueue(exportJobId: string, requestKey: string): Promise<void> {
    await this.queue.add(
      EXPORT_JOB_NAME,
      { exportJobId },
      { jobId: exportQueueJobId(requestKey), attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
    );
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
