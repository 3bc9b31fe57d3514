import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/load-config';
import { ensureDatabase } from '../../src/database/ensure-database';
import { runMigrations } from '../../src/database/migrate';

/** A fresh test database with every migration, and a queue prefix of this run's own. */
export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.QUEUE_PREFIX ??= `dti-test-${randomBytes(4).toString('hex')}`;
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL, { recreate: true });
  await runMigrations(config);
}
