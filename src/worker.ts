import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from './config/load-config';
import { serveEmbeddedDatabaseFromSettings } from './database/embedded-entry';
import { WorkerModule } from './worker.module';
import { WiringQuietLogger } from './common/wiring-quiet-logger';
import { stopOnSignals } from './common/stop-on-signals';

/** The queue worker entry point: many of these may run on many machines against one Redis and one PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.queueDriver === 'in-process') {
    // Its queues would be its own, empty: the API's jobs are in the API's process.
    throw new ConfigError([
      'REDIS_URL: "embedded" keeps the queues in the API\'s process, where its worker runs (npm start); a worker of its own needs REDIS_URL',
    ]);
  }
  const embedded = await serveEmbeddedDatabaseFromSettings();
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  worker.useLogger(new WiringQuietLogger(worker.get(Logger)));
  // SIGTERM/SIGINT close the workers first (a job in flight finishes), then the queues and connections, then the
  // embedded PostgreSQL if this process serves it.
  stopOnSignals(async () => {
    await worker.close();
    await embedded?.stop();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
