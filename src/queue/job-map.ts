import type { JobName, QueueJob } from './queue-port';

export type { JobName } from './queue-port';

/**
 * A queue's jobs as a map from each job's name to the data it carries (as immich's JobName → JobItem): the feature
 * that owns the queue declares it (e.g. `interface ExportsJobs { 'export-workbook': ExportJobData }`), its producer
 * adds jobs through its QueuePort (queue-port.ts) and its processor takes them through dispatchJob, both checked
 * against it.
 */

/** A job of the map as a worker gets it: its name and data tied, so that narrowing on `name` narrows `data`. */
export type JobOf<M extends object, N extends JobName<M> = JobName<M>> = { [K in N]: QueueJob<M[K], K> }[N];

/** A job of the map as a producer describes it (a flow's parent or child): its name and its data. */
export type JobItem<M extends object> = { [N in JobName<M>]: { name: N; data: M[N] } }[JobName<M>];
