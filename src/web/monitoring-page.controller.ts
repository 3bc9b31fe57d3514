import { Controller, Get, Param, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { MONTH_PATTERN, PublicSeriesService } from '../publications/public-series.service';
import { buildMonitoringPage, buildMonitoringUnitPage, type MonitoringPageModel, type MonitoringUnitPageModel } from './monitoring-page.model';
import { Page, PageException, setPageHeaders } from './page';
import { visitorLang } from './visitor-lang';

const SERIES = /^[A-Za-z0-9._-]{1,64}$/;
const LEVEL = /^[a-z_]{1,16}$/;
const CODE = /^[A-Za-z0-9._-]{1,32}$/;

const NOT_PUBLISHED = () =>
  new PageException(404, 'Chưa có kết quả công bố', 'Chuỗi theo dõi, tháng hoặc đơn vị bạn tìm chưa được công bố. Xem trang chủ để chọn chuỗi đã công bố.');

function pageLanguage(req: Request, res: Response) {
  res.vary('Accept-Language');
  res.vary('Cookie');
  return visitorLang(req);
}

/** The units chosen for the chart (?unit=48&unit=01), as far as they are unit codes. */
function unitsAsked(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && CODE.test(v));
}

/** A 404 page for what is not published; any other refusal as it is. */
async function orNotPublished<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainException && error.code === ErrorCode.NotFound) throw NOT_PUBLISHED();
    throw error;
  }
}

/** The public monitoring pages: a monthly series' league table of a month with its trends, and a unit's series. */
@ApiExcludeController()
@Public()
@Page()
@Controller('monitoring')
export class MonitoringPageController {
  constructor(private readonly series: PublicSeriesService) {}

  @Get(':series/:level')
  @Render('monitoring.njk')
  async league(
    @Param('series') series: string,
    @Param('level') level: string,
    @Query('month') month: unknown,
    @Query('unit') unit: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MonitoringPageModel> {
    if (!SERIES.test(series) || !LEVEL.test(level)) throw NOT_PUBLISHED();
    if (month !== undefined && month !== '' && (typeof month !== 'string' || !MONTH_PATTERN.test(month))) {
      throw new PageException(400, 'Tháng không hợp lệ', 'Tham số month phải là một tháng đã công bố, viết YYYY-MM, ví dụ ?month=2020-12.');
    }
    const asked = typeof month === 'string' && month !== '' ? month : undefined;
    const table = await orNotPublished(this.series.leagueTable(series, level, asked));
    setPageHeaders(res, 'revalidate');
    return buildMonitoringPage(table, { lang: pageLanguage(req, res), chosen: unitsAsked(unit), monthAsked: asked !== undefined });
  }

  @Get(':series/:level/:code')
  @Render('monitoring-unit.njk')
  async unit(
    @Param('series') series: string,
    @Param('level') level: string,
    @Param('code') code: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MonitoringUnitPageModel> {
    if (!SERIES.test(series) || !LEVEL.test(level) || !CODE.test(code)) throw NOT_PUBLISHED();
    const s = await orNotPublished(this.series.unitSeries(series, level, code));
    setPageHeaders(res, 'revalidate');
    return buildMonitoringUnitPage(s, pageLanguage(req, res));
  }
}
