import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { dispatchJob } from './dispatch-job';
import { MaintenanceProducer } from './maintenance.producer';
import { QueueName } from './queue-name';
import type { QueueJob } from './queue-port';
import { QueueProcessor, type QueueProcessorHost } from './queue-processor';
import { UnrecoverableError } from './unrecoverable-error';
import type { MaintenanceJobs, TaskSummary } from './scheduled-job';
import { ScheduledJobRegistry } from './scheduled-job.registry';

/**
 * Runs the housekeeping tasks the features registered, one at a time, by job name; at start (every module's
 * onModuleInit has registered its tasks by then) puts them on their schedules unless SCHEDULED_JOBS is off.
 */
@QueueProcessor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor implements QueueProcessorHost, OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly registry: ScheduledJobRegistry,
    private readonly producer: MaintenanceProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SCHEDULED_JOBS) await this.producer.schedule(this.registry.all());
  }

  async process(job: QueueJob): Promise<TaskSummary> {
    return dispatchJob<MaintenanceJobs, TaskSummary>(
      job,
      this.registry.handlers(),
      // A task another version of the worker registered: retrying here cannot help.
      (name) => new UnrecoverableError(`no scheduled task named ${name} in this worker`),
    );
  }

  onCompleted(job: QueueJob, result: unknown): void {
    this.logger.log({ task: job.name, jobId: job.id, result }, 'scheduled task done');
  }

  onFailed(job: QueueJob | undefined, error: Error): void {
    this.logger.error({ task: job?.name, jobId: job?.id, err: error }, 'scheduled task failed');
  }
}
