import Redis from 'ioredis';
import { rmSync } from 'node:fs';
import { loadConfig } from '../../src/config/load-config';
import { dropDatabase } from '../../src/database/ensure-database';
import { removeKeysUnder } from './queue-keys';
import { TEST_WORKERS_VAR, workerDatabaseUrl, workerQueuePrefix } from './test-run';

/**
 * Drops the run's databases, removes its Redis keys (its workers' queue prefixes) and its upload folder, unless
 * KEEP_TEST_DATABASE=1 (to look at them).
 */
export default async function globalTeardown(): Promise<void> {
  if (process.env.KEEP_TEST_DATABASE === '1') return;
  const workers = Number(process.env[TEST_WORKERS_VAR] ?? 0);
  const url = process.env.DATABASE_URL;
  if (url) {
    for (let id = 1; id <= workers; id++) await dropDatabase(workerDatabaseUrl(url, id));
    await dropDatabase(url);
  }
  const runPrefix = process.env.QUEUE_PREFIX;
  const config = loadConfig();
  // With REDIS_URL=embedded the run's queues and keys ended with its processes: no Redis to clean.
  if (runPrefix && workers > 0 && config.queueDriver === 'bullmq') {
    // Only the workers' prefixes: they are the run's alone, while the run's own may have been given (QUEUE_PREFIX=dti).
    const redis = new Redis(config.REDIS_URL);
    try {
      for (let id = 1; id <= workers; id++) await removeKeysUnder(redis, workerQueuePrefix(runPrefix, id));
    } finally {
      redis.disconnect();
    }
  }
  if (process.env.UPLOAD_DIR) rmSync(process.env.UPLOAD_DIR, { recursive: true, force: true });
}
