import { Module } from '@nestjs/common';
import { PublicationsModule } from '../publications/publications.module';
import { ExportsController, PublicWorkbookController } from './exports.controller';
import { ExportsProducer } from './exports.producer';
import { ExportsService } from './exports.service';

/** Excel exports: asked for through the API, made by jobs on the exports queue (ExportsWorkerModule). */
@Module({
  imports: [PublicationsModule],
  controllers: [ExportsController, PublicWorkbookController],
  providers: [ExportsService, ExportsProducer],
  exports: [ExportsService],
})
export class ExportsModule {}
