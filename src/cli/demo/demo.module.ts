import { Module } from '@nestjs/common';
import { CoreModule } from '../../core.module';
import { CyclesModule } from '../../cycles/cycles.module';
import { ExportsWorkerModule } from '../../exports/exports-worker.module';
import { ExportsModule } from '../../exports/exports.module';
import { FrameworksModule } from '../../frameworks/frameworks.module';
import { PublicationsModule } from '../../publications/publications.module';
import { TargetsModule } from '../../monitoring/targets.module';
import { ReviewsModule } from '../../reviews/reviews.module';
import { ScoringWorkerModule } from '../../scoring/scoring-worker.module';
import { ScoringModule } from '../../scoring/scoring.module';
import { SubmissionsWorkerModule } from '../../submissions/submissions-worker.module';
import { SubmissionsModule } from '../../submissions/submissions.module';
import { UnitsModule } from '../../units/units.module';
import { UsersModule } from '../../users/users.module';

/**
 * The services of the yearly cycle and the queue workers, in one process: the demo is an admin and a worker. The
 * exports with their worker: a publication asks for its public workbook, made here, ready for the page's first click.
 * The monthly monitoring's targets, for the laggards it prints (its feeds are pushed through the HTTP API).
 */
@Module({
  imports: [
    CoreModule,
    UnitsModule,
    UsersModule,
    FrameworksModule,
    CyclesModule,
    SubmissionsModule,
    ReviewsModule,
    ScoringModule,
    TargetsModule,
    PublicationsModule,
    ExportsModule,
    SubmissionsWorkerModule,
    ScoringWorkerModule,
    ExportsWorkerModule,
  ],
})
export class DemoModule {}
