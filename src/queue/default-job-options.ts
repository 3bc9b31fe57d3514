import type { JobOptions } from './queue-port';

/** What a job added without options gets, on either driver. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 3,
  // Retried after 3 and 6 s: longer than PostgreSQL's crash recovery or a restart (test/faults).
  backoff: { type: 'exponential', delay: 3000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: false,
} as const satisfies JobOptions;
