import { Module } from '@nestjs/common';
import { AnalysisModule } from './analysis/analysis.module';
import { AnalysisPublicationModule } from './analysis/analysis-publication.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule } from './core.module';
import { CyclesModule } from './cycles/cycles.module';
import { ExportsModule } from './exports/exports.module';
import { FrameworksModule } from './frameworks/frameworks.module';
import { HealthModule } from './health/health.module';
import { FeedsModule } from './monitoring/feeds.module';
import { NoticesModule } from './notices/notices.module';
import { TargetsModule } from './monitoring/targets.module';
import { PublicationsModule } from './publications/publications.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ScoringModule } from './scoring/scoring.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

/** The HTTP API. */
@Module({
  imports: [CoreModule, AuthModule.forAccounts(UsersModule), UsersModule, UnitsModule, FrameworksModule, CyclesModule, SubmissionsModule, NoticesModule, ReviewsModule, ScoringModule, TargetsModule, FeedsModule, PublicationsModule, AnalysisModule, AnalysisPublicationModule, ExportsModule, HealthModule, WebModule],
})
export class AppModule {}
