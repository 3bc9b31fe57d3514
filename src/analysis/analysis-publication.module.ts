import { Module } from '@nestjs/common';
import { PublicationsModule } from '../publications/publications.module';
import { AnalysisPublication } from './analysis-publication';
import { PublicAnalysisController } from './public-analysis.controller';
import { PublishedAnalysisService } from './published-analysis.service';

/**
 * Analyses as part of publications (issue #22 point 4): frozen in the snapshot when publishing, and read back from it
 * by the public API, the ranking page and the ranking workbook.
 */
@Module({
  imports: [PublicationsModule],
  controllers: [PublicAnalysisController],
  providers: [AnalysisPublication, PublishedAnalysisService],
  exports: [PublishedAnalysisService],
})
export class AnalysisPublicationModule {}
