import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiDoc, invalid, notFound } from '../auth/api-doc';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { InjectClock, type Clock } from '../common/clock';
import { MonitoringMonthQuery, MonitoringSeriesParams } from '../monitoring/dto/monitoring-month.query';
import { TargetsService } from '../monitoring/targets.service';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';
import { monitoringMonthWorkbook } from './monitoring-month-workbook';

/**
 * The monthly workbook of a monitored series' distances and laggards. A level's units make a small file (63
 * provinces, a few KB), made on request as the progress and audit workbooks are, not through the exports queue.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/monitoring')
export class MonitoringWorkbookController {
  constructor(
    private readonly targets: TargetsService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  @ApiDoc({
    summary: "Download a month's distances and laggards as a workbook",
    does: "The laggards (the API's order) and every unit's value, trajectory and distance per targeted indicator, in Vietnamese, numbers as numbers, printable.",
    refusals: [invalid('series, level or month (YYYY-MM)'), notFound('month of the series at that level')],
  })
  @Get(':series/:level/workbook')
  @Roles(Role.Admin)
  async workbook(@Param() p: MonitoringSeriesParams, @Query() q: MonitoringMonthQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await monitoringMonthWorkbook(await this.targets.month(p.series, p.level, q.month), this.clock.now());
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(file.content, { type: XLSX_CONTENT_TYPE, length: file.content.length, disposition: `attachment; filename="${file.fileName}"` });
  }
}
