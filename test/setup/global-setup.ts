import type { GlobalConfig } from 'jest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { ensureDatabase } from '../../src/database/ensure-database';
import { runMigrations } from '../../src/database/migrate';
import { TEST_WORKERS_VAR, workerDatabaseUrl } from './test-run';

/**
 * A database, a queue prefix and an upload folder of this run's own (so that two runs on one machine never meet):
 * the run's database gets every migration and is then copied once for each Jest worker (test-run.ts), whose files
 * use their copy. global-teardown.ts drops them all.
 */
export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  process.env.NODE_ENV = 'test';
  const runId = randomBytes(4).toString('hex');
  process.env.QUEUE_PREFIX ??= `dti-test-${runId}`;
  // A folder of the run's own inside the configured one (global-teardown.ts removes it, and only it).
  process.env.UPLOAD_DIR = join(loadConfig().UPLOAD_DIR, `run-${runId}`);
  if (!process.env.DATABASE_URL) {
    const url = new URL(loadConfig().DATABASE_URL);
    url.pathname = `${url.pathname}_${runId}`;
    process.env.DATABASE_URL = url.toString();
  }
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL, { recreate: true });
  await runMigrations(config);
  const workers = Math.max(1, globalConfig.maxWorkers);
  process.env[TEST_WORKERS_VAR] = String(workers);
  const template = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1));
  // One at a time: PostgreSQL refuses to copy a database that another CREATE DATABASE is copying.
  for (let id = 1; id <= workers; id++) await ensureDatabase(workerDatabaseUrl(config.DATABASE_URL, id), { recreate: true, template });
}
