/**
 * The maintenance queue (src/queue/scheduled-job*.ts, maintenance.*): a registered task runs when asked for through
 * the real queue and worker, its schedules are upserted and removed by name, and a scheduler's waiting next run is
 * not counted as pending work by the drain helper.
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { CoreModule } from '../src/core.module';
import { MaintenanceWorkerModule } from '../src/queue/maintenance-worker.module';
import { MaintenanceProducer } from '../src/queue/maintenance.producer';
import { QueueName } from '../src/queue/queue-name';
import { ScheduledJobName } from '../src/queue/scheduled-job';
import { ScheduledJobRegistry } from '../src/queue/scheduled-job.registry';
import { queuePortToken, type QueuePort } from '../src/queue/queue-port';
import { waitForQueuesToDrain } from '../src/queue/wait-for-queues';

describe('scheduled jobs (maintenance queue)', () => {
  let worker: INestApplicationContext;
  let queue: Queue;
  let producer: MaintenanceProducer;
  const runs: string[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [CoreModule, MaintenanceWorkerModule] }).compile();
    // Registered before init, as a feature's module does in its onModuleInit.
    moduleRef.get(ScheduledJobRegistry).register({
      name: ScheduledJobName.SweepOrphanFiles,
      everyMs: 60_000,
      run: async () => {
        runs.push('sweep');
        return { removed: 3 };
      },
    });
    moduleRef.useLogger(false);
    worker = await moduleRef.init();
    queue = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    producer = worker.get(MaintenanceProducer);
    await queue.obliterate({ force: true });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await worker.close();
  });

  it('runs a registered task asked for now, once, and keeps its summary as the job result', async () => {
    const job = await producer.runNow(ScheduledJobName.SweepOrphanFiles);
    await waitForQueuesToDrain([worker.get<QueuePort>(queuePortToken(QueueName.Maintenance))], 15_000);
    expect(runs).toEqual(['sweep']);
    const done = await queue.getJob(job.id!);
    expect(await done!.getState()).toBe('completed');
    expect(done!.returnvalue).toEqual({ removed: 3 });
  });

  it('fails a job of a task this worker does not have, without retrying it', async () => {
    const job = await producer.runNow(ScheduledJobName.VerifyPublications);
    await waitForQueuesToDrain([worker.get<QueuePort>(queuePortToken(QueueName.Maintenance))], 15_000);
    const failed = await queue.getJob(job.id!);
    expect(await failed!.getState()).toBe('failed');
    expect(failed!.attemptsMade).toBe(1);
    expect(failed!.failedReason).toContain('verify-publications');
  });

  it('puts each task on a schedule by its name, does not count its waiting next run as pending, and drops gone tasks', async () => {
    const task = (name: ScheduledJobName, everyMs: number) => ({ name, everyMs, run: async () => ({}) });
    await producer.schedule([task(ScheduledJobName.SweepOrphanFiles, 3_600_000), task(ScheduledJobName.VerifyPublications, 7_200_000)]);
    // Upserted again (another worker starting): still one scheduler per task.
    await producer.schedule([task(ScheduledJobName.SweepOrphanFiles, 3_600_000), task(ScheduledJobName.VerifyPublications, 7_200_000)]);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([
      ['sweep-orphan-files', 3_600_000],
      ['verify-publications', 7_200_000],
    ]);
    expect(await queue.getDelayedCount()).toBe(2);
    await waitForQueuesToDrain([worker.get<QueuePort>(queuePortToken(QueueName.Maintenance))], 2_000);

    await producer.schedule([task(ScheduledJobName.VerifyPublications, 7_200_000)]);
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['verify-publications']);
    expect(await queue.getDelayedCount()).toBe(1);
    expect(runs).toEqual(['sweep']);
  });

  it('refuses a task registered twice or with a period under a second', () => {
    const registry = new ScheduledJobRegistry();
    const run = async () => ({});
    registry.register({ name: ScheduledJobName.SweepOrphanFiles, everyMs: 1000, run });
    expect(() => registry.register({ name: ScheduledJobName.SweepOrphanFiles, everyMs: 1000, run })).toThrow('twice');
    expect(() => registry.register({ name: ScheduledJobName.VerifyPublications, everyMs: 10, run })).toThrow('at least 1000');
  });
});
