import { Injectable } from '@nestjs/common';
import type { JobItem } from '../queue/job-map';
import { QueueName } from '../queue/queue-name';
import { InjectQueuePort, type JobOptions, type QueuePort } from '../queue/queue-port';
import { SCORE_BATCH_JOB, SCORE_RANK_JOB, type ScoreBatch } from './score-batches';
import { SCORE_RUN_JOB, type ScoringJobs } from './scoring.jobs';

/**
 * Retried after 2, 4 and 8 s: 14 s in all, longer than PostgreSQL's crash recovery or a restart (test/faults), so a
 * run that the database's restart interrupts is finished by its retries, not failed.
 */
const RETRIES: JobOptions = { attempts: 4, backoff: { type: 'exponential', delay: 2000 } };

/**
 * The one producer of the scoring queue. The job id is the business key: a repeated request is not run twice. A
 * split run (score-batches.ts) is a flow under that same id: the ranking parent, and one child per batch.
 */
@Injectable()
export class ScoringProducer {
  constructor(@InjectQueuePort(QueueName.Scoring) private readonly queue: QueuePort<ScoringJobs>) {}

  static jobId(cycleId: string, inputsHash: string): string {
    return `score-${cycleId}-${inputsHash}`;
  }

  async enqueue(runId: string, cycleId: string, inputsHash: string, batches: ScoreBatch[] | null = null): Promise<void> {
    const jobId = ScoringProducer.jobId(cycleId, inputsHash);
    if (!batches) {
      await this.queue.add(SCORE_RUN_JOB, { runId }, { jobId, ...RETRIES });
      return;
    }
    // Flow jobs do not take the queue's default options: what they keep is said here. A child's failure (bad input,
    // or its retries spent) fails the parent, so a split run fails as one job does.
    const keep: JobOptions = { removeOnComplete: { count: 1000 }, removeOnFail: false };
    await this.queue.addFlow(
      {
        ...({ name: SCORE_RANK_JOB, data: { runId, batches: batches.length } } satisfies JobItem<ScoringJobs>),
        opts: { jobId, ...RETRIES, ...keep },
      },
      batches.map((b, i) => ({
        ...({ name: SCORE_BATCH_JOB, data: { runId, batch: i, codes: b.codes, inputsHash: b.inputsHash } } satisfies JobItem<ScoringJobs>),
        opts: { jobId: `${jobId}-b${i}`, ...RETRIES, ...keep, failParentOnFailure: true },
      })),
    );
  }

  /** A failed run asked for again: the old job of the same key (and a flow's children) is removed so that the key can be queued anew. */
  async requeue(runId: string, cycleId: string, inputsHash: string, batches: ScoreBatch[] | null = null): Promise<void> {
    const job = await this.queue.getJob(ScoringProducer.jobId(cycleId, inputsHash));
    if (job && (await job.isFailed())) await job.remove();
    await this.enqueue(runId, cycleId, inputsHash, batches);
  }

  /**
   * The job of a queued or running run is failed or gone from the queue: its worker's last attempt failed while the
   * database was down, so the row never said failed. Such a run is queued again when asked for again.
   */
  async isStranded(cycleId: string, inputsHash: string): Promise<boolean> {
    const job = await this.queue.getJob(ScoringProducer.jobId(cycleId, inputsHash));
    return !job || (await job.isFailed());
  }
}
