import { Injectable } from '@nestjs/common';
import { QueueName } from '../queue/queue-name';
import { InjectQueuePort, type QueuePort } from '../queue/queue-port';
import type { PublicationJobKind } from './publication-job.entity';
import { CORRECT_JOB, PUBLISH_JOB, type PublicationJobs } from './publication.jobs';

/** The job id of a publication request: its business key, so that the same request twice is queued once. */
export const publicationQueueJobId = (requestKey: string): string => `publication-${requestKey}`;

const JOB_OF_KIND = { publish: PUBLISH_JOB, correct: CORRECT_JOB } as const satisfies Record<PublicationJobKind, keyof PublicationJobs>;

/** The one producer of the publication queue. */
@Injectable()
export class PublicationProducer {
  constructor(@InjectQueuePort(QueueName.Publication) private readonly queue: QueuePort<PublicationJobs>) {}

  /**
   * Queues the request unless its job is already there; a finished job of the same key (failed, or done and its row
   * asked for again) is removed first. Retried after 3 and 6 s, as the queues' default: longer than PostgreSQL's
   * crash recovery or a restart; publishing is one transaction, so an attempt cut short leaves nothing behind.
   */
  async ensureQueued(publicationJobId: string, kind: PublicationJobKind, requestKey: string): Promise<void> {
    const jobId = publicationQueueJobId(requestKey);
    const job = await this.queue.getJob(jobId);
    if (job) {
      if (!(await job.isFailed()) && !(await job.isCompleted())) return;
      await job.remove();
    }
    await this.queue.add(JOB_OF_KIND[kind], { publicationJobId }, { jobId, attempts: 3, backoff: { type: 'exponential', delay: 3000 } });
  }

  /**
   * The job of a queued or running request is failed or gone from the queue: its worker's last attempt failed while
   * the database was down, so the row never said failed. Such a request is queued again when asked for again.
   */
  async isStranded(requestKey: string): Promise<boolean> {
    const job = await this.queue.getJob(publicationQueueJobId(requestKey));
    return !job || (await job.isFailed());
  }
}
