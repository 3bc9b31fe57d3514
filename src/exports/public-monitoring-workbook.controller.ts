import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDoc, invalid, notFound } from '../auth/api-doc';
import { Public } from '../auth/public.decorator';
import { InjectClock, type Clock } from '../common/clock';
import { PublicSeriesMonthQuery, PublicSeriesParams, PublicSeriesUnitParams } from '../publications/dto/public-series-query';
import { PublicSeriesService } from '../publications/public-series.service';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';
import { monitoringLeagueWorkbook, monitoringUnitSeriesWorkbook } from './monitoring-series-workbook';

/** The public workbooks of a monitored series: a published month's league table, a unit's published months. */
@ApiTags('public')
@Public()
@Controller('api/v1/public/monitoring')
export class PublicMonitoringWorkbookController {
  constructor(
    private readonly series: PublicSeriesService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  @ApiDoc({
    summary: "Download a month's league table of a monitoring series",
    does: 'The published month (the latest unless ?month=YYYY-MM; its latest version) as a workbook: rank, unit, index, change against the month before, the target; Vietnamese, numbers as numbers, printable.',
    refusals: [invalid('series, level or month (YYYY-MM)'), notFound('series and level with a published month, or published month of it')],
  })
  @Get(':series/:level/workbook')
  async month(@Param() p: PublicSeriesParams, @Query() q: PublicSeriesMonthQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(res, await monitoringLeagueWorkbook(await this.series.leagueTable(p.series, p.level, q.month), this.clock.now()));
  }

  @ApiDoc({
    summary: "Download a unit's monitoring series",
    does: "The unit's published months, oldest first, as a workbook: index, rank, change, target, and each leaf's value with its counts; Vietnamese, numbers as numbers, printable.",
    refusals: [invalid('series, level or code'), notFound('series and level with a published month, or the unit in any of its months')],
  })
  @Get(':series/:level/units/:code/workbook')
  async unit(@Param() p: PublicSeriesUnitParams, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.send(res, await monitoringUnitSeriesWorkbook(await this.series.unitSeries(p.series, p.level, p.code), this.clock.now()));
  }

  private send(res: Response, file: { fileName: string; content: Buffer }): StreamableFile {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.content, { type: XLSX_CONTENT_TYPE, length: file.content.length, disposition: `attachment; filename="${file.fileName}"` });
  }
}
