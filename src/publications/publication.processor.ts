import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { dispatchJob } from '../queue/dispatch-job';
import { JobLifecycle } from '../queue/job-lifecycle';
import type { JobOf } from '../queue/job-map';
import { QueueName } from '../queue/queue-name';
import type { QueueJob } from '../queue/queue-port';
import { QueueProcessor, type QueueProcessorHost } from '../queue/queue-processor';
import { PublicationJob } from './publication-job.entity';
import { PublicationJobRows } from './publication-job-rows';
import { Publication } from './publication.entity';
import { CORRECT_JOB, PUBLISH_JOB, type PublicationJobData, type PublicationJobs } from './publication.jobs';
import type { PublicationView } from './publication.view';
import { toView } from './publication.view';
import { PublicationsService, type PublishOptions } from './publications.service';

/** What a finished publication job returns (the queue keeps it): the publication it made. */
export interface PublicationJobResult {
  publicationId: string;
  version: number;
}

/**
 * Progress: 5 % once started, then up to 90 % as the snapshot's units are written (PublishOptions.progress, told from
 * inside the publishing transaction), 95 % once committed, 100 % once the row records the publication.
 */
const STARTED = 5;
const WRITTEN = 90;
const COMMITTED = 95;
/** The snapshot's progress is reported in steps of at least this many percent: a row update each, not one a batch. */
const STEP = 5;

/**
 * Publishes a cycle or corrects its publication for a publication_jobs row, by PublicationsService (one transaction:
 * the run's results frozen, the snapshot hashed, the cycle moved), as the actor who asked, the row mirroring the
 * job's state and progress. A refusal of the service (a stale run, a phase moved since the request) fails the job at
 * once with its code and message, which the waiting request answers as it did when publishing was a request.
 *
 * An attempt cut short (a crash, a lost lock) leaves nothing: the transaction rolls back. One cut short after its
 * commit, before its row said so, is found on the next attempt: the publication of the row's version, run and reason
 * exists, and the row takes it rather than publishing again (or being refused: the cycle is published by then).
 *
 * One job at a time: the freeze holds the cycle's lock, and its synchronous hashing blocks the event loop for
 * seconds at commune scale, so a long lock (60 s) that the blocked worker cannot renew meanwhile.
 */
@QueueProcessor(QueueName.Publication, { concurrency: 1, lockDuration: 60_000 })
export class PublicationProcessor implements QueueProcessorHost {
  private readonly logger = new Logger(PublicationProcessor.name);
  private readonly jobs: JobLifecycle<PublicationJobRows>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publications: PublicationsService,
  ) {
    this.jobs = new JobLifecycle(new PublicationJobRows(db), this.logger);
  }

  async process(job: QueueJob): Promise<PublicationJobResult> {
    return dispatchJob<PublicationJobs, PublicationJobResult>(job, {
      [PUBLISH_JOB]: (publish) => this.run(publish, (row, options) => this.publications.publish(row.actor, row.cycleId, row.runId, options)),
      [CORRECT_JOB]: (correct) => this.run(correct, (row, options) => this.publications.correct(row.actor, row.cycleId, row.runId, row.reason ?? '', options)),
    });
  }

  private async run(job: JobOf<PublicationJobs>, publish: (row: PublicationJob, options: PublishOptions) => Promise<PublicationView>): Promise<PublicationJobResult> {
    const row = await this.jobs.start(job, job.data.publicationJobId);
    const progress = this.jobs.progress(job, row.id);
    let publication = await this.made(row);
    if (!publication) {
      await progress(STARTED);
      const written = this.snapshotProgress(row.id, progress);
      try {
        publication = await publish(row, { analysisId: row.analysisId ?? undefined, progress: written.told });
      } catch (error) {
        await written.settled();
        if (!(error instanceof DomainException)) throw error;
        // Refused: unless an attempt before this one committed it after all (the cycle is published by then).
        publication = await this.made(row);
        if (!publication) return this.jobs.refuse(row.id, error.message, () => this.jobs.rows.refused(row.id, { code: error.code, message: error.message, details: error.details }));
      }
      await written.settled();
      await progress(COMMITTED);
    }
    await Promise.all([job.updateProgress(100), this.jobs.rows.succeed(row.id, publication.id)]);
    return { publicationId: publication.id, version: publication.version };
  }

  /**
   * The snapshot's progress as the service tells it (synchronously, from inside its transaction), reported in steps
   * of STEP % between STARTED and WRITTEN, one write after the other (never out of order); a write that fails is
   * logged, never the publication's failure. `settled` waits for the last one.
   */
  private snapshotProgress(id: string, report: (percent: number) => Promise<void>): { told: (done: number, total: number) => void; settled: () => Promise<void> } {
    let reported = STARTED;
    let chain = Promise.resolve();
    return {
      told: (done, total) => {
        const percent = STARTED + Math.floor(((WRITTEN - STARTED) * Math.min(done, total)) / Math.max(total, 1));
        if (percent < reported + STEP) return;
        reported = percent;
        chain = chain.then(() => report(percent)).catch((error: unknown) => this.logger.warn(`publication job ${id}: progress not recorded: ${(error as Error).message}`));
      },
      settled: () => chain,
    };
  }

  /** The publication an earlier attempt of this row made: its cycle's version, of its run and reason; else null. */
  private async made(row: PublicationJob): Promise<PublicationView | null> {
    const found = await this.db
      .getRepository(Publication)
      .findOne({ select: { id: true, cycleId: true, runId: true, version: true, year: true, level: true, series: true, periodIndex: true, sha256: true, reason: true, publishedAt: true }, where: { cycleId: row.cycleId, version: row.version, runId: row.runId, reason: row.reason ?? IsNull() } });
    return found && toView(found);
  }

  /** After a job's last attempt its row says failed, with why; never rejects (JobLifecycle.failed). */
  async onFailed(job: QueueJob<PublicationJobData> | undefined, error: Error): Promise<void> {
    await this.jobs.failed(job, error, (data) => data.publicationJobId);
  }
}
