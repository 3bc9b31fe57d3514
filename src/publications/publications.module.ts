import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { PublicResultsController } from './public-results.controller';
import { PublicResultsService } from './public-results.service';
import { PublicSeriesController } from './public-series.controller';
import { PublicSeriesService } from './public-series.service';
import { PublicationIntegrityService } from './publication-integrity.service';
import { PublicationJob } from './publication-job.entity';
import { PublicationJobsService } from './publication-jobs.service';
import { PublicationProducer } from './publication.producer';
import { PublicationMadeRegistry } from './publication-made.registry';
import { SnapshotSectionRegistry } from './snapshot-section.registry';
import { PublicationsController } from './publications.controller';
import { PublicationsService } from './publications.service';
import { PublicationCheck } from './publication-check.entity';
import { PublicationResult } from './publication-result.entity';
import { PublicationSnapshotChunk } from './publication-snapshot-chunk.entity';
import { Publication } from './publication.entity';

@Module({
  imports: [TypeOrmModule.forFeature([PublicationCheck, PublicationResult, PublicationSnapshotChunk, Publication, PublicationJob]), CyclesModule, ScoringModule],
  controllers: [PublicationsController, PublicResultsController, PublicSeriesController],
  providers: [PublicationsService, PublicationJobsService, PublicationProducer, PublicResultsService, PublicSeriesService, PublicationIntegrityService, PublicationMadeRegistry, SnapshotSectionRegistry],
  exports: [PublicationsService, PublicationJobsService, PublicResultsService, PublicSeriesService, PublicationIntegrityService, PublicationMadeRegistry, SnapshotSectionRegistry],
})
export class PublicationsModule {}
