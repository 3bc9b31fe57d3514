/** The housekeeping tasks that run on a schedule on the maintenance queue; each name is its scheduler's id. */
export enum ScheduledJobName {
  SweepOrphanFiles = 'sweep-orphan-files',
  VerifyPublications = 'verify-publications',
}

/**
 * A feature's housekeeping task. The feature registers it (ScheduledJobRegistry.register, in its worker-side module's
 * onModuleInit), so this layer knows no feature; the worker runs it every `everyMs` and whenever it is asked for.
 */
export interface ScheduledTask {
  name: ScheduledJobName;
  everyMs: number;
  /** Its summary (counts, what it found) is the job's return value, kept with the job and logged. */
  run(): Promise<Record<string, unknown>>;
}
