import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { allQueues, waitForQueuesToDrain } from '../../src/queue/wait-for-queues';
import { WorkerModule } from '../../src/worker.module';
import type { TestApp } from './test-app';

/** A real queue worker (src/worker.ts's module) in this process, on this run's database and queue prefix. */
export async function startTestWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  await worker.init();
  return worker;
}

/** Waits until every job the API queued has been processed by the workers. */
export async function drainQueues(t: TestApp, timeoutMs = 30_000): Promise<void> {
  await waitForQueuesToDrain(allQueues(t.app), timeoutMs);
}
