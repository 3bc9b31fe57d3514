import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobQueue } from '../../queue/job-map';
import { QueueName } from '../../queue/queue-name';
import { IMPORT_JOB_NAME, type ImportsJobs } from './imports.jobs';

/** The one producer of the imports queue; the job id is the import's id, so an import is never queued twice. */
@Injectable()
export class ImportsProducer {
  constructor(@InjectQueue(QueueName.Imports) private readonly queue: JobQueue<ImportsJobs>) {}

  async enqueue(importJobId: string): Promise<void> {
    await this.queue.add(IMPORT_JOB_NAME, { importJobId }, { jobId: `import-${importJobId}` });
  }
}
