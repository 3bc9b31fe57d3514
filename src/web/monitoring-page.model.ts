import type { LeagueRow, MonthChange, PublicLeagueTable, PublicUnitSeries, PublishedSeries } from '../publications/public-series.service';
import { localName, translator, type Lang, type Translate } from './i18n';
import { levelName } from './ranking-page.model';

/** How many units the trend chart shows by default at each end of the table: the top 3 and the bottom 3. */
export const CHART_ENDS = 3;
/** At most this many units on the chart at once (a chart of 63 lines is unreadable). */
export const CHART_MAX_UNITS = 12;

/** "12/2020" (Vietnamese) or "December 2020" (English). */
export function monthLabel(month: string, lang: Lang): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  if (lang === 'en') return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
  return `${m}/${year}`;
}

/** "T12/20" or "Dec 20": a chart axis' short label. */
export function monthShort(month: string, lang: Lang): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  if (lang === 'en') return new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
  return `${m}/${String(year).slice(2)}`;
}

export const monitoringPath = (series: string, level: string, month?: string) =>
  `/monitoring/${encodeURIComponent(series)}/${encodeURIComponent(level)}${month ? `?month=${month}` : ''}`;
export const monitoringUnitPath = (series: string, level: string, code: string) =>
  `/monitoring/${encodeURIComponent(series)}/${encodeURIComponent(level)}/${encodeURIComponent(code)}`;

/** An inline SVG sparkline: a polyline per run of months with a value (a month without one breaks the line). */
export interface Sparkline {
  width: number;
  height: number;
  paths: string[];
  /** The last month's point, drawn as a dot. */
  last: { x: number; y: number } | null;
  label: string;
}

const SPARK_W = 96;
const SPARK_H = 28;
const SPARK_PAD = 3;

function formatNumber(value: number | null, lang: Lang, decimals: number): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** The sparkline of a unit's values over the trend's months, scaled to its own lowest and highest value. */
export function sparkline(values: (number | null)[], months: string[], lang: Lang, decimals: number, t: Translate): Sparkline {
  const present = values.filter((v): v is number => v !== null);
  const lo = present.length ? Math.min(...present) : 0;
  const hi = present.length ? Math.max(...present) : 0;
  const step = values.length > 1 ? (SPARK_W - 2 * SPARK_PAD) / (values.length - 1) : 0;
  const point = (v: number, i: number) => ({
    x: Math.round((SPARK_PAD + (values.length > 1 ? i * step : (SPARK_W - 2 * SPARK_PAD) / 2)) * 10) / 10,
    // A flat line runs through the middle; otherwise the highest value at the top.
    y: Math.round((hi === lo ? SPARK_H / 2 : SPARK_PAD + ((hi - v) / (hi - lo)) * (SPARK_H - 2 * SPARK_PAD)) * 10) / 10,
  });
  const paths: string[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) paths.push(run.join(' '));
      run = [];
      return;
    }
    const p = point(v, i);
    run.push(`${p.x},${p.y}`);
  });
  if (run.length) paths.push(run.join(' '));
  const lastIndex = values.length - 1;
  const lastValue = values[lastIndex];
  const label = t('mon.spark.label', {
    values: values.map((v, i) => `${monthShort(months[i], lang)} ${v === null ? t('mon.spark.none') : formatNumber(v, lang, decimals)}`).join('; '),
  });
  return { width: SPARK_W, height: SPARK_H, paths, last: lastValue !== undefined && lastValue !== null ? point(lastValue, lastIndex) : null, label };
}

export interface ChangeView {
  direction: 'up' | 'down' | 'same' | null;
  places: number | null;
  indexChange: number | null;
  previousRank: number | null;
  previousIndex: number | null;
}

export function changeView(change: MonthChange | null): ChangeView {
  const places = change?.rank ?? null;
  return {
    direction: places === null ? null : places > 0 ? 'up' : places < 0 ? 'down' : 'same',
    places,
    indexChange: change?.index ?? null,
    previousRank: change?.previousRank ?? null,
    previousIndex: change?.previousIndex ?? null,
  };
}

export interface LeaguePageRow {
  rank: number | null;
  code: string;
  name: string;
  href: string;
  ranked: boolean;
  index: number | null;
  change: ChangeView;
  spark: Sparkline;
  chosen: boolean;
}

/** What the page script draws: the trend's months, the target and each unit's sparkline values. */
export interface MonitoringChartData {
  months: string[];
  labels: string[];
  target: (number | null)[] | null;
  units: { code: string; label: string; values: (number | null)[] }[];
  /** The units drawn first, in table order. */
  selected: string[];
  locale: string;
  decimals: number;
  scale: number;
  text: { target: string; index: string };
}

