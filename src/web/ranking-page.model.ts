import type { PublicRanking, PublicRankingRow, PublishedEdition } from '../publications/public-results.service';
import type { UnitLevel } from '../units/unit-level';

/** "cấp tỉnh" and the like, as the titles of the DTI reports say it. */
export const LEVEL_NAMES_VI: Record<UnitLevel, string> = {
  national: 'cấp quốc gia',
  ministry: 'cấp bộ, cơ quan ngang bộ',
  province: 'cấp tỉnh',
  department: 'cấp sở, ngành',
  district: 'cấp huyện',
  commune: 'cấp xã',
};

/** The bar chart shows at most this many units (a commune ranking has thousands; the table keeps them all). */
export const BAR_CHART_LIMIT = 100;

export function levelNameVi(level: string): string {
  return LEVEL_NAMES_VI[level as UnitLevel] ?? level;
}

export function rankingTitle(year: number, level: string): string {
  return `Bộ chỉ số DTI ${year} — ${levelNameVi(level)}`;
}

export function rankingPath(year: number, level: string, version?: number): string {
  return `/rankings/${year}/${level}${version ? `?version=${version}` : ''}`;
}

export interface RankChange {
  /** up: a better rank than last year; down: a worse one; same; or null without last year's rank. */
  direction: 'up' | 'down' | 'same' | null;
  /** Places gained (positive) or lost (negative). */
  places: number | null;
  previousRank: number | null;
  previousIndex: number | null;
  indexChange: number | null;
}

export interface RankingPageRow {
  rank: number | null;
  code: string;
  nameVi: string;
  ranked: boolean;
  index: number | null;
  values: { code: string; value: number | null }[];
  change: RankChange;
}

/** What the page script draws: kept small, passed in a JSON block. */
export interface RankingChartData {
  bar: { codes: string[]; labels: string[]; values: (number | null)[]; total: number };
  radar: {
    /** The main indicators some unit has a value for (a main indicator collected but not scored has none). */
    axes: { code: string; label: string }[];
    units: { code: string; label: string; values: (number | null)[] }[];
    average: (number | null)[];
  };
}

export interface RankingPageModel {
  title: string;
  year: number;
  level: string;
  levelName: string;
  version: number;
  latestVersion: number;
  isLatest: boolean;
  publishedAt: Date;
  reason: string | null;
  sha256: string;
  sha256Short: string;
  framework: PublicRanking['framework'];
  links: { self: string; latest: string; json: string; workbook: string; editions: string };
  versions: { version: number; href: string; publishedAt: Date; reason: string | null; current: boolean }[];
  columns: PublicRanking['columns'];
  mainColumns: PublicRanking['columns'];
  /** Main indicators left out of the radar because no unit has a value for them. */
  radarLeftOut: PublicRanking['columns'];
  rows: RankingPageRow[];
  hasPrevious: boolean;
  /** The unit the radar shows first (?unit=, else the first row). */
  selected: RankingChartData['radar']['units'][number] | null;
  /** Whether the address named a version (kept by the unit picker's form). */
  versionAsked: boolean;
  chart: RankingChartData;
  barLimited: boolean;
}

export function rankChange(row: PublicRankingRow): RankChange {
  const p = row.previous;
  const places = p?.rankChange ?? null;
  return {
    direction: places === null ? null : places > 0 ? 'up' : places < 0 ? 'down' : 'same',
    places,
    previousRank: p?.rank ?? null,
    previousIndex: p?.value ?? null,
    indexChange: p?.change ?? null,
  };
}

/** The mean of the values present, rounded as published; null when no unit has one. */
export function average(values: (number | null)[], decimals = 4): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (present.length === 0) return null;
  const factor = 10 ** decimals;
  return Math.round((present.reduce((s, v) => s + v, 0) / present.length) * factor) / factor;
}

