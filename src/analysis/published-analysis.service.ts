import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { assertRankedLevel, PublicResultsService } from '../publications/public-results.service';
import type { AnalysisResult } from './analysis-result';
import { publishedAnalysis } from './published-analysis';

/** The analyses publications froze, for the public API and pages (read from the snapshots, see published-analysis.ts). */
@Injectable()
export class PublishedAnalysisService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly results: PublicResultsService,
  ) {}

  /** A publication's analysis, or null when it was published without one. */
  ofPublication(publicationId: string): Promise<AnalysisResult | null> {
    return publishedAnalysis(this.db.manager, publicationId);
  }

  /** The analysis of a year and level's publication (the latest version unless one is asked for), or a 404 saying why. */
  async ofEdition(year: number, level: string, version?: number): Promise<AnalysisResult> {
    assertRankedLevel(year, level);
    const publication = await this.results.publication(year, level, version);
    const analysis = await this.ofPublication(publication.id);
    if (!analysis) {
      throw DomainException.notFound(
        'uncertainty analysis',
        `of the ${year} ${level} ranking version ${publication.version}: it was published without one (an analysis is published when it is run before publishing)`,
      );
    }
    return analysis;
  }
}
