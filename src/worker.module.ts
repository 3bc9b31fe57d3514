import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { UploadsWorkerModule } from './storage/uploads-worker.module';
import { ExportsWorkerModule } from './exports/exports-worker.module';
import { PublicationsWorkerModule } from './publications/publications-worker.module';
import { MaintenanceWorkerModule } from './queue/maintenance-worker.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ScoringWorkerModule } from './scoring/scoring-worker.module';
import { SubmissionsWorkerModule } from './submissions/submissions-worker.module';

/** The queue worker: the processors of the scoring, exports, imports and maintenance queues. */
@Module({
  imports: [CoreModule, SubmissionsWorkerModule, ReviewsModule, ScoringWorkerModule, ExportsWorkerModule, PublicationsWorkerModule, MaintenanceWorkerModule, UploadsWorkerModule],
})
export class WorkerModule {}
