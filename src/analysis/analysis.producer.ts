import { Injectable } from '@nestjs/common';
import { QueueName } from '../queue/queue-name';
import { InjectQueuePort, type JobOptions, type QueuePort } from '../queue/queue-port';
import { ANALYSIS_JOB, type AnalysisJobs } from './analysis.jobs';

/** Retried after 3 and 6 s, as the queues' default: longer than PostgreSQL's crash recovery or a restart. */
const RETRIES: JobOptions = { attempts: 3, backoff: { type: 'exponential', delay: 3000 } };

/**
 * The one producer of the analysis queue. The job id is the business key (the run and the spec's hash): the same
 * analysis asked twice is queued once.
 */
@Injectable()
export class AnalysisProducer {
  constructor(@InjectQueuePort(QueueName.Analysis) private readonly queue: QueuePort<AnalysisJobs>) {}

  static jobId(runId: string, specHash: string): string {
    return `analysis-${runId}-${specHash}`;
  }

  /**
   * Queues the analysis unless its job is already waiting or running; a failed or finished job of the same key (an
   * analysis asked for again after a failure, or whose row was reset) is removed first.
   */
  async ensureQueued(analysisId: string, runId: string, specHash: string): Promise<void> {
    const jobId = AnalysisProducer.jobId(runId, specHash);
    const job = await this.queue.getJob(jobId);
    if (job) {
      if (!(await job.isFailed()) && !(await job.isCompleted())) return;
      await job.remove();
    }
    await this.queue.add(ANALYSIS_JOB, { analysisId }, { jobId, ...RETRIES });
  }

  /**
   * The job of a queued or running analysis is failed or gone from the queue: its worker's last attempt failed while
   * the database was down, so the row never said failed. Such an analysis is queued again when asked for again.
   */
  async isStranded(runId: string, specHash: string): Promise<boolean> {
    const job = await this.queue.getJob(AnalysisProducer.jobId(runId, specHash));
    return !job || (await job.isFailed());
  }
}
