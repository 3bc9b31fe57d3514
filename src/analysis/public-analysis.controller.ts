import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { PublicEditionParams, PublicVersionQuery } from '../publications/dto/public-query';
import type { AnalysisResult } from './analysis-result';
import { PublishedAnalysisService } from './published-analysis.service';

/** A published ranking's uncertainty analysis, for anyone, without signing in (beside the ranking it is of). */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicAnalysisController {
  constructor(private readonly analyses: PublishedAnalysisService) {}

  @ApiDoc({
    summary: "Read a published ranking's uncertainty analysis",
    does:
      "The uncertainty and sensitivity analysis frozen with a year and level's publication (the latest version unless ?version=), as its snapshot holds it (covered by its sha256): each unit's official rank, median rank, 5–95 % rank interval, mean rank, P(top k) and P(keeping its rank), the first-order and total sensitivity of each source (null when not computed), and the spec (sources, samples, seed).",
    refusals: [
      invalid('year, level or version'),
      notFound('publication of the year, level and version, or an analysis in it (published without one)'),
      refusal(ErrorCode.Conflict, 'the national level publishes one unit: its score card, never a ranking of one', RefusalReason.LevelNotRanked),
    ],
  })
  @Get('rankings/:year/:level/analysis')
  analysis(@Param() p: PublicEditionParams, @Query() q: PublicVersionQuery): Promise<AnalysisResult> {
    return this.analyses.ofEdition(p.year, p.level, q.version);
  }
}
