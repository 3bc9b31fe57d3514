import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/load-config';
import { serveEmbeddedDatabaseFromSettings, servedEmbeddedFolder } from './database/embedded-entry';
import { WorkerModule } from './worker.module';
import { WiringQuietLogger } from './common/wiring-quiet-logger';
import { stopOnSignals } from './common/stop-on-signals';

/**
 * The HTTP API; with --with-worker (npm start) also the queue worker, for a single machine. With the in-process
 * queues (REDIS_URL=embedded) always: no other process can take their jobs.
 */
async function main(): Promise<void> {
  const embedded = await serveEmbeddedDatabaseFromSettings();
  const app = await createApp();
  const config = app.get(AppConfig);
  const withWorker = process.argv.includes('--with-worker') || config.queueDriver === 'in-process';
  let worker: INestApplicationContext | undefined;
  if (withWorker) {
    worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
    worker.useLogger(new WiringQuietLogger(worker.get(Logger)));
  }
  stopOnSignals(async () => {
    // The worker first (a job in flight finishes), then the API, then the database they both use.
    await worker?.close();
    await app.close();
    await embedded?.stop();
  });
  await app.listen(config.PORT, config.HOST);
  // DATABASE_URL names the embedded server's loopback port by now (serveEmbeddedDatabaseFromSettings).
  const folder = servedEmbeddedFolder();
  const database = folder ? `embedded PostgreSQL in ${folder}` : 'PostgreSQL';
  const queues = config.queueDriver === 'in-process' ? 'queues in this process' : `queues on Redis${withWorker ? '' : ', no worker here'}`;
  console.error(`DTI platform API on http://localhost:${config.PORT} (OpenAPI: /api/docs; ${database}; ${queues})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
