import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MaintenanceProducer } from './maintenance.producer';
import { QUEUE_NAMES } from './queue-name';
import { ScheduledJobRegistry } from './scheduled-job.registry';

/**
 * BullMQ wiring shared by the API (producers) and the worker (processors). Each queue closes its workers before
 * itself on shutdown (@nestjs/bullmq's queue shutdown hook), so a job in flight finishes or is left for a retry.
 */
const QUEUES = QUEUE_NAMES.map((name) => BullModule.registerQueue({ name }));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.REDIS_URL },
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: {
          attempts: 3,
          // Retried after 3 and 6 s: longer than PostgreSQL's crash recovery or a restart (test/faults).
          backoff: { type: 'exponential', delay: 3000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: false,
        },
      }),
    }),
    ...QUEUES,
  ],
  providers: [ScheduledJobRegistry, MaintenanceProducer],
  exports: [...QUEUES, ScheduledJobRegistry, MaintenanceProducer],
})
export class QueueModule {}
