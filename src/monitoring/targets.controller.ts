import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiDoc, invalid, notFound } from '../auth/api-doc';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { MonitoringMonthQuery, MonitoringSeriesParams } from './dto/monitoring-month.query';
import { TargetsService, type MonthDistancesView } from './targets.service';

const UNIT_EXAMPLE = {
  unitId: '0b7e…',
  unitCode: '02',
  unitName: 'Hà Giang',
  unitNameEn: 'Ha Giang',
  indicators: [
    { indicator: 'DVC4', value: 20, trajectory: 30, distance: -10, behind: true },
    { indicator: 'index', value: 20, trajectory: 30, distance: -10, behind: true },
  ],
  behind: true,
  worstDistance: -10,
};

/** Targets and trajectories of the monitored (monthly) series, for administrators: the distances and the laggards. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('api/v1/monitoring')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @ApiDoc({
    summary: "List a month's laggards (đôn đốc)",
    does:
      "The units behind their trajectory in the month (the framework's targets read on the month's last day), the furthest behind first, with each targeted indicator's value (on its own scale: a rate of counts as a percent, the index), trajectory and distance (value − trajectory); and every unit's distances (`units`). Values come from the month's latest succeeded score run (`run` null: not scored yet, nobody is listed).",
    refusals: [invalid('series, level or month (YYYY-MM)'), notFound('month of the series at that level')],
    responseExample: {
      series: 'DVCTT',
      level: 'province',
      month: '2020-12',
      day: '2020-12-31',
      indicators: [{ indicator: 'DVC4', nameVi: 'Tỷ lệ dịch vụ công trực tuyến mức độ 4', nameEn: 'Rate of level-4 online public services', trajectory: 30 }],
      laggards: [UNIT_EXAMPLE],
    },
  })
  @Get(':series/:level/laggards')
  @Roles(Role.Admin)
  laggards(@Param() p: MonitoringSeriesParams, @Query() q: MonitoringMonthQuery): Promise<MonthDistancesView> {
    return this.targets.month(p.series, p.level, q.month);
  }

  @ApiDoc({
    summary: "Read a month's distances to the targets",
    does: "The same reading as the laggards, every unit by code in `units` (laggards beside them).",
    refusals: [invalid('series, level or month (YYYY-MM)'), notFound('month of the series at that level')],
  })
  @Get(':series/:level/distances')
  @Roles(Role.Admin)
  distances(@Param() p: MonitoringSeriesParams, @Query() q: MonitoringMonthQuery): Promise<MonthDistancesView> {
    return this.targets.month(p.series, p.level, q.month);
  }
}
