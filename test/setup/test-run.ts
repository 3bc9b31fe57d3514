/**
 * What a test run shares and what each Jest worker has of its own. global-setup.ts gives the run its names (in the
 * environment, which every worker inherits): DATABASE_URL names the run's migrated template database, QUEUE_PREFIX
 * and UPLOAD_DIR the run's prefix and folder. env.ts, before each e2e file, points the file at its worker's own copy
 * of each, so that two files running at once (one per worker) never meet: resetState empties every table and the
 * worker-process specs count the workers on their queue.
 */
import { join } from 'node:path';

/** Set by global-setup.ts: how many workers the run has databases for (Jest numbers them 1..maxWorkers). */
export const TEST_WORKERS_VAR = 'DTI_TEST_WORKERS';

/** The database of worker `id`: the run's database name with `_w<id>`. */
export function workerDatabaseUrl(runUrl: string, id: number): string {
  const url = new URL(runUrl);
  url.pathname = `${url.pathname}_w${id}`;
  return url.toString();
}

export const workerQueuePrefix = (runPrefix: string, id: number): string => `${runPrefix}-w${id}`;

export const workerUploadDir = (runDir: string, id: number): string => join(runDir, `w${id}`);
