import { SetMetadata } from '@nestjs/common';
import type { QueueJob } from './queue-port';

/** How a queue's workers in this process take its jobs. */
export interface WorkerOptions {
  /** Jobs run at once by this process's worker (1 by default). */
  concurrency?: number;
  /** The worker's name, shown as the job's processedBy (BullMQ: also its Redis client's name). */
  name?: string;
  /** BullMQ only: how long a job's lock lasts, renewed while it runs (ms). */
  lockDuration?: number;
  /** BullMQ only: how often the worker looks for jobs whose lock ran out (ms). */
  stalledInterval?: number;
}

/**
 * A queue's processor, whichever driver runs the queue: `process` runs a job (its result is kept with the job; a
 * throw is a failed attempt, retried unless UnrecoverableError), the hooks hear of the job's end.
 */
export interface QueueProcessorHost {
  process(job: QueueJob): Promise<unknown>;
  /** Options read once every provider is built (they may come from the settings); over the decorator's. */
  workerOptions?(): WorkerOptions;
  /** After each failed attempt (the last one too); never rejects, or the driver logs it. */
  onFailed?(job: QueueJob | undefined, error: Error): Promise<void> | void;
  onCompleted?(job: QueueJob, result: unknown): Promise<void> | void;
}

export const QUEUE_PROCESSOR = Symbol('QUEUE_PROCESSOR');

export interface QueueProcessorMetadata {
  queueName: string;
  options: WorkerOptions;
}

/**
 * Marks a provider as the processor of a queue: the queue module (queue-workers.ts) finds it at start and has the
 * driver run its jobs. A processor of the worker's modules only: the API's modules have none.
 */
export const QueueProcessor = (queueName: string, options: WorkerOptions = {}): ClassDecorator =>
  SetMetadata<symbol, QueueProcessorMetadata>(QUEUE_PROCESSOR, { queueName, options });
