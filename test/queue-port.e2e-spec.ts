/**
 * The queue port's contract (src/queue/queue-port.ts), the same tests against both drivers: BullMQ on the test
 * run's Redis, and the in-process driver. Each test has queues of its own, under the run's prefix (removed with the
 * run's keys at the end).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config/load-config';
import { BullMqDriver } from '../src/queue/bullmq/bullmq-driver';
import { InProcessDriver } from '../src/queue/in-process/in-process-driver';
import type { QueueDriver } from '../src/queue/queue-driver';
import type { QueueJob } from '../src/queue/queue-port';
import type { QueueProcessorHost } from '../src/queue/queue-processor';
import { UnrecoverableError } from '../src/queue/unrecoverable-error';
import { waitForQueuesToDrain } from '../src/queue/wait-for-queues';

/** A processor recording what it ran, when, and what it heard: `run` decides each job's fate. */
function recorder(run: (job: QueueJob<{ n?: number; fail?: number }>) => Promise<unknown> = async (job) => job.data.n) {
  const started: { id: string; name: string; at: number; attempt: number }[] = [];
  const failed: { id: string; attemptsMade: number; error: Error }[] = [];
  const completed: { id: string; result: unknown }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const host: QueueProcessorHost = {
    async process(job) {
      started.push({ id: job.id!, name: job.name, at: Date.now(), attempt: job.attemptsStarted });
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        return await run(job as QueueJob<{ n?: number; fail?: number }>);
      } finally {
        running--;
      }
    },
    onFailed: (job, error) => void failed.push({ id: job!.id!, attemptsMade: job!.attemptsMade, error }),
    onCompleted: (job, result) => void completed.push({ id: job.id!, result }),
  };
  return { host, started, failed, completed, mostAtOnce: () => mostAtOnce };
}

