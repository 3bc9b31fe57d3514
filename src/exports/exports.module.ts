import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TargetsModule } from '../monitoring/targets.module';
import { PublicationsModule } from '../publications/publications.module';
import { ExportsController, PublicWorkbookController } from './exports.controller';
import { ExportsProducer } from './exports.producer';
import { ExportsService } from './exports.service';
import { ExportJob } from './export-job.entity';
import { MonitoringWorkbookController } from './monitoring-workbook.controller';
import { PublicMonitoringWorkbookController } from './public-monitoring-workbook.controller';

/** Excel exports: asked for through the API, made by jobs on the exports queue (ExportsWorkerModule). */
@Module({
  imports: [TypeOrmModule.forFeature([ExportJob]), PublicationsModule, TargetsModule],
  controllers: [ExportsController, PublicWorkbookController, MonitoringWorkbookController, PublicMonitoringWorkbookController],
  providers: [ExportsService, ExportsProducer],
  exports: [ExportsService],
})
export class ExportsModule {}
