import type { QueuePort } from './queue-port';
import type { QueueProcessorHost, WorkerOptions } from './queue-processor';

/** Which driver runs the queues: BullMQ on Redis, or the in-process driver (REDIS_URL=embedded). */
export type QueueDriverKind = 'bullmq' | 'in-process';

/**
 * A queue driver: the queues' ports and their workers in this process. One per Nest application (the API and the
 * worker each have theirs); the in-process driver's queues are shared by every application of the process.
 */
export interface QueueDriver {
  readonly kind: QueueDriverKind;
  queue(name: string): QueuePort;
  /** Starts a worker taking `name`'s jobs to `processor`. */
  work(name: string, processor: QueueProcessorHost, options: WorkerOptions): void;
  /** This application's workers of a queue take no new job until resumed (a test holding a job queued); resolves once their jobs in flight are done. */
  pause(name: string): Promise<void>;
  resume(name: string): void;
  /** Stops this application's workers; a job in flight finishes first (or is left to a retry). */
  closeWorkers(): Promise<void>;
  /** Closes the queues' connections (after the workers). */
  close(): Promise<void>;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
