import { Logger } from '@nestjs/common';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { QueueDriver } from '../queue-driver';
import type { QueueJob } from '../queue-port';
import type { QueueProcessorHost, WorkerOptions } from '../queue-processor';
import { DEFAULT_JOB_OPTIONS } from '../default-job-options';
import { BullMqQueue } from './bullmq-queue';

/**
 * The queues on Redis (BullMQ): what scales out, many workers on many machines against one Redis. Each queue and
 * worker keeps its own connections, made from the URL.
 */
export class BullMqDriver implements QueueDriver {
  readonly kind = 'bullmq';
  private readonly logger = new Logger(BullMqDriver.name);
  private readonly queues = new Map<string, BullMqQueue>();
  private readonly workers: { name: string; worker: Worker }[] = [];
  private readonly connection: ConnectionOptions;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.connection = { url } as ConnectionOptions;
  }

  queue(name: string): BullMqQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      const bull = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Redis down: logged while the client reconnects (and /health says 503), never thrown as an unhandled 'error'.
      bull.on('error', (error) => this.logger.warn(`queue ${name}: ${error.message}`));
      queue = new BullMqQueue(bull);
      this.queues.set(name, queue);
    }
    return queue;
  }

  work(name: string, processor: QueueProcessorHost, options: WorkerOptions): void {
    const worker = new Worker(name, (job: Job) => processor.process(job as unknown as QueueJob), {
      connection: this.connection,
      prefix: this.prefix,
      ...options,
    });
    // A worker's connection error is logged and retried by BullMQ; without a listener it would be thrown.
    worker.on('error', (error) => this.logger.error(`queue ${name}: ${error.message}`));
    if (processor.onFailed) worker.on('failed', (job, error) => void processor.onFailed!(job as unknown as QueueJob | undefined, error));
    if (processor.onCompleted) worker.on('completed', (job, result) => void processor.onCompleted!(job as unknown as QueueJob, result));
    this.workers.push({ name, worker });
  }

  async pause(name: string): Promise<void> {
    await Promise.all(this.workers.filter((w) => w.name === name).map(({ worker }) => worker.pause()));
  }

  resume(name: string): void {
    for (const { worker } of this.workers.filter((w) => w.name === name)) worker.resume();
  }

  async closeWorkers(): Promise<void> {
    await Promise.all(this.workers.splice(0).map(({ worker }) => worker.close()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
