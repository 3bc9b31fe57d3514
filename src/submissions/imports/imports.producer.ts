import { Injectable } from '@nestjs/common';
import { QueueName } from '../../queue/queue-name';
import { InjectQueuePort, type QueuePort } from '../../queue/queue-port';
import { IMPORT_JOB_NAME, type ImportsJobs } from './imports.jobs';

/** The one producer of the imports queue; the job id is the import's id, so an import is never queued twice. */
@Injectable()
export class ImportsProducer {
  constructor(@InjectQueuePort(QueueName.Imports) private readonly queue: QueuePort<ImportsJobs>) {}

  async enqueue(importJobId: string): Promise<void> {
    await this.queue.add(IMPORT_JOB_NAME, { importJobId }, { jobId: `import-${importJobId}` });
  }
}
