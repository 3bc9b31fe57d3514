import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { CyclesModule } from '../cycles/cycles.module';
import { ExportsModule } from '../exports/exports.module';
import { FILE_STORAGE, type FileStorage } from '../evidence/file-storage';
import { fileStorageEngine } from '../evidence/file-storage.multer-engine';
import { OrphanFilesService } from '../evidence/orphan-files.service';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { PublicationsModule } from '../publications/publications.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { ScoringModule } from '../scoring/scoring.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { AdminPagesController } from './admin-pages.controller';
import { OfficerTemplatePagesController } from './officer-template-pages.controller';
import { OfficerResultsPagesController } from './officer-results-pages.controller';
import { ReviewerWorkbookPagesController } from './reviewer-workbook-pages.controller';
import { AdminAssignmentsPagesController } from './admin-assignments-pages.controller';
import { AdminUnitsPagesController } from './admin-units-pages.controller';
import { AdminUsersPagesController } from './admin-users-pages.controller';
import { AdminFrameworksPagesController } from './admin-frameworks-pages.controller';
import { AdminCycleUnitsPagesController } from './admin-cycle-units-pages.controller';
import { AdminExportsPagesController } from './admin-exports-pages.controller';
import { AuthPagesController } from './auth-pages.controller';
import { OfficerPagesController } from './officer-pages.controller';
import { RankingPageController } from './ranking-page.controller';
import { ReviewerPagesController } from './reviewer-pages.controller';
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
    UsersModule,
    UnitsModule,
    CyclesModule,
    FrameworksModule,
    SubmissionsModule,
    ReviewsModule,
    ScoringModule,
    ExportsModule,
    // Evidence uploads from the pages: the same storage engine and limits as the API's.
    MulterModule.registerAsync({
      inject: [AppConfig, FILE_STORAGE, OrphanFilesService],
      useFactory: (config: AppConfig, storage: FileStorage, orphans: OrphanFilesService) => ({
        storage: fileStorageEngine(storage, config.UPLOAD_MAX_BYTES, orphans),
        limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [
    RankingPageController,
    AuthPagesController,
    OfficerPagesController,
    ReviewerPagesController,
    AdminPagesController,
    OfficerTemplatePagesController,
    OfficerResultsPagesController,
    ReviewerWorkbookPagesController,
    AdminAssignmentsPagesController,
    AdminUnitsPagesController,
    AdminUsersPagesController,
    AdminFrameworksPagesController,
    AdminCycleUnitsPagesController,
    AdminExportsPagesController,
  ],
  providers: [
    { provide: WebSessionSettings, inject: [AppConfig], useFactory: (config: AppConfig) => new WebSessionSettings(config) },
    WebAuthService,
    WebAuthGuard,
  ],
})
export class WebModule {}
