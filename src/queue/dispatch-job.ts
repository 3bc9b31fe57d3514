import type { JobName, JobOf } from './job-map';
import type { QueueJob } from './queue-port';
import { UnrecoverableError } from './unrecoverable-error';

/** One handler for each job name of a queue's map, given the job with that name's data. */
export type JobHandlers<M extends object, R> = { [N in JobName<M>]: (job: JobOf<M, N>) => Promise<R> };

/**
 * Routes a job to the handler of its name, its data typed by the queue's map (job-map.ts): the one place where a job
 * is narrowed by its name. A name with no handler (a job another version of the code queued) fails the job at once
 * (UnrecoverableError): retrying here cannot help. Every name of the map has a handler, unless the handlers come from
 * a registry (the maintenance queue's tasks): then `noHandler` says what the job fails with.
 */
export function dispatchJob<M extends object, R>(job: QueueJob, handlers: JobHandlers<M, R>): Promise<R>;
export function dispatchJob<M extends object, R>(job: QueueJob, handlers: Partial<JobHandlers<M, R>>, noHandler: (name: string) => Error): Promise<R>;
export async function dispatchJob<M extends object, R>(
  job: QueueJob,
  handlers: Partial<JobHandlers<M, R>>,
  noHandler = (name: string): Error => new UnrecoverableError(`no handler for job ${name} on queue ${job.queueName}`),
): Promise<R> {
  // Own properties only: a job named `constructor` or `toString` has no handler.
  const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name as JobName<M>] : undefined;
  if (!handler) throw noHandler(job.name);
  return (handler as (job: QueueJob) => Promise<R>)(job);
}
