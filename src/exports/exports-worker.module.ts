import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExportJob } from './export-job.entity';
import { ExportProcessor } from './export.processor';

/** The exports queue's processor, for the worker process. */
@Module({ imports: [TypeOrmModule.forFeature([ExportJob])], providers: [ExportProcessor] })
export class ExportsWorkerModule {}
