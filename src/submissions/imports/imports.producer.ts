import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../../queue/queue-name';

export interface ImportJobData {
  importJobId: string;
}

export const IMPORT_JOB_NAME = 'import-file';

/** The one producer of the imports queue; the job id is the import's id, so an import is never queued twice. */
@Injectable()
export class ImportsProducer {
  constructor(@InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportJobData>) {}

  async enqueue(importJobId: string): Promise<void> {
    await this.queue.add(IMPORT_JOB_NAME, { importJobId }, { jobId: `import-${importJobId}` });
  }
}
