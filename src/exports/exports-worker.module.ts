import { Module } from '@nestjs/common';
import { ExportProcessor } from './export.processor';

/** The exports queue's processor, for the worker process. */
@Module({ providers: [ExportProcessor] })
export class ExportsWorkerModule {}