/** Resolves when `done` holds, polling; fails the test after `timeoutMs`. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const config = loadConfig();
const drivers: [string, () => QueueDriver][] = [
  ['BullMQ (Redis)', () => new BullMqDriver(config.REDIS_URL, config.QUEUE_PREFIX)],
  ['in-process', () => new InProcessDriver(config.QUEUE_PREFIX)],
];

describe.each(drivers)('the queue port on the %s driver', (_label, makeDriver) => {
  let driver: QueueDriver;
  let name: string;
  const queue = () => driver.queue(name);

  beforeEach(() => {
    driver = makeDriver();
    name = `port-${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await driver.closeWorkers();
    await driver.close();
  });

  it('takes the job id as a business key: a job added again under the id of one still kept runs once', async () => {
    const r = recorder();
    driver.work(name, r.host, {});
    const first = await queue().add('count', { n: 1 }, { jobId: 'key-1' });
    const again = await queue().add('count', { n: 2 }, { jobId: 'key-1' });
    expect(again.id).toBe(first.id);
    await waitForQueuesToDrain([queue()], 10_000);
    // Done and kept: still the same key, not queued anew.
    await queue().add('count', { n: 3 }, { jobId: 'key-1' });
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.started.map((s) => s.id)).toEqual(['key-1']);
    const job = (await queue().getJob('key-1'))!;
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toBe(1);
    expect(await job.isCompleted()).toBe(true);
    // Removed, the key may be used again.
    await queue().remove('key-1');
    expect(await queue().getJob('key-1')).toBeUndefined();
    await queue().add('count', { n: 4 }, { jobId: 'key-1' });
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.completed.map((c) => c.result)).toEqual([1, 4]);
  });

  it('retries a failing job with exponential backoff, hears every failed attempt, and completes it', async () => {
    const r = recorder(async (job) => {
      if (job.attemptsMade < 2) throw new Error(`attempt ${job.attemptsMade + 1} failed`);
      return 'third time';
    });
    driver.work(name, r.host, {});
    await queue().add('flaky', {}, { jobId: 'flaky', attempts: 3, backoff: { type: 'exponential', delay: 100 } });
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.started.map((s) => s.attempt)).toEqual([1, 2, 3]);
    // 100 ms before the second attempt, 200 ms before the third (a little slack for the clocks).
    expect(r.started[1].at - r.started[0].at).toBeGreaterThanOrEqual(90);
    expect(r.started[2].at - r.started[1].at).toBeGreaterThanOrEqual(190);
    expect(r.failed.map((f) => [f.attemptsMade, f.error.message])).toEqual([
      [1, 'attempt 1 failed'],
      [2, 'attempt 2 failed'],
    ]);
    const job = (await queue().getJob('flaky'))!;
    // Every attempt counts once done, the successful one too (as BullMQ counts them).
    expect([await job.getState(), job.returnvalue, job.attemptsMade]).toEqual(['completed', 'third time', 3]);
  });

  it('fails a job after its last attempt and keeps it failed, with the reason', async () => {
    const r = recorder(async () => {
      throw new Error('always');
    });
    driver.work(name, r.host, {});
    await queue().add('doomed', {}, { jobId: 'doomed', attempts: 2, backoff: { type: 'fixed', delay: 20 } });
    await waitForQueuesToDrain([queue()], 10_000);
    const job = (await queue().getJob('doomed'))!;
    expect([await job.getState(), await job.isFailed(), job.failedReason, job.attemptsMade]).toEqual(['failed', true, 'always', 2]);
    expect(r.failed.map((f) => f.attemptsMade)).toEqual([1, 2]);
  });

  it('ends the attempts at once on UnrecoverableError', async () => {
    const r = recorder(async () => {
      throw new UnrecoverableError('bad input');
    });
    driver.work(name, r.host, {});
    await queue().add('bad', {}, { jobId: 'bad', attempts: 5, backoff: { type: 'fixed', delay: 20 } });
    await waitForQueuesToDrain([queue()], 10_000);
    const job = (await queue().getJob('bad'))!;
    expect([await job.getState(), job.failedReason, job.attemptsMade]).toEqual(['failed', 'bad input', 1]);
    expect(r.started).toHaveLength(1);
    expect(r.failed[0].error).toBeInstanceOf(UnrecoverableError);
  });

  it('runs a flow parent after all its children, once', async () => {
    const r = recorder(async (job) => job.name);
    driver.work(name, r.host, { concurrency: 3 });
    const keep = { removeOnComplete: false, removeOnFail: false };
    await queue().addFlow(
      { name: 'rank', data: {}, opts: { jobId: 'run-1', ...keep } },
      [0, 1, 2].map((i) => ({ name: 'batch', data: { n: i }, opts: { jobId: `run-1-b${i}`, ...keep, failParentOnFailure: true } })),
    );
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.started.map((s) => s.id).sort()).toEqual(['run-1', 'run-1-b0', 'run-1-b1', 'run-1-b2']);
    expect(r.started.at(-1)!.id).toBe('run-1');
    expect(await (await queue().getJob('run-1'))!.getState()).toBe('completed');
  });

  it("fails a flow's parent, never run, when a child with failParentOnFailure fails", async () => {
    const r = recorder(async (job) => {
      if (job.data.fail === 1) throw new UnrecoverableError('batch refused');
      return job.name;
    });
    driver.work(name, r.host, {});
    await queue().addFlow({ name: 'rank', data: {}, opts: { jobId: 'run-2' } }, [
      { name: 'batch', data: { n: 0 }, opts: { jobId: 'run-2-b0', failParentOnFailure: true } },
      { name: 'batch', data: { n: 1, fail: 1 }, opts: { jobId: 'run-2-b1', failParentOnFailure: true } },
    ]);
    await until(async () => (await (await queue().getJob('run-2'))?.getState()) === 'failed');
    expect(await (await queue().getJob('run-2-b1'))!.getState()).toBe('failed');
    expect(r.started.map((s) => s.id)).not.toContain('run-2');
  });

  it("reports a job's progress, read back by its id while it runs and after", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const r = recorder(async (job) => {
      await job.updateProgress(40);
      await held;
      await job.updateProgress(100);
      return 'done';
    });
    driver.work(name, r.host, { name: 'worker-a' });
    await queue().add('long', {}, { jobId: 'long' });
    await until(async () => (await queue().getJob('long'))?.progress === 40);
    expect(await (await queue().getJob('long'))!.getState()).toBe('active');
    expect((await queue().getActive()).map((j) => [j.id, j.processedBy])).toEqual([['long', 'worker-a']]);
    expect(await queue().workerNames()).toContain('worker-a');
    release();
    await waitForQueuesToDrain([queue()], 10_000);
    expect((await queue().getJob('long'))!.progress).toBe(100);
  });

  it('runs as many jobs at once as the worker\'s concurrency, and drain waits for them all', async () => {
    const r = recorder(async (job) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return job.data.n;
    });
    driver.work(name, r.host, { concurrency: 2 });
    for (let n = 0; n < 6; n++) await queue().add('slow', { n });
    expect(Object.values(await queue().pendingCounts()).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.started).toHaveLength(6);
    // Drained means every job is finished in the queue; BullMQ's completed event reaches the host just after that.
    await until(() => r.completed.length === 6);
    expect(r.mostAtOnce()).toBe(2);
    expect(Object.values(await queue().pendingCounts()).every((count) => count === 0)).toBe(true);
  });

  it('keeps jobs waiting while the workers are paused, and runs them once resumed', async () => {
    const r = recorder();
    driver.work(name, r.host, {});
    await driver.pause(name);
    await queue().add('later', { n: 7 }, { jobId: 'later' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await (await queue().getJob('later'))!.getState()).toBe('waiting');
    driver.resume(name);
    await waitForQueuesToDrain([queue()], 10_000);
    expect(r.completed).toEqual([{ id: 'later', result: 7 }]);
  });

  it('puts a job on a schedule under its key, once however often it is upserted, and removes it', async () => {
    const r = recorder();
    driver.work(name, r.host, {});
    const schedule = { every: 60_000, startDate: Date.now() + 60_000 };
    await queue().upsertScheduler('tick', schedule, { name: 'tick', data: {} });
    await queue().upsertScheduler('tick', schedule, { name: 'tick', data: {} });
    expect(await queue().schedulerKeys()).toEqual(['tick']);
    // Its next run is not pending work.
    await waitForQueuesToDrain([queue()], 2_000);
    await queue().removeScheduler('tick');
    expect(await queue().schedulerKeys()).toEqual([]);
  });
});
