import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../queue/queue-name';

export interface ScoreRunJobData {
  runId: string;
}

export const SCORE_RUN_JOB = 'score-run';

/** The one producer of the scoring queue. The job id is the business key: a repeated request is not run twice. */
@Injectable()
export class ScoringProducer {
  constructor(@InjectQueue(QueueName.Scoring) private readonly queue: Queue<ScoreRunJobData>) {}

  async enqueue(runId: string, cycleId: string, inputsHash: string): Promise<void> {
    await this.queue.add(
      SCORE_RUN_JOB,
      { runId },
      { jobId: `score-${cycleId}-${inputsHash}`, attempts: 4, backoff: { type: 'exponential', delay: 500 } },
    );
  }

  /** A failed run asked for again: the old job of the same key is removed so that the key can be queued anew. */
  async requeue(runId: string, cycleId: string, inputsHash: string): Promise<void> {
    const job = await this.queue.getJob(`score-${cycleId}-${inputsHash}`);
    if (job && (await job.isFailed())) await job.remove();
    await this.enqueue(runId, cycleId, inputsHash);
  }
}
