import { FlowProducer, type Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { FlowJob, JobOptions, QueuedJob, QueuePort } from '../queue-port';

/** The worker's name in a Redis client name of the queue's workers: `<queue client name>:w:<worker name>`. */
const workerNameOf = (rawname: string | undefined): string | null => {
  const at = rawname?.indexOf(':w:') ?? -1;
  return at < 0 ? null : rawname!.slice(at + 3);
};

/**
 * A BullMQ queue behind the port: BullMQ's Job is a QueuedJob as it is, so this mostly passes calls on. A flow's
 * jobs do not take the queue's default options: the port's caller says what they keep.
 */
export class BullMqQueue implements QueuePort {
  private flows?: FlowProducer;

  constructor(readonly queue: Queue) {}

  get name(): string {
    return this.queue.name;
  }

  async add(name: string, data: unknown, opts?: JobOptions): Promise<QueuedJob> {
    return (await this.queue.add(name, data, opts)) as unknown as QueuedJob;
  }

  async addFlow(parent: FlowJob<Record<string, unknown>>, children: FlowJob<Record<string, unknown>>[]): Promise<void> {
    this.flows ??= new FlowProducer({ connection: this.queue.opts.connection, prefix: this.queue.opts.prefix });
    await this.flows.add({
      ...parent,
      queueName: this.queue.name,
      children: children.map((child) => ({ ...child, queueName: this.queue.name })),
    });
  }

  async getJob(id: string): Promise<QueuedJob | undefined> {
    return ((await this.queue.getJob(id)) ?? undefined) as unknown as QueuedJob | undefined;
  }

  async getActive(): Promise<QueuedJob[]> {
    return (await this.queue.getActive()) as unknown as QueuedJob[];
  }

  async remove(id: string): Promise<void> {
    await this.queue.remove(id);
  }

  async pendingCounts(): Promise<Record<string, number>> {
    const [counts, schedulers] = await Promise.all([
      this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children'),
      this.queue.getJobSchedulersCount(),
    ]);
    // A job scheduler's next run waits as a delayed job for as long as the scheduler exists: it is not pending work.
    return { ...counts, delayed: Math.max(0, (counts.delayed ?? 0) - schedulers) };
  }

  async workerNames(): Promise<string[]> {
    return (await this.queue.getWorkers()).map((w) => workerNameOf(w.rawname)).filter((name) => name !== null);
  }

  async lockExpiresAt(jobId: string): Promise<Date | null> {
    const client = (await this.queue.getBackend().client) as unknown as Redis;
    const ttl = await client.pttl(`${this.queue.toKey(jobId)}:lock`);
    return new Date(Date.now() + Math.max(ttl, 0));
  }

  async upsertScheduler(key: string, schedule: { every: number; startDate: number }, job: FlowJob<Record<string, unknown>>): Promise<void> {
    await this.queue.upsertJobScheduler(key, schedule, job);
  }

  async schedulerKeys(): Promise<string[]> {
    return (await this.queue.getJobSchedulers()).map((s) => s.key).filter((key): key is string => Boolean(key));
  }

  async removeScheduler(key: string): Promise<void> {
    await this.queue.removeJobScheduler(key);
  }

  async close(): Promise<void> {
    await this.flows?.close();
    await this.queue.close();
  }
}
