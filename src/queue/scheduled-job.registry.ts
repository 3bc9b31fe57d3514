import { Injectable } from '@nestjs/common';
import type { JobHandlers } from './dispatch-job';
import type { MaintenanceJobs, ScheduledJobName, ScheduledTask, TaskSummary } from './scheduled-job';

/** The tasks of this process's features, by name: filled at module init, read by the maintenance processor. */
@Injectable()
export class ScheduledJobRegistry {
  private readonly tasks = new Map<ScheduledJobName, ScheduledTask>();

  register(task: ScheduledTask): void {
    if (this.tasks.has(task.name)) throw new Error(`scheduled task ${task.name} registered twice`);
    if (!(Number.isInteger(task.everyMs) && task.everyMs >= 1000)) {
      throw new Error(`scheduled task ${task.name}: everyMs must be a whole number of ms, at least 1000`);
    }
    this.tasks.set(task.name, task);
  }

  /** The maintenance queue's handlers: each registered task's run, by its name (a task not registered has none). */
  handlers(): Partial<JobHandlers<MaintenanceJobs, TaskSummary>> {
    return Object.fromEntries([...this.tasks].map(([name, task]) => [name, () => task.run()]));
  }

  all(): ScheduledTask[] {
    return [...this.tasks.values()];
  }
}
