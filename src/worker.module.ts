import { Module } from '@nestjs/common';
import { AnalysisWorkerModule } from './analysis/analysis-worker.module';
import { CoreModule } from './core.module';
import { UploadsWorkerModule } from './storage/uploads-worker.module';
import { ExportsWorkerModule } from './exports/exports-worker.module';
import { PublicationsWorkerModule } from './publications/publications-worker.module';
import { MaintenanceWorkerModule } from './queue/maintenance-worker.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ScoringWorkerModule } from './scoring/scoring-worker.module';
import { SubmissionsWorkerModule } from './submissions/submissions-worker.module';

/** The queue worker: the processors of the scoring, analysis, exports, imports and maintenance queues. */
@Module({
  imports: [CoreModule, SubmissionsWorkerModule, ReviewsModule, ScoringWorkerModule, ExportsWorkerModule, PublicationsWorkerModule, AnalysisWorkerModule, MaintenanceWorkerModule, UploadsWorkerModule],
})
export class WorkerModule {}
