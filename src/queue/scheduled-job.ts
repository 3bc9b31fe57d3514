/** The housekeeping tasks that run on a schedule on the maintenance queue; each name is its scheduler's id. */
export enum ScheduledJobName {
  SweepOrphanFiles = 'sweep-orphan-files',
  VerifyPublications = 'verify-publications',
}

/** The maintenance queue's jobs by name (job-map.ts): one a task, with no data. */
export type MaintenanceJobs = { [N in ScheduledJobName]: Record<string, never> };

/** What a task's run returns: its summary. */
export type TaskSummary = Record<string, unknown>;

/**
 * A feature's housekeeping task. The feature registers it (ScheduledJobRegistry.register, in its worker-side module's
 * onModuleInit), so this layer knows no feature; the worker runs it every `everyMs` and whenever it is asked for.
 */
export interface ScheduledTask {
  name: ScheduledJobName;
  everyMs: number;
  /** Its summary (counts, what it found) is the job's return value, kept with the job and logged. */
  run(): Promise<TaskSummary>;
}
