import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '../auth/role';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { monitoringMonthWorkbook } from '../exports/monitoring-month-workbook';
import type { UnitMonth } from '../monitoring/month-distances';
import { TargetsService, type MonthDistancesView } from '../monitoring/targets.service';
import { formText } from './form-values';
import { localName, type Lang, type MessageKey, type Translate } from './i18n';
import { sendWorkbook } from './page-download';
import { pageLang, pageT } from './page-handler';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

export const MONITORING_URL = `${APP_PREFIX}/admin/monitoring`;
const SERIES = /^[A-Za-z0-9._-]{1,64}$/;
const LEVEL = /^[a-z_]{1,16}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const seriesUrl = (series: string, level: string) => `${MONITORING_URL}/${encodeURIComponent(series)}/${level}`;

/** "2021-10" in the page's words: tháng 10/2021, 10/2021. */
const monthWords = (month: string, t: Translate) => t('mta.monthValue', { month: Number(month.slice(5, 7)), year: month.slice(0, 4) });

/** A unit's row as the tables show it: its name in the page's language, each targeted indicator's numbers. */
const unitRow = (u: UnitMonth, lang: Lang) => ({ ...u, name: localName({ nameVi: u.unitName, nameEn: u.unitNameEn }, lang) });

/**
 * The administrator's monitoring pages (issue #21, point 4): the monthly series, and a month's units behind their
 * trajectory ("đôn đốc") with every unit's distances, a month picker and the month's workbook. Everything is read
 * through TargetsService, the API's reading.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(MONITORING_URL)
export class AdminMonitoringPagesController {
  constructor(
    private readonly targets: TargetsService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /** The monthly series with their levels, each linked to its laggards. */
  @Get()
  async list(@Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const series = (await this.targets.seriesList()).map((s) => ({
      ...s,
      name: localName(s, lang),
      levelName: t(`mta.level.${s.level}` as MessageKey),
      range: `${monthWords(s.first, t)} – ${monthWords(s.last, t)}`,
      href: seriesUrl(s.series, s.level),
    }));
    await renderPage(res, 'app/admin-monitoring.njk', { title: t('mta.title'), series });
  }

  /** A month's laggards and distances: ?month=YYYY-MM, by default the newest month that has been scored. */
  @Get(':series/:level')
  async month(@Param('series') series: string, @Param('level') level: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const { months, month } = await this.chosen(series, level, formText(query.month));
    const view = await this.targets.month(series, level, month);
    const name = localName({ nameVi: view.framework.nameVi, nameEn: view.framework.nameEn }, lang);
    const indicatorName = (i: { indicator: string }) => (i.indicator === 'index' ? t('mta.index') : i.indicator);
    await renderPage(res, 'app/admin-monitoring-month.njk', {
      title: t('mta.monthTitle', { name, month: monthWords(month, t) }),
      view,
      name,
      month,
      levelName: t(`mta.level.${level}` as MessageKey),
      precision: view.framework.precision,
      months: months.map((m) => ({ ...m, label: `${monthWords(m.month, t)}${m.scored ? '' : ` ${t('mta.monthNotScored')}`}`, selected: m.month === month })),
      day: `${view.day.slice(8, 10)}/${view.day.slice(5, 7)}/${view.day.slice(0, 4)}`,
      indicators: view.indicators.map((i) => ({ ...i, label: indicatorName(i), fullName: i.indicator === 'index' ? t('mta.index') : `${i.indicator} ${localName(i, lang)}` })),
      laggards: view.laggards.map((u) => unitRow(u, lang)),
      units: view.units.map((u) => unitRow(u, lang)),
      formAction: seriesUrl(series, level),
      workbookHref: `${seriesUrl(series, level)}/workbook?month=${month}`,
      listHref: MONITORING_URL,
    });
  }

  /** The month's workbook (Vietnamese, as every workbook): made on request, a level's units are a small file. */
  @Get(':series/:level/workbook')
  async workbook(@Param('series') series: string, @Param('level') level: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { month } = await this.chosen(series, level, formText(query.month));
    const view: MonthDistancesView = await this.targets.month(series, level, month);
    sendWorkbook(res, await monitoringMonthWorkbook(view, this.clock.now()));
  }

  /** The series' months and the one asked for (a month it has), else its newest scored month, else its newest. */
  private async chosen(series: string, level: string, asked: string) {
    if (!SERIES.test(series) || !LEVEL.test(level)) throw DomainException.notFound(`monthly series ${series} at level`, level);
    const months = await this.targets.months(series, level);
    if (asked !== '') {
      if (!MONTH.test(asked) || !months.some((m) => m.month === asked)) throw DomainException.notFound(`month of the ${series} series`, asked);
      return { months, month: asked };
    }
    return { months, month: (months.find((m) => m.scored) ?? months[0]).month };
  }
}
