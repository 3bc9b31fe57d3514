import { Module } from '@nestjs/common';
import { PublicationsModule } from '../publications/publications.module';
import { RankingPageController } from './ranking-page.controller';

/** Server-rendered pages (views and assets are set up by setupViews in bootstrap.ts). */
@Module({
  imports: [PublicationsModule],
  controllers: [RankingPageController],
})
export class WebModule {}
