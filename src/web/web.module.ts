import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PublicationsModule } from '../publications/publications.module';
import { UsersModule } from '../users/users.module';
import { AuthPagesController } from './auth-pages.controller';
import { RankingPageController } from './ranking-page.controller';
import { WebSessionSettings } from './session';
import { WebAuthGuard, WebAuthService } from './web-auth';

/**
 * Server-rendered pages (views and assets are set up by setupViews, the session cookies by webSessionMiddleware,
 * both in bootstrap.ts): the public ranking pages, and the web app of officers, reviewers and administrators.
 */
@Module({
  imports: [PublicationsModule, UsersModule],
  controllers: [RankingPageController, AuthPagesController],
  providers: [
    { provide: WebSessionSettings, inject: [AppConfig], useFactory: (config: AppConfig) => new WebSessionSettings(config) },
    WebAuthService,
    WebAuthGuard,
  ],
})
export class WebModule {}
