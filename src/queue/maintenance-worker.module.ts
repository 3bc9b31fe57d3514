import { Module } from '@nestjs/common';
import { MaintenanceProcessor } from './maintenance.processor';

/** The maintenance queue's processor, for the worker process. */
@Module({ providers: [MaintenanceProcessor] })
export class MaintenanceWorkerModule {}
