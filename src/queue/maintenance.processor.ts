import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { MaintenanceProducer } from './maintenance.producer';
import { QueueName } from './queue-name';
import { ScheduledJobRegistry } from './scheduled-job.registry';

/**
 * Runs the housekeeping tasks the features registered, one at a time, by job name; at start (every module's
 * onModuleInit has registered its tasks by then) puts them on their schedules unless SCHEDULED_JOBS is off.
 */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly registry: ScheduledJobRegistry,
    private readonly producer: MaintenanceProducer,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SCHEDULED_JOBS) await this.producer.schedule(this.registry.all());
  }

  async process(job: Job): Promise<Record<string, unknown>> {
    const task = this.registry.get(job.name);
    // A task another version of the worker registered: retrying here cannot help.
    if (!task) throw new UnrecoverableError(`no scheduled task named ${job.name} in this worker`);
    return task.run();
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job, result: Record<string, unknown>): void {
    this.logger.log({ task: job.name, jobId: job.id, result }, 'scheduled task done');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ task: job?.name, jobId: job?.id, err: error }, 'scheduled task failed');
  }
}
