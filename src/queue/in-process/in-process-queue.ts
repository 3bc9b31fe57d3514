import { Logger } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS } from '../default-job-options';
import type { FlowJob, JobOptions, KeepJobs, QueuedJob, QueuePort } from '../queue-port';
import type { QueueProcessorHost } from '../queue-processor';
import { UnrecoverableError } from '../unrecoverable-error';
import { asJson, InProcessJob } from './in-process-job';

/** A worker of this process on an in-process queue. */
interface InProcessWorker {
  name: string;
  paused: boolean;
  processor: QueueProcessorHost;
  concurrency: number;
  running: Set<Promise<void>>;
}

/** The wait before retry `n` (1, 2, …) of a job. */
function backoffMs(opts: JobOptions, retry: number): number {
  if (!opts.backoff) return 0;
  return opts.backoff.type === 'fixed' ? opts.backoff.delay : opts.backoff.delay * 2 ** (retry - 1);
}

/**
 * A queue kept in this process's memory, with BullMQ's contract: the job id as business key (a job added under the
 * id of one still kept is not added again), attempts with fixed or exponential backoff, UnrecoverableError ending
 * the attempts, flows (a parent waits for its children; a child with failParentOnFailure fails it), per-worker
 * concurrency, finished jobs kept or removed by removeOnComplete/removeOnFail, schedulers. Jobs are lost when the
 * process ends: a row left queued is queued again when asked for again (the producers' isStranded).
 */
export class InProcessQueue implements QueuePort {
  private readonly logger: Logger;
  private readonly jobs = new Map<string, InProcessJob>();
  private readonly waiting: string[] = [];
  private readonly workers = new Set<InProcessWorker>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly schedulers = new Map<string, NodeJS.Timeout>();
  private nextId = 1;

  constructor(
    readonly name: string,
    private readonly defaults: JobOptions = DEFAULT_JOB_OPTIONS,
  ) {
    this.logger = new Logger(`InProcessQueue:${name}`);
  }

  async add(name: string, data: unknown, opts: JobOptions = {}): Promise<QueuedJob> {
    return this.put(name, data, { ...this.defaults, ...opts }, 'waiting');
  }

  async addFlow(parent: FlowJob<Record<string, unknown>>, children: FlowJob<Record<string, unknown>>[]): Promise<void> {
    // As BullMQ's flows, a flow's jobs take no default options.
    const parentJob = this.put(parent.name, parent.data, parent.opts ?? {}, children.length > 0 ? 'waiting-children' : 'waiting');
    if (parentJob.state !== 'waiting-children' || parentJob.pendingChildren > 0) return;
    for (const child of children) {
      const job = this.put(child.name, child.data, child.opts ?? {}, 'waiting', parentJob.id);
      if (job.parentId === parentJob.id && job.state !== 'completed') parentJob.pendingChildren++;
    }
    if (parentJob.pendingChildren === 0) this.release(parentJob);
  }

  async getJob(id: string): Promise<QueuedJob | undefined> {
    return this.jobs.get(id);
  }

  async getActive(): Promise<QueuedJob[]> {
    return [...this.jobs.values()].filter((job) => job.state === 'active');
  }

