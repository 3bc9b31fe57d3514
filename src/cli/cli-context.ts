import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { CliModule } from './cli.module';

/** Runs fn with the CLI's Nest context, closing it (connections, queues) whatever happens. */
export async function withCliContext<T>(fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