/** The ranking page of one published version, from the public API's ranking and the list of editions. */
export function buildRankingPage(
  ranking: PublicRanking,
  edition: PublishedEdition,
  options: { selectedUnit?: string; versionAsked?: boolean } = {},
): RankingPageModel {
  const { year, level, version } = ranking;
  const current = edition.versions.find((v) => v.version === version);
  const mainColumns = ranking.columns.filter((c) => c.kind === 'main');
  const radarColumns = mainColumns.filter((c) => ranking.rows.some((r) => typeof r.values[c.code] === 'number'));
  const rows = ranking.rows.map(
    (r): RankingPageRow => ({
      rank: r.rank,
      code: r.code,
      nameVi: r.nameVi,
      ranked: r.ranked,
      index: r.index,
      values: ranking.columns.map((c) => ({ code: c.code, value: r.values[c.code] ?? null })),
      change: rankChange(r),
    }),
  );
  const barRows = ranking.rows.slice(0, BAR_CHART_LIMIT);
  const radarUnits = ranking.rows.map((r) => ({ code: r.code, label: r.nameVi, values: radarColumns.map((c) => r.values[c.code] ?? null) }));
  const api = `/api/v1/public/rankings/${year}/${level}`;
  const versionQuery = `?version=${version}`;
  return {
    title: rankingTitle(year, level),
    year,
    level,
    levelName: levelNameVi(level),
    version,
    latestVersion: edition.latestVersion,
    isLatest: version === edition.latestVersion,
    publishedAt: current?.publishedAt ?? edition.publishedAt,
    reason: current?.reason ?? null,
    sha256: ranking.sha256,
    sha256Short: ranking.sha256.slice(0, 12),
    framework: ranking.framework,
    links: {
      self: rankingPath(year, level, version),
      latest: rankingPath(year, level),
      json: `${api}${versionQuery}`,
      // The workbook endpoint serves the latest version only (an older version's page says so).
      workbook: `${api}/workbook`,
      editions: '/rankings',
    },
    versions: [...edition.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        version: v.version,
        href: rankingPath(year, level, v.version),
        publishedAt: v.publishedAt,
        reason: v.reason,
        current: v.version === version,
      })),
    columns: ranking.columns,
    mainColumns,
    radarLeftOut: mainColumns.filter((c) => !radarColumns.includes(c)),
    rows,
    hasPrevious: ranking.rows.some((r) => r.previous !== null),
    selected: radarUnits.find((u) => u.code === options.selectedUnit) ?? radarUnits[0] ?? null,
    versionAsked: options.versionAsked === true,
    chart: {
      bar: {
        codes: barRows.map((r) => r.code),
        labels: barRows.map((r) => r.nameVi),
        values: barRows.map((r) => r.index),
        total: ranking.rows.length,
      },
      radar: {
        axes: radarColumns.map((c) => ({ code: c.code, label: c.nameVi })),
        units: radarUnits,
        average: radarColumns.map((c) => average(ranking.rows.map((r) => r.values[c.code] ?? null))),
      },
    },
    barLimited: ranking.rows.length > BAR_CHART_LIMIT,
  };
}

export interface EditionsPageModel {
  title: string;
  editions: {
    year: number;
    level: string;
    title: string;
    href: string;
    latestVersion: number;
    publishedAt: Date;
    versions: { version: number; href: string; publishedAt: Date; reason: string | null }[];
  }[];
}

export function buildEditionsPage(editions: PublishedEdition[]): EditionsPageModel {
  return {
    title: 'Kết quả Bộ chỉ số DTI đã công bố',
    editions: [...editions]
      .sort((a, b) => b.year - a.year || a.level.localeCompare(b.level))
      .map((e) => {
        const latest = e.versions.find((v) => v.version === e.latestVersion);
        return {
          year: e.year,
          level: e.level,
          title: rankingTitle(e.year, e.level),
          href: rankingPath(e.year, e.level),
          latestVersion: e.latestVersion,
          publishedAt: latest?.publishedAt ?? e.publishedAt,
          versions: [...e.versions]
            .sort((a, b) => b.version - a.version)
            .map((v) => ({ version: v.version, href: rankingPath(e.year, e.level, v.version), publishedAt: v.publishedAt, reason: v.reason })),
        };
      }),
  };
}
