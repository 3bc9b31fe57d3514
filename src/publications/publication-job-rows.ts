import { DataSource, In } from 'typeorm';
import { ErrorCode } from '../common/error-code';
import type { JobRows } from '../queue/job-lifecycle';
import type { QueueJob } from '../queue/queue-port';
import { PublicationJob } from './publication-job.entity';

/** Why a publication job failed, as the request would have been refused: the error code, message and details. */
export interface PublicationJobError {
  code: string;
  message: string;
  details?: object;
}

/** The publication jobs' rows as their jobs' lifecycle (queue/job-lifecycle.ts) marks them. */
export class PublicationJobRows implements JobRows<PublicationJob> {
  readonly noun = 'publication job';

  constructor(private readonly db: DataSource) {}

  load(id: string): Promise<PublicationJob | null> {
    return this.db.getRepository(PublicationJob).findOneBy({ id });
  }

  async markRunning(row: PublicationJob, job: QueueJob): Promise<void> {
    // attemptsStarted also counts a start after a worker died (a stalled job), which attemptsMade does not.
    await this.db
      .getRepository(PublicationJob)
      .update({ id: row.id }, { status: 'running', progress: 0, startedAt: new Date(), attempts: job.attemptsStarted, errorCode: null, error: null, errorDetails: null });
  }

  async progress(id: string, percent: number): Promise<void> {
    await this.db.getRepository(PublicationJob).update({ id, status: 'running' }, { progress: percent });
  }

  async succeed(id: string, publicationId: string): Promise<void> {
    await this.db
      .getRepository(PublicationJob)
      .update({ id }, { status: 'succeeded', progress: 100, publicationId, errorCode: null, error: null, errorDetails: null, finishedAt: new Date() });
  }

  /** Refused (a stale run, the phase moved meanwhile): the refusal's code, message and details, as the request would have answered. */
  refused(id: string, error: PublicationJobError): Promise<unknown> {
    return this.db
      .getRepository(PublicationJob)
      .update({ id, status: In(['queued', 'running']) }, { status: 'failed', errorCode: error.code, error: error.message, errorDetails: error.details ?? null, finishedAt: new Date() });
  }

  /** After the last attempt (an error of the machine, not a refusal); only a job still queued or running: one asked for again meanwhile keeps its state. */
  fail(id: string, reason: string): Promise<unknown> {
    return this.refused(id, { code: ErrorCode.Internal, message: reason });
  }
}
