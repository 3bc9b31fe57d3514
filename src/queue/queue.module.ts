import { getQueueToken } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { BullMqDriver } from './bullmq/bullmq-driver';
import { InProcessDriver } from './in-process/in-process-driver';
import { MaintenanceProducer } from './maintenance.producer';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver';
import { QUEUE_NAMES } from './queue-name';
import { queuePortToken } from './queue-port';
import { QueueWorkers } from './queue-workers';
import { ScheduledJobRegistry } from './scheduled-job.registry';

/** The driver the settings ask for: BullMQ on REDIS_URL, or the in-process driver with REDIS_URL=embedded. */
const driverProvider = {
  provide: QUEUE_DRIVER,
  inject: [AppConfig],
  useFactory: (config: AppConfig): QueueDriver =>
    config.queueDriver === 'in-process' ? new InProcessDriver(config.QUEUE_PREFIX) : new BullMqDriver(config.REDIS_URL, config.QUEUE_PREFIX),
};

/** Each queue's port (queue-port.ts), what producers and status views inject. */
const PORTS = QUEUE_NAMES.map((name) => ({ provide: queuePortToken(name), inject: [QUEUE_DRIVER], useFactory: (driver: QueueDriver) => driver.queue(name) }));

/**
 * BullMQ's own Queue of each name, for tests and tools that look into Redis (job states, counts); null on the
 * in-process driver. Features never inject it: they use the port.
 */
const BULLMQ_QUEUES = QUEUE_NAMES.map((name) => ({
  provide: getQueueToken(name),
  inject: [QUEUE_DRIVER],
  useFactory: (driver: QueueDriver) => (driver instanceof BullMqDriver ? driver.queue(name).queue : null),
}));

/**
 * The queues shared by the API (producers) and the worker (processors), through one driver (queue-driver.ts);
 * QueueWorkers runs this application's processors and closes their workers before the queues.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [driverProvider, ...PORTS, ...BULLMQ_QUEUES, QueueWorkers, ScheduledJobRegistry, MaintenanceProducer],
  exports: [QUEUE_DRIVER, ...PORTS, ...BULLMQ_QUEUES, ScheduledJobRegistry, MaintenanceProducer],
})
export class QueueModule {}
