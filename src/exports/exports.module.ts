import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicationsModule } from '../publications/publications.module';
import { ExportsController, PublicWorkbookController } from './exports.controller';
import { ExportsProducer } from './exports.producer';
import { ExportsService } from './exports.service';
import { ExportJob } from './export-job.entity';

/** Excel exports: asked for through the API, made by jobs on the exports queue (ExportsWorkerModule). */
@Module({
  imports: [TypeOrmModule.forFeature([ExportJob]), PublicationsModule],
  controllers: [ExportsController, PublicWorkbookController],
  providers: [ExportsService, ExportsProducer],
  exports: [ExportsService],
})
export class ExportsModule {}
