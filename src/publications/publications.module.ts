import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { PublicResultsController } from './public-results.controller';
import { PublicResultsService } from './public-results.service';
import { PublicationIntegrityService } from './publication-integrity.service';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';

@Module({
  imports: [CyclesModule],
  controllers: [PublicationsController, PublicResultsController],
  providers: [PublicationsService, PublicResultsService, PublicationIntegrityService],
  exports: [PublicationsService, PublicResultsService, PublicationIntegrityService],
})
export class PublicationsModule {}
