import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { PublicSeriesMonthQuery, PublicSeriesParams, PublicSeriesUnitParams } from './dto/public-series-query';
import { PublicSeriesService } from './public-series.service';

const LEAGUE_EXAMPLE = {
  series: 'DVCTT',
  level: 'province',
  month: '2020-12',
  version: 1,
  publicationId: '7c1f9a52-0d6e-4f0e-9a35-2b8c8e0c1a10',
  sha256: '3f0a…',
  publishedAt: '2021-01-08T03:00:00.000Z',
  framework: { code: 'DVCTT', version: '2020.1', nameVi: 'Tỷ lệ dịch vụ công trực tuyến mức độ 4 (cấp tỉnh)', nameEn: 'Rate of level-4 online public services (provinces)', scale: 100, precision: 2 },
  months: [
    { month: '2020-12', version: 1, publicationId: '7c1f9a52-…', publishedAt: '2021-01-08T03:00:00.000Z' },
    { month: '2020-11', version: 1, publicationId: '51d0e2c4-…', publishedAt: '2020-12-07T03:00:00.000Z' },
  ],
  previousMonth: '2020-11',
  target: { indicator: 'index', at: '2020-12-31', value: 30, descriptionVi: 'Thông báo: ít nhất 30 % trong năm 2020 …', descriptionEn: 'The notice: at least 30 % in 2020 …' },
  trend: { months: ['2020-11', '2020-12'], target: [27.29, 30] },
  rows: [
    {
      rank: 1,
      groupRank: null,
      code: '48',
      nameVi: 'Đà Nẵng',
      nameEn: 'Da Nang',
      unitGroup: null,
      ranked: true,
      index: 62.5,
      change: { previousIndex: 58, previousRank: 2, index: 4.5, rank: 1 },
      sparkline: [58, 62.5],
    },
  ],
};

/** The published months of the periodic (monthly) series, for anyone, without signing in. */
@ApiTags('public')
@Public()
@Controller('api/v1/public/monitoring')
export class PublicSeriesController {
  constructor(private readonly series: PublicSeriesService) {}

  @ApiDoc({
    summary: 'List the published monitoring series',
    does: 'Each series (its framework code) and level with a published month: its name, latest month and how many months are published.',
  })
  @Get()
  list() {
    return this.series.list();
  }

  @ApiDoc({
    summary: "Read a month's league table of a monitoring series",
    does:
      "A published month's league table (the latest month unless ?month=YYYY-MM; each month's latest version): each unit's rank (ties share a rank, as the engine ranks), index, change of index and rank against the series' previous month (as taken when the month was published), and its index in the last 12 months (sparkline, the months in trend.months); the months published (newest first); the framework's target for the index on the month's last day (its trajectory), when it has one.",
    refusals: [invalid('series, level or month (YYYY-MM)'), notFound('series and level with a published month, or published month of it')],
    responseExample: LEAGUE_EXAMPLE,
  })
  @Get(':series/:level')
  leagueTable(@Param() p: PublicSeriesParams, @Query() q: PublicSeriesMonthQuery) {
    return this.series.leagueTable(p.series, p.level, q.month);
  }

  @ApiDoc({
    summary: "Read a unit's monitoring series",
    does:
      "A unit's published months of a series, oldest first: each month's index, rank, change against the previous month, the target trajectory's value, and per leaf indicator its value (0..1) and points, its rank by value among the month's ranked units, its change from the month before, and its counts (e.g. online and total services) where the leaf has them, as published.",
    refusals: [invalid('series, level or code'), notFound('series and level with a published month, or the unit in any of its months')],
  })
  @Get(':series/:level/units/:code')
  unitSeries(@Param() p: PublicSeriesUnitParams) {
    return this.series.unitSeries(p.series, p.level, p.code);
  }
}
