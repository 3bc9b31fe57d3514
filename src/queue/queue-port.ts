import { Inject } from '@nestjs/common';

/**
 * The queue port: what features see of a queue, whichever driver runs it (queue-driver.ts: BullMQ on Redis, or the
 * in-process driver). Features add jobs, look at a job by its id and take jobs through these types only, so that one
 * producer and one processor work on both drivers. The names follow BullMQ's, whose Job and Queue fit them as they are.
 */

/** Where a job stands. `unknown` is BullMQ's word for a job it no longer has. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'prioritized' | 'waiting-children' | 'unknown';

/** How long a job is kept once finished: true (removed at once), false (kept), or the last `count` kept. */
export type KeepJobs = boolean | { count: number };

export interface JobOptions {
  /** The business key: a job added with the id of a job still there is not added again. */
  jobId?: string;
  /** Tries in all, the first included. */
  attempts?: number;
  /** The wait before each retry: `delay` ms (fixed), or `delay` × 2^(retry − 1) (exponential). */
  backoff?: { type: 'fixed' | 'exponential'; delay: number };
  removeOnComplete?: KeepJobs;
  removeOnFail?: KeepJobs;
  /** A flow's child: its failure (bad input, or its retries spent) fails its parent. */
  failParentOnFailure?: boolean;
}

/** A job as its processor gets it: its name and data, its tries, and its progress to report. */
export interface QueueJob<D = unknown, N extends string = string> {
  readonly id?: string;
  readonly name: N;
  readonly data: D;
  readonly queueName: string;
  /** Attempts finished: while a job runs, those that failed before this one; once it is done, all of them. */
  readonly attemptsMade: number;
  /** Attempts started, this one included. */
  readonly attemptsStarted: number;
  /** Its options as far as a processor reads them (BullMQ's have more). */
  readonly opts: Pick<JobOptions, 'attempts'>;
  /** The worker running it (host:pid), while it runs. */
  readonly processedBy?: string;
  updateProgress(progress: number): Promise<void>;
}

/** A job looked up by its id (a producer's, a status view's). */
export interface QueuedJob<D = unknown> extends QueueJob<D> {
  readonly progress: number | object | string | boolean;
  readonly returnvalue: unknown;
  readonly failedReason?: string;
  getState(): Promise<JobState | string>;
  isFailed(): Promise<boolean>;
  isCompleted(): Promise<boolean>;
  remove(): Promise<void>;
}

/** A job of a flow as a producer describes it: its name, data and options. */
export interface FlowJob<M extends object> {
  name: JobName<M>;
  data: M[JobName<M>];
  opts?: JobOptions;
}

/** A job's name in a queue's map (job-map.ts). */
export type JobName<M extends object> = keyof M & string;

/** A queue whose jobs are the map's (job-map.ts): `add` takes a job's name with that job's data. */
export interface QueuePort<M extends object = Record<string, unknown>> {
  readonly name: string;
  add<N extends JobName<M>>(name: N, data: M[N], opts?: JobOptions): Promise<QueuedJob<M[N]>>;
  /** A parent job that runs once all its children are done (a split run); the children run first, in any order. */
  addFlow(parent: FlowJob<M>, children: FlowJob<M>[]): Promise<void>;
  getJob(id: string): Promise<QueuedJob | undefined>;
  /** The jobs running now. */
  getActive(): Promise<QueuedJob[]>;
  /** Removes a job (a finished one, for its key to be used again); a job running now is not removed. */
  remove(id: string): Promise<void>;
  /** Jobs not finished yet, by state (a scheduler's next run is not counted): for drain (wait-for-queues.ts). */
  pendingCounts(): Promise<Record<string, number>>;
  /** The names of the workers taking this queue's jobs now, in every process. */
  workerNames(): Promise<string[]>;
  /** When a running job's lock runs out (its worker died: another takes it then); null where there is no lock. */
  lockExpiresAt(jobId: string): Promise<Date | null>;
  /** Schedules `job` every `everyMs` from `startDate`, under `key` (an upsert: every process may do it). */
  upsertScheduler(key: string, schedule: { every: number; startDate: number }, job: FlowJob<M>): Promise<void>;
  schedulerKeys(): Promise<string[]>;
  removeScheduler(key: string): Promise<void>;
}

/** The injection token of a queue's port. */
export const queuePortToken = (queueName: string): string => `QueuePort:${queueName}`;

/** Injects the port of a queue: `@InjectQueuePort(QueueName.Scoring) queue: QueuePort<ScoringJobs>`. */
export const InjectQueuePort = (queueName: string) => Inject(queuePortToken(queueName));
