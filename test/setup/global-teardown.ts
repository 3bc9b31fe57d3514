import { rmSync } from 'node:fs';
import { dropDatabase } from '../../src/database/ensure-database';
import { TEST_WORKERS_VAR, workerDatabaseUrl } from './test-run';

/** Drops the run's databases and removes its upload folder, unless KEEP_TEST_DATABASE=1 (to look at them). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DATABASE === '1') return;
  const url = process.env.DATABASE_URL;
  if (url) {
    const workers = Number(process.env[TEST_WORKERS_VAR] ?? 0);
    for (let id = 1; id <= workers; id++) await dropDatabase(workerDatabaseUrl(url, id));
    await dropDatabase(url);
  }
  if (process.env.UPLOAD_DIR) rmSync(process.env.UPLOAD_DIR, { recursive: true, force: true });
}
