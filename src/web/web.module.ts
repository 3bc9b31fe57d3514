import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../config/app-config';
import { CyclesModule } from '../cycles/cycles.module';
import { FILE_STORAGE, type FileStorage } from '../evidence/file-storage';
import { fileStorageEngine } from '../evidence/file-storage.multer-engine';
import { FrameworksModule } from '../frameworks/frameworks.module';
import { PublicationsModule } from '../publications/publications.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { ScoringModule } from '../scoring/scoring.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { UnitsModule } from '../units/units.module';
import { UsersModule } from '../users/users.module';
import { AdminPagesController } from './admin-pages.controller';
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
    // Evidence uploads from the pages: the same storage engine and limits as the API's.
    MulterModule.registerAsync({
      inject: [AppConfig, FILE_STORAGE],
      useFactory: (config: AppConfig, storage: FileStorage) => ({
        storage: fileStorageEngine(storage, config.UPLOAD_MAX_BYTES),
        limits: { files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [RankingPageController, AuthPagesController, OfficerPagesController, ReviewerPagesController, AdminPagesController],
  providers: [
    { provide: WebSessionSettings, inject: [AppConfig], useFactory: (config: AppConfig) => new WebSessionSettings(config) },
    WebAuthService,
    WebAuthGuard,
  ],
})
export class WebModule {}