export interface MonitoringPageModel {
  lang: Lang;
  t: Translate;
  title: string;
  description: string;
  series: string;
  level: string;
  levelName: string;
  /** "Địa phương", "Bộ, ngành": the units' column header. */
  unitNoun: string;
  framework: PublicLeagueTable['framework'];
  frameworkName: string;
  month: string;
  monthText: string;
  previousMonthText: string | null;
  version: number;
  publishedAt: Date;
  sha256: string;
  months: { month: string; text: string; selected: boolean }[];
  target: { value: number | null; atText: string; description: string | null } | null;
  rows: LeaguePageRow[];
  trendCount: number;
  links: { self: string; json: string; workbook: string; home: string };
  chart: MonitoringChartData;
  /** Whether the month was asked for (the unit chooser's form keeps it). */
  monthAsked: boolean;
}

const dayText = (day: string, lang: Lang) => {
  const [y, m, d] = day.split('-').map(Number);
  return lang === 'en' ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d))) : `${d}/${m}/${y}`;
};

/** The units drawn by default: the first and last CHART_ENDS of the table (all of a short one). */
export function defaultChartUnits(rows: Pick<LeagueRow, 'code'>[]): string[] {
  if (rows.length <= 2 * CHART_ENDS) return rows.map((r) => r.code);
  return [...rows.slice(0, CHART_ENDS), ...rows.slice(-CHART_ENDS)].map((r) => r.code);
}

export function buildMonitoringPage(
  table: PublicLeagueTable,
  options: { lang?: Lang; chosen?: string[]; monthAsked?: boolean } = {},
): MonitoringPageModel {
  const lang = options.lang ?? 'vi';
  const t = translator(lang);
  const decimals = table.framework.precision;
  const frameworkName = lang === 'en' && table.framework.nameEn ? table.framework.nameEn : table.framework.nameVi;
  const known = new Set(table.rows.map((r) => r.code));
  const asked = (options.chosen ?? []).filter((c) => known.has(c)).slice(0, CHART_MAX_UNITS);
  const chosen = new Set(asked.length ? asked : defaultChartUnits(table.rows));
  const rows = table.rows.map(
    (r): LeaguePageRow => ({
      rank: r.rank,
      code: r.code,
      name: localName(r, lang),
      href: monitoringUnitPath(table.series, table.level, r.code),
      ranked: r.ranked,
      index: r.index,
      change: changeView(r.change),
      spark: sparkline(r.sparkline, table.trend.months, lang, decimals, t),
      chosen: chosen.has(r.code),
    }),
  );
  const monthText = monthLabel(table.month, lang);
  const targetDescription = table.target ? (lang === 'en' ? table.target.descriptionEn : table.target.descriptionVi) : null;
  return {
    lang,
    t,
    title: t('mon.title', { name: frameworkName }),
    description: t('mon.description', { month: monthText, name: frameworkName }),
    series: table.series,
    level: table.level,
    levelName: levelName(table.level, t),
    unitNoun: t(table.level === 'ministry' || table.level === 'department' ? `pub.noun.${table.level}` : 'pub.noun.other'),
    framework: table.framework,
    frameworkName,
    month: table.month,
    monthText,
    previousMonthText: table.previousMonth ? monthLabel(table.previousMonth, lang) : null,
    version: table.version,
    publishedAt: table.publishedAt,
    sha256: table.sha256,
    months: table.months.map((m) => ({ month: m.month, text: t('mon.month', { month: monthLabel(m.month, lang) }), selected: m.month === table.month })),
    target: table.target ? { value: table.target.value, atText: dayText(table.target.at, lang), description: targetDescription } : null,
    rows,
    trendCount: table.trend.months.length,
    links: {
      self: monitoringPath(table.series, table.level, options.monthAsked ? table.month : undefined),
      json: `/api/v1/public/monitoring/${encodeURIComponent(table.series)}/${encodeURIComponent(table.level)}?month=${table.month}`,
      workbook: `/api/v1/public/monitoring/${encodeURIComponent(table.series)}/${encodeURIComponent(table.level)}/workbook?month=${table.month}`,
      home: '/',
    },
    chart: {
      months: table.trend.months,
      labels: table.trend.months.map((m) => monthShort(m, lang)),
      target: table.trend.target,
      units: table.rows.map((r) => ({ code: r.code, label: localName(r, lang), values: r.sparkline })),
      selected: rows.filter((r) => r.chosen).map((r) => r.code),
      locale: lang === 'en' ? 'en-GB' : 'vi-VN',
      decimals,
      scale: table.framework.scale,
      text: { target: t('mon.chart.target'), index: t('mon.chart.index') },
    },
    monthAsked: options.monthAsked === true,
  };
}

