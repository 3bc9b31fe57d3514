import { Module } from '@nestjs/common';
import { AnalysisPublicationModule } from './analysis/analysis-publication.module';
import { AnalysisWorkerModule } from './analysis/analysis-worker.module';
import { CoreModule } from './core.module';
import { UploadsWorkerModule } from './storage/uploads-worker.module';
import { ExportsModule } from './exports/exports.module';
import { ExportsWorkerModule } from './exports/exports-worker.module';
import { PublicationsWorkerModule } from './publications/publications-worker.module';
import { MaintenanceWorkerModule } from './queue/maintenance-worker.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ScoringWorkerModule } from './scoring/scoring-worker.module';
import { SubmissionsWorkerModule } from './submissions/submissions-worker.module';

/**
 * The queue worker: the processors of the scoring, analysis, exports, publication, imports and maintenance queues.
 * Publishing runs here, so the features that take part in it are here as in the API: the analysis frozen in a
 * snapshot (AnalysisPublicationModule) and the workbooks asked for once published (ExportsModule).
 */
@Module({
  imports: [
    CoreModule,
    SubmissionsWorkerModule,
    ReviewsModule,
    ScoringWorkerModule,
    ExportsWorkerModule,
    ExportsModule,
    PublicationsWorkerModule,
    AnalysisWorkerModule,
    AnalysisPublicationModule,
    MaintenanceWorkerModule,
    UploadsWorkerModule,
  ],
})
export class WorkerModule {}
