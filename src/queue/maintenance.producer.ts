import { Injectable } from '@nestjs/common';
import { QueueName } from './queue-name';
import { InjectQueuePort, type QueuedJob, type QueuePort } from './queue-port';
import type { MaintenanceJobs, ScheduledJobName, ScheduledTask } from './scheduled-job';

/** Housekeeping runs are kept for a while for the record; a failed one is retried once, then kept. */
const KEEP = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 }, attempts: 2 } as const;

/** The one producer of the maintenance queue: the tasks' schedules, and a run of one now. */
@Injectable()
export class MaintenanceProducer {
  constructor(@InjectQueuePort(QueueName.Maintenance) private readonly queue: QueuePort<MaintenanceJobs>) {}

  /**
   * One job scheduler per task, its name the id (so every worker that starts upserts the same one), and removes the
   * schedulers of tasks that no longer exist. The first run comes one period after the first start, not at once:
   * a fleet of workers restarting does not sweep or verify on every start.
   */
  async schedule(tasks: ScheduledTask[]): Promise<void> {
    const names = new Set<string>(tasks.map((t) => t.name));
    for (const key of await this.queue.schedulerKeys()) {
      if (!names.has(key)) await this.queue.removeScheduler(key);
    }
    for (const task of tasks) {
      await this.queue.upsertScheduler(
        task.name,
        { every: task.everyMs, startDate: Date.now() + task.everyMs },
        { name: task.name, data: {}, opts: KEEP },
      );
    }
  }

  /** Runs a task once, now (an administrator's request, a test); its job id says it was asked for, and when. */
  async runNow(name: ScheduledJobName): Promise<QueuedJob> {
    return this.queue.add(name, {}, { ...KEEP, jobId: `${name}-now-${Date.now()}` });
  }
}
