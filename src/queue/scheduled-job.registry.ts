import { Injectable } from '@nestjs/common';
import type { ScheduledJobName, ScheduledTask } from './scheduled-job';

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

  get(name: string): ScheduledTask | undefined {
    return this.tasks.get(name as ScheduledJobName);
  }

  all(): ScheduledTask[] {
    return [...this.tasks.values()];
  }
}
