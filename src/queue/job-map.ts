import type { Job, JobsOptions, Queue } from 'bullmq';

/**
 * A queue's jobs as a map from each job's name to the data it carries (as immich's JobName → JobItem): the feature
 * that owns the queue declares it (e.g. `interface ExportsJobs { 'export-workbook': ExportJobData }`), its producer
 * adds jobs through JobQueue and its processor takes them through dispatchJob, both checked against it.
 */
export type JobName<M extends object> = keyof M & string;

/** A job of the map as a worker gets it: its name and data tied, so that narrowing on `name` narrows `data`. */
export type JobOf<M extends object, N extends JobName<M> = JobName<M>> = { [K in N]: Job<M[K], unknown, K> }[N];

/** A job of the map as a producer describes it (a flow's parent or child, FlowProducer.add): its name and its data. */
export type JobItem<M extends object> = { [N in JobName<M>]: { name: N; data: M[N] } }[JobName<M>];

/** A queue whose jobs are the map's: `add` takes a job's name with that job's data. */
export interface JobQueue<M extends object> extends Omit<Queue, 'add'> {
  add<N extends JobName<M>>(name: N, data: M[N], opts?: JobsOptions): Promise<Job<M[N], unknown, N>>;
}