export interface UnitMonthRow {
  month: string;
  text: string;
  href: string;
  index: number | null;
  rank: number | null;
  change: ChangeView;
  target: number | null;
  leaves: { code: string; value: number | null; points: number | null; counts: { name: string; value: number }[] }[];
}

export interface MonitoringUnitPageModel {
  lang: Lang;
  t: Translate;
  title: string;
  description: string;
  unitName: string;
  code: string;
  series: string;
  level: string;
  levelName: string;
  framework: PublicUnitSeries['framework'];
  frameworkName: string;
  leaves: { code: string; label: string; inputs: string[] | null }[];
  target: { description: string | null } | null;
  rows: UnitMonthRow[];
  latest: UnitMonthRow | null;
  links: { league: string; json: string; workbook: string };
  chart: { months: string[]; labels: string[]; values: (number | null)[]; target: (number | null)[] | null; label: string; locale: string; decimals: number; scale: number; text: { target: string; index: string } };
}

export function buildMonitoringUnitPage(s: PublicUnitSeries, lang: Lang = 'vi'): MonitoringUnitPageModel {
  const t = translator(lang);
  const frameworkName = lang === 'en' && s.framework.nameEn ? s.framework.nameEn : s.framework.nameVi;
  const unitName = localName(s.unit, lang);
  const rows = s.months.map(
    (m): UnitMonthRow => ({
      month: m.month,
      text: monthLabel(m.month, lang),
      href: monitoringPath(s.series, s.level, m.month),
      index: m.index,
      rank: m.rank,
      change: changeView(m.change),
      target: m.target,
      leaves: s.leaves.map((leaf) => {
        const v = m.leaves[leaf.code];
        return {
          code: leaf.code,
          value: v?.value ?? null,
          points: v?.points ?? null,
          counts: v?.counts && leaf.inputs ? leaf.inputs.filter((n) => v.counts![n] !== undefined).map((n) => ({ name: n, value: v.counts![n] })) : [],
        };
      }),
    }),
  );
  const hasTarget = s.target !== null;
  return {
    lang,
    t,
    title: t('mon.unitTitle', { unit: unitName, name: frameworkName }),
    description: t('mon.unitDescription', { unit: unitName, name: frameworkName }),
    unitName,
    code: s.unit.code,
    series: s.series,
    level: s.level,
    levelName: levelName(s.level, t),
    framework: s.framework,
    frameworkName,
    leaves: s.leaves.map((l) => ({ code: l.code, label: lang === 'en' && l.nameEn ? l.nameEn : l.nameVi, inputs: l.inputs })),
    target: s.target ? { description: lang === 'en' ? s.target.descriptionEn : s.target.descriptionVi } : null,
    rows,
    latest: rows[rows.length - 1] ?? null,
    links: {
      league: monitoringPath(s.series, s.level),
      json: `/api/v1/public/monitoring/${encodeURIComponent(s.series)}/${encodeURIComponent(s.level)}/units/${encodeURIComponent(s.unit.code)}`,
      workbook: `/api/v1/public/monitoring/${encodeURIComponent(s.series)}/${encodeURIComponent(s.level)}/units/${encodeURIComponent(s.unit.code)}/workbook`,
    },
    chart: {
      months: s.months.map((m) => m.month),
      labels: s.months.map((m) => monthShort(m.month, lang)),
      values: s.months.map((m) => m.index),
      target: hasTarget ? s.months.map((m) => m.target) : null,
      label: unitName,
      locale: lang === 'en' ? 'en-GB' : 'vi-VN',
      decimals: s.framework.precision,
      scale: s.framework.scale,
      text: { target: t('mon.chart.target'), index: t('mon.chart.index') },
    },
  };
}

/** The front door's list of monitoring series: a link to each one's latest month. */
export function seriesLinks(list: PublishedSeries[], lang: Lang): { href: string; text: string }[] {
  const t = translator(lang);
  return list.map((s) => ({
    href: monitoringPath(s.series, s.level),
    text: t('mon.series.link', { name: lang === 'en' && s.nameEn ? s.nameEn : s.nameVi, month: monthLabel(s.latestMonth, lang) }),
  }));
}
