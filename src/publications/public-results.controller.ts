import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { PublicEditionParams, PublicUnitParams, PublicVersionQuery } from './dto/public-query';
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

  @Get('rankings/:year/:level')
  ranking(@Param() p: PublicEditionParams, @Query() q: PublicVersionQuery) {
    return this.results.ranking(p.year, p.level, q.version);
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
