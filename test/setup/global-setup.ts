import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/load-config';
import { ensureDatabase } from '../../src/database/ensure-database';
import { runMigrations } from '../../src/database/migrate';

/**
 * A database and a queue prefix of this run's own (so that two runs on one machine never meet), with every
 * migration applied. global-teardown.ts drops the database.
 */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  const runId = randomBytes(4).toString('hex');
  process.env.QUEUE_PREFIX ??= `dti-test-${runId}`;
  if (!process.env.DATABASE_URL) {
    const url = new URL(loadConfig().DATABASE_URL);
    url.pathname = `${url.pathname}_${runId}`;
    process.env.DATABASE_URL = url.toString();
  }
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL, { recreate: true });
  await runMigrations(config);
}
