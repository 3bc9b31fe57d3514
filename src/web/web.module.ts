import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AnalysisPublicationModule } from '../analysis/analysis-publication.module';
import { AnalysisModule } from '../analysis/analysis.module';
import { CyclesModule } from '../cycles/cycles.module';
import { ExportsModule } from '../exports/exports.module';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { NoticesModule } from '../notices/notices.module';
import { PublicationsModule } from '../publications/publications.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { TargetsModule } from '../monitoring/targets.module';
import { ScoringModule } from '../scoring/scoring.module';
import { storedUploadsModule } from '../storage/stored-uploads.module';
import { storeEvidenceFile } from '../submissions/store-evidence-file';
import { SubmissionsModule } from '../submissions/submissions.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { AdminAuditPageController } from './admin-audit-page.controller';
import { AuditExportController } from './audit-export.controller';
import { AdminCyclePagesController } from './admin-cycle-pages.controller';
import { AdminMonitoringPagesController } from './admin-monitoring-pages.controller';
import { AdminCycleProgressPageController } from './admin-cycle-progress-page.controller';
import { AdminCyclesPagesController } from './admin-cycles-pages.controller';
import { OfficerTemplatePagesController } from './officer-template-pages.controller';
import { OfficerClarificationsPagesController } from './officer-clarifications-pages.controller';
import { OfficerReviewPagesController } from './officer-review-pages.controller';
import { OfficerScoreCardPagesController } from './officer-score-card-pages.controller';
import { ReviewerWorkbookPagesController } from './reviewer-workbook-pages.controller';
import { AdminAssignmentsPagesController } from './admin-assignments-pages.controller';
import { AdminUnitsPagesController } from './admin-units-pages.controller';
import { AdminUsersPagesController } from './admin-users-pages.controller';
import { AdminFrameworksPagesController } from './admin-frameworks-pages.controller';
import { AdminExtensionsPagesController } from './admin-extensions-pages.controller';
import { AdminParticipantsPagesController } from './admin-participants-pages.controller';
import { AdminExportsPagesController } from './admin-exports-pages.controller';
import { AuthPagesController } from './auth-pages.controller';
import { HomePageController } from './home-page.controller';
import { OfficerCyclesPageController } from './officer-cycles-page.controller';
import { OfficerEvidencePagesController } from './officer-evidence-pages.controller';
import { OfficerSelfAssessmentPagesController } from './officer-self-assessment-pages.controller';
import { FrontDoorController } from './front-door.controller';
import { RankingPageController } from './ranking-page.controller';
import { MonitoringPageController } from './monitoring-page.controller';
import { ReviewerCyclesPagesController } from './reviewer-cycles-pages.controller';
import { ReviewerUnitPagesController } from './reviewer-unit-pages.controller';
import { SelfAssessmentPage } from './self-assessment.page';
import { CycleProgressReader } from './cycle-progress.reader';
import { WebSessionSettings } from './session';
import { WebAuthGuard, WebAuthService } from './web-auth';

/**
 * Server-rendered pages (views and assets are set up by setupViews, the session cookies by webSessionMiddleware,
 * both in bootstrap.ts): the public ranking pages, and the web app of officers, reviewers and administrators, on
 * the features' own services.
 */
@Module({
  imports: [
    PublicationsModule,
    AnalysisPublicationModule,
    // The what-if of the officer's score card (WhatIfService).
    AnalysisModule,
    UsersModule,
    UnitsModule,
    CyclesModule,
    FrameworksModule,
    SubmissionsModule,
    NoticesModule,
    ReviewsModule,
    ScoringModule,
    TargetsModule,
    ExportsModule,
    // Evidence uploads from the pages: the same upload configuration as the API's.
    storedUploadsModule(storeEvidenceFile),
  ],
  controllers: [
    FrontDoorController,
    RankingPageController,
    MonitoringPageController,
    AuthPagesController,
    HomePageController,
    OfficerCyclesPageController,
    OfficerSelfAssessmentPagesController,
    OfficerEvidencePagesController,
    ReviewerCyclesPagesController,
    ReviewerUnitPagesController,
    AdminCyclesPagesController,
    AdminCyclePagesController,
    AdminMonitoringPagesController,
    AdminCycleProgressPageController,
    AdminAuditPageController,
    AuditExportController,
    OfficerTemplatePagesController,
    OfficerClarificationsPagesController,
    OfficerReviewPagesController,
    OfficerScoreCardPagesController,
    ReviewerWorkbookPagesController,
    AdminAssignmentsPagesController,
    AdminUnitsPagesController,
    AdminUsersPagesController,
    AdminFrameworksPagesController,
    AdminParticipantsPagesController,
    AdminExtensionsPagesController,
    AdminExportsPagesController,
  ],
  providers: [
    { provide: WebSessionSettings, inject: [AppConfig], useFactory: (config: AppConfig) => new WebSessionSettings(config) },
    WebAuthService,
    SelfAssessmentPage,
    CycleProgressReader,
    WebAuthGuard,
  ],
})
export class WebModule {}
