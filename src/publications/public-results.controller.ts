import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { PublicEditionParams, PublicRankingQuery, PublicUnitParams, PublicVersionQuery, PublicYearParams } from './dto/public-query';
import { PUBLIC_RANKING_EXAMPLE } from './public-ranking.examples';
import { PublicResultsService } from './public-results.service';

/** Published results, for anyone, without signing in. */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicResultsController {
  constructor(private readonly results: PublicResultsService) {}

  /** The years and levels published, with every version. */
  @ApiDoc({ summary: 'List the published editions', does: 'Every year and level published, newest first, with each version (its sha256 and, for a correction, its reason).' })
  @Get('editions')
  editions() {
    return this.results.editions();
  }

  /**
   * A ranking; of a grouped level (ministry) the groups are listed with each row's group and group rank, or one
   * group's rows are given (?group=). The national level is refused (409): its result is the score card below.
   */
  @ApiDoc({
    summary: 'Read a published ranking',
    does:
      "A year and level's published ranking (the latest version unless ?version=): each unit's rank, index, top-level groups, main indicators and pillars, and last year's value and rank. A grouped level (ministry: with and without public services) lists its groups and gives each row its group and group rank; ?group= serves one group's rows with the group rank as the rank.",
    refusals: [
      invalid('year, level, version or group (a group must be one of the publication\'s: details name the allowed values)'),
      notFound('publication of the year, level and version'),
      refusal(ErrorCode.Conflict, 'the national level publishes one unit: its score card (details.scoreCard), never a ranking of one', RefusalReason.LevelNotRanked),
    ],
    responseExample: PUBLIC_RANKING_EXAMPLE,
  })
  @Get('rankings/:year/:level')
  ranking(@Param() p: PublicEditionParams, @Query() q: PublicRankingQuery) {
    return this.results.ranking(p.year, p.level, q.version, q.group);
  }

  /** The national score card: the index, each group with its value and points, and the change from the previous edition. */
  @ApiDoc({
    summary: 'Read the national score card',
    does: "The national publication's one unit (Việt Nam): its index, each top-level group and pillar with value and points, and the change from the previous national edition (null when none).",
    refusals: [invalid('year or version'), notFound('national publication of the year and version')],
  })
  @Get('rankings/:year/national/card')
  nationalCard(@Param() p: PublicYearParams, @Query() q: PublicVersionQuery) {
    return this.results.nationalCard(p.year, q.version);
  }

  @ApiDoc({
    summary: "Read a unit's published score card",
    does: "One unit's published values per node (value, points, contribution, rank), in the framework's order, with its rank, group rank and last year's value.",
    refusals: [invalid('year, level, code or version'), notFound('publication, or unit in it')],
  })
  @Get('rankings/:year/:level/units/:code')
  scoreCard(@Param() p: PublicUnitParams, @Query() q: PublicVersionQuery) {
    return this.results.scoreCard(p.year, p.level, p.code, q.version);
  }

  @ApiDoc({
    summary: 'Read the methodology of a publication',
    does: "The framework a publication was scored by: its tree with points, weights, rules and sources, as published.",
    refusals: [invalid('year, level or version'), notFound('publication of the year, level and version')],
  })
  @Get('methodology/:year/:level')
  methodology(@Param() p: PublicEditionParams, @Query() q: PublicVersionQuery) {
    return this.results.methodology(p.year, p.level, q.version);
  }
}