  async remove(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job || job.state === 'active') return;
    this.jobs.delete(id);
    const at = this.waiting.indexOf(id);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  async pendingCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = { waiting: 0, delayed: 0, active: 0, 'waiting-children': 0 };
    for (const job of this.jobs.values()) if (job.state in counts) counts[job.state]++;
    return counts;
  }

  async workerNames(): Promise<string[]> {
    return [...this.workers].map((worker) => worker.name);
  }

  /** No lock: a job's worker is this process, which cannot be lost while the job's state is read here. */
  async lockExpiresAt(): Promise<Date | null> {
    return null;
  }

  async upsertScheduler(key: string, schedule: { every: number; startDate: number }, job: FlowJob<Record<string, unknown>>): Promise<void> {
    await this.removeScheduler(key);
    const fire = () => void this.add(job.name, job.data, { ...job.opts, jobId: `repeat:${key}:${Date.now()}` });
    const first = setTimeout(() => {
      fire();
      const every = setInterval(fire, schedule.every);
      every.unref();
      this.schedulers.set(key, every);
    }, Math.max(0, schedule.startDate - Date.now()));
    first.unref();
    this.schedulers.set(key, first);
  }

  async schedulerKeys(): Promise<string[]> {
    return [...this.schedulers.keys()];
  }

  async removeScheduler(key: string): Promise<void> {
    const timer = this.schedulers.get(key);
    if (timer) clearTimeout(timer);
    this.schedulers.delete(key);
  }

  /** A worker of this process: takes waiting jobs at once, `concurrency` at a time. */
  work(name: string, processor: QueueProcessorHost, concurrency: number): InProcessWorker {
    const worker: InProcessWorker = { name, paused: false, processor, concurrency: Math.max(1, concurrency), running: new Set() };
    this.workers.add(worker);
    this.pump();
    return worker;
  }

  /** The worker takes no new job until resumed; resolves once its jobs in flight are done. */
  async pause(worker: InProcessWorker): Promise<void> {
    worker.paused = true;
    await Promise.allSettled([...worker.running]);
  }

  resume(worker: InProcessWorker): void {
    worker.paused = false;
    this.pump();
  }

  /** Stops a worker taking jobs; resolves once its jobs in flight are done. */
  async stop(worker: InProcessWorker): Promise<void> {
    this.workers.delete(worker);
    await Promise.allSettled([...worker.running]);
  }

  /** Ends the schedulers and retry timers (the process is closing its queues). */
  async close(): Promise<void> {
    for (const key of [...this.schedulers.keys()]) await this.removeScheduler(key);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private put(name: string, data: unknown, opts: JobOptions, state: 'waiting' | 'waiting-children', parentId?: string): InProcessJob {
    const id = opts.jobId ?? String(this.nextId++);
    const existing = this.jobs.get(id);
    if (existing) return existing;
    const job = new InProcessJob(id, name, asJson(data), this.name, opts, this, state);
    job.parentId = parentId;
    this.jobs.set(id, job);
    if (state === 'waiting') this.release(job);
    return job;
  }

  /** A job ready to run: waits for a worker's free slot. */
  private release(job: InProcessJob): void {
    job.state = 'waiting';
    this.waiting.push(job.id);
    this.pump();
  }

  private pump(): void {
    for (const worker of this.workers) {
      while (!worker.paused && worker.running.size < worker.concurrency && this.waiting.length > 0) {
        const job = this.jobs.get(this.waiting.shift()!);
        if (!job || job.state !== 'waiting') continue;
        const run = this.run(job, worker).finally(() => {
          worker.running.delete(run);
          this.pump();
        });
        worker.running.add(run);
      }
    }
  }

  private async run(job: InProcessJob, worker: InProcessWorker): Promise<void> {
    job.state = 'active';
    job.attemptsStarted++;
    job.processedBy = worker.name;
    try {
      // Never in the caller's turn: an add returns before its job starts, as on Redis.
      const result = await Promise.resolve().then(() => worker.processor.process(job));
      this.completed(job, result);
      await this.hear(() => worker.processor.onCompleted?.(job, job.returnvalue));
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      this.failedAttempt(job, error);
      await this.hear(() => worker.processor.onFailed?.(job, error));
    }
  }

  private completed(job: InProcessJob, result: unknown): void {
    job.state = 'completed';
    job.attemptsMade++;
    job.returnvalue = asJson(result) ?? null;
    job.finishedOn = Date.now();
    job.processedBy = undefined;
    this.keep(job, job.opts.removeOnComplete);
    const parent = job.parentId ? this.jobs.get(job.parentId) : undefined;
    if (parent?.state === 'waiting-children' && --parent.pendingChildren === 0) this.release(parent);
  }

  private failedAttempt(job: InProcessJob, error: Error): void {
    job.attemptsMade++;
    job.processedBy = undefined;
    const unrecoverable = error instanceof UnrecoverableError || error.name === 'UnrecoverableError';
    if (!unrecoverable && job.attemptsMade < (job.opts.attempts ?? 1)) {
      job.state = 'delayed';
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.jobs.get(job.id) === job && job.state === 'delayed') this.release(job);
      }, backoffMs(job.opts, job.attemptsMade));
      timer.unref();
      this.timers.add(timer);
      return;
    }
    job.state = 'failed';
    job.failedReason = error.message;
    job.finishedOn = Date.now();
    this.keep(job, job.opts.removeOnFail);
    const parent = job.parentId ? this.jobs.get(job.parentId) : undefined;
    if (job.opts.failParentOnFailure && parent?.state === 'waiting-children') {
      parent.state = 'failed';
      parent.failedReason = `child ${this.name}:${job.id} failed`;
      parent.finishedOn = Date.now();
      this.keep(parent, parent.opts.removeOnFail);
    }
  }

  /** removeOnComplete/removeOnFail: true removes the job, a count keeps that many of the latest in its state. */
  private keep(job: InProcessJob, keep: KeepJobs | undefined): void {
    if (keep === true) {
      this.jobs.delete(job.id);
      return;
    }
    if (!keep) return;
    const same = [...this.jobs.values()].filter((j) => j.state === job.state).sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0));
    for (const old of same.slice(0, Math.max(0, same.length - keep.count))) this.jobs.delete(old.id);
  }

  /** Runs an event hook; it never ends the worker: a rejection is logged. */
  private async hear(hook: () => Promise<void> | void | undefined): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.logger.error(`an event handler failed: ${(error as Error).message}`);
    }
  }
}
