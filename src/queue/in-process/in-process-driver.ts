import { hostname } from 'node:os';
import type { QueueDriver } from '../queue-driver';
import type { QueueProcessorHost, WorkerOptions } from '../queue-processor';
import { InProcessQueue } from './in-process-queue';

/**
 * The queues of this process, by prefix and name: shared by every Nest application of the process (the API's
 * producers and the worker's processors, `--with-worker`), as a Redis would be shared between processes.
 */
const QUEUES = new Map<string, InProcessQueue>();

/**
 * The queues in this process's memory (REDIS_URL=embedded): one machine, one process, nothing to install. Jobs run
 * only where the worker's modules are (the API with --with-worker, the demo, the tests' worker), and are lost when
 * the process ends. Not for production, unless ALLOW_EMBEDDED says so (load-config.ts).
 */
export class InProcessDriver implements QueueDriver {
  readonly kind = 'in-process';
  private readonly workers: { queue: InProcessQueue; worker: ReturnType<InProcessQueue['work']> }[] = [];
  private readonly used = new Set<InProcessQueue>();

  constructor(private readonly prefix: string) {}

  queue(name: string): InProcessQueue {
    const key = `${this.prefix}:${name}`;
    let queue = QUEUES.get(key);
    if (!queue) {
      queue = new InProcessQueue(name);
      QUEUES.set(key, queue);
    }
    this.used.add(queue);
    return queue;
  }

  work(name: string, processor: QueueProcessorHost, options: WorkerOptions): void {
    const queue = this.queue(name);
    const worker = queue.work(options.name ?? `${hostname()}:${process.pid}`, processor, options.concurrency ?? 1);
    this.workers.push({ queue, worker });
  }

  async pause(name: string): Promise<void> {
    await Promise.all(this.workers.filter((w) => w.queue.name === name).map(({ queue, worker }) => queue.pause(worker)));
  }

  resume(name: string): void {
    for (const { queue, worker } of this.workers.filter((w) => w.queue.name === name)) queue.resume(worker);
  }

  async closeWorkers(): Promise<void> {
    await Promise.all(this.workers.splice(0).map(({ queue, worker }) => queue.stop(worker)));
  }

  /** Ends the schedulers and timers of the queues this application used; their jobs stay for the process's others. */
  async close(): Promise<void> {
    await Promise.all([...this.used].map((queue) => queue.close()));
    this.used.clear();
  }
}
