import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { PublicEditionParams, PublicRankingQuery, PublicUnitParams, PublicVersionQuery, PublicYearParams } from './dto/public-query';
import { PublicResultsService } from './public-results.service';

/** Published results, for anyone, without signing in. */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicResultsController {
  constructor(private readonly results: PublicResultsService) {}

  /** The years and levels published, with every version. */
  @Get('editions')
  editions() {
    return this.results.editions();
  }

  /**
   * A ranking; of a grouped level (ministry) the groups are listed with each row's group and group rank, or one
   * group's rows are given (?group=). The national level is refused (409): its result is the score card below.
   */
  @Get('rankings/:year/:level')
  ranking(@Param() p: PublicEditionParams, @Query() q: PublicRankingQuery) {
    return this.results.ranking(p.year, p.level, q.version, q.group);
  }

  /** The national score card: the index, each group with its value and points, and the change from the previous edition. */
  @Get('rankings/:year/national/card')
  nationalCard(@Param() p: PublicYearParams, @Query() q: PublicVersionQuery) {
    return this.results.nationalCard(p.year, q.version);
  }

  @Get('rankings/:year/:level/units/:code')
  scoreCard(@Param() p: PublicUnitParams, @Query() q: PublicVersionQuery) {
    return this.results.scoreCard(p.year, p.level, p.code, q.version);
  }

  @Get('methodology/:year/:level')
  methodology(@Param() p: PublicEditionParams, @Query() q: PublicVersionQuery) {
    return this.results.methodology(p.year, p.level, q.version);
  }
}
