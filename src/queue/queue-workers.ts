import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { QUEUE_DRIVER, type QueueDriver } from './queue-driver';
import { QUEUE_PROCESSOR, type QueueProcessorHost, type QueueProcessorMetadata } from './queue-processor';

/**
 * Finds this application's queue processors (@QueueProcessor) once every module is ready (their scheduled tasks
 * registered) and has the driver run their queues; at shutdown closes the workers first (a job in flight finishes,
 * or is left for a retry), before any connection or the database closes, then the queues.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const meta = this.reflector.get<QueueProcessorMetadata | undefined>(QUEUE_PROCESSOR, metatype);
      if (!meta) continue;
      const processor = instance as QueueProcessorHost;
      this.driver.work(meta.queueName, processor, { ...meta.options, ...processor.workerOptions?.() });
      this.logger.debug(`${metatype.name} takes the ${meta.queueName} queue (${this.driver.kind})`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.closeWorkers();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
