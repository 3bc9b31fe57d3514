import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from './config/load-config';
import { serveEmbeddedDatabaseFromSettings } from './database/embedded-entry';
import { WorkerModule } from './worker.module';
import { WiringQuietLogger } from './common/wiring-quiet-logger';

/** The queue worker entry point: many of these may run on many machines against one Redis and one PostgreSQL. */
async function main(): Promise<void> {
  loadConfig();
  await serveEmbeddedDatabaseFromSettings();
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  worker.useLogger(new WiringQuietLogger(worker.get(Logger)));
  // SIGTERM/SIGINT close the workers first (a job in flight finishes), then the queues and connections.
  worker.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
