import type { JobOptions, JobState, QueuedJob } from '../queue-port';

/** What a job's owner (its queue) does for it when asked through the job. */
export interface JobOwner {
  remove(id: string): Promise<void>;
}

/**
 * A job of the in-process driver: its data copied as JSON on the way in (as Redis would store it), so that a
 * producer's object is never shared with the worker, and its state kept in memory by its queue.
 */
export class InProcessJob<D = unknown> implements QueuedJob<D> {
  state: JobState;
  attemptsMade = 0;
  attemptsStarted = 0;
  processedBy?: string;
  progress: number | object | string | boolean = 0;
  returnvalue: unknown = null;
  failedReason?: string;
  /** A flow's parent: the id of it, and (on the parent) how many of its children are not done yet. */
  parentId?: string;
  pendingChildren = 0;
  finishedOn?: number;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly data: D,
    readonly queueName: string,
    readonly opts: JobOptions,
    private readonly owner: JobOwner,
    state: JobState,
  ) {
    this.state = state;
  }

  async updateProgress(progress: number): Promise<void> {
    this.progress = progress;
  }

  async getState(): Promise<JobState> {
    return this.state;
  }

  async isFailed(): Promise<boolean> {
    return this.state === 'failed';
  }

  async isCompleted(): Promise<boolean> {
    return this.state === 'completed';
  }

  async remove(): Promise<void> {
    await this.owner.remove(this.id);
  }
}

/** A copy of a value as JSON would carry it (dates as strings, undefined keys dropped). */
export const asJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));
