import type { ScoreRunJobView } from '../scoring/score-run-job';
import type { MessageKey, Translate } from './i18n';

/** A clock time to the second in Vietnam (a retry comes within seconds): the same as job-progress.js writes it. */
export const clockTime = (at: Date | string): string =>
  new Date(at).toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });

/** The sentences job-progress.js fills in as the run's job changes (placeholders {worker}, {at}, {attempt}, {max}). */
export const RUN_JOB_NOTES = ['admin.runWorkerLost', 'admin.runWorkerLostNone', 'admin.runNoWorker', 'admin.runAttempt'] as const satisfies readonly MessageKey[];

/**
 * What the admin's run list says about a queued or running run's job, beside its status: the worker holding it died
 * and by when another takes it (or that none is connected to), or which attempt this is after a retry. Null when
 * there is nothing to add. job-progress.js says the same from the API's view while it polls.
 */
export function runJobNote(job: ScoreRunJobView | null, t: Translate): string | null {
  if (!job) return null;
  if (job.workerLost) {
    return job.retryBy ? t('admin.runWorkerLost', { worker: job.worker, at: clockTime(job.retryBy) }) : t('admin.runWorkerLostNone', { worker: job.worker });
  }
  if (job.workersConnected === 0) return t('admin.runNoWorker');
  if (job.attempt > 1) return t('admin.runAttempt', { attempt: job.attempt, max: job.maxAttempts });
  return null;
}
