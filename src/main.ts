import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from './bootstrap';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/load-config';
import { serveEmbeddedDatabaseFromSettings } from './database/embedded-entry';
import { WorkerModule } from './worker.module';
import { WiringQuietLogger } from './common/wiring-quiet-logger';

/** The HTTP API; with --with-worker (npm start) also the queue worker, for a single machine. */
async function main(): Promise<void> {
  await serveEmbeddedDatabaseFromSettings();
  const app = await createApp();
  const config = app.get(AppConfig);
  if (process.argv.includes('--with-worker')) {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
    worker.useLogger(new WiringQuietLogger(worker.get(Logger)));
    worker.enableShutdownHooks();
  }
  await app.listen(config.PORT, config.HOST);
  console.error(`DTI platform API on http://localhost:${config.PORT} (OpenAPI: /api/docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
