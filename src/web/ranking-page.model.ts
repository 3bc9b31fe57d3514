import type { PublicRanking, PublicRankingRow, PublishedEdition } from '../publications/public-results.service';
import type { RankingGroup } from '../publications/ranking-groups';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';

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

/** What a ranking's units are called in its column header and unit picker. */
const UNIT_NOUNS_VI: Partial<Record<UnitLevel, string>> = { ministry: 'Bộ, ngành', department: 'Sở, ngành' };

export function unitNounVi(level: string): string {
  return UNIT_NOUNS_VI[level as UnitLevel] ?? 'Địa phương';
}

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

/** One bar chart: the index of a ranking's (or a group's) first units, in rank order, drawn on the canvas named. */
export interface RankingBarData {
  canvasId: string;
  codes: string[];
  labels: string[];
  ranks: (number | null)[];
  values: (number | null)[];
  total: number;
}

/** What the page script draws: kept small, passed in a JSON block. */
export interface RankingChartData {
  bars: RankingBarData[];
  radar: {
    /** The main indicators some unit has a value for (a main indicator collected but not scored has none). */
    axes: { code: string; label: string }[];
    /** Each unit with the position in `averages` of the average it is compared with (its group's, if grouped). */
    units: { code: string; label: string; values: (number | null)[]; average: number }[];
    averages: { label: string; caption: string; values: (number | null)[] }[];
  };
}

/** One table and bar chart of the page: the whole ranking, or one group's (the ministries rank within their group). */
export interface RankingSection {
  group: RankingGroup | null;
  /** Element ids: the whole ranking keeps the page's first ids, a group's carry its code. */
  ids: { section: string; heading: string; table: string; caption: string; chart: string; barHeading: string };
  heading: string;
  rows: RankingPageRow[];
  bar: RankingBarData;
  barLimited: boolean;
  /** The public API's rows of this section. */
  json: string;
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
  /** "Địa phương", "Bộ, ngành": the units' column header and picker label. */
  unitNoun: string;
  sections: RankingSection[];
  grouped: boolean;
  versions: { version: number; href: string; publishedAt: Date; reason: string | null; current: boolean }[];
  columns: PublicRanking['columns'];
  mainColumns: PublicRanking['columns'];
  /** Main indicators left out of the radar because no unit has a value for them. */
  radarLeftOut: PublicRanking['columns'];
  rows: RankingPageRow[];
  hasPrevious: boolean;
  /** The unit the radar shows first (?unit=, else the first row), and the average it is compared with. */
  selected: RankingChartData['radar']['units'][number] | null;
  selectedAverage: RankingChartData['radar']['averages'][number] | null;
  /** Whether the address named a version (kept by the unit picker's form). */
  versionAsked: boolean;
  chart: RankingChartData;
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

const pageRow = (ranking: PublicRanking) => (r: PublicRankingRow): RankingPageRow => ({
  rank: r.rank,
  code: r.code,
  nameVi: r.nameVi,
  ranked: r.ranked,
  index: r.index,
  values: ranking.columns.map((c) => ({ code: c.code, value: r.values[c.code] ?? null })),
  change: rankChange(r),
});

const barData = (canvasId: string, rows: PublicRankingRow[]): RankingBarData => {
  const shown = rows.slice(0, BAR_CHART_LIMIT);
  return {
    canvasId,
    codes: shown.map((r) => r.code),
    labels: shown.map((r) => r.nameVi),
    ranks: shown.map((r) => r.rank),
    values: shown.map((r) => r.index),
    total: rows.length,
  };
};

/**
 * The page's tables and bar charts: one for an ungrouped ranking; one per group for a grouped one, each from the
 * public API's ranking of that group (its group rank as the rank), so that the page shows what the API serves.
 */
function rankingSections(ranking: PublicRanking, byGroup: PublicRanking[], api: string): RankingSection[] {
  if (ranking.groups.length === 0) {
    return [
      {
        group: null,
        ids: { section: 'bang-xep-hang', heading: 'ranking-heading', table: 'ranking-table', caption: 'ranking-caption', chart: 'chart-index', barHeading: 'bar-heading' },
        heading: 'Bảng xếp hạng',
        rows: ranking.rows.map(pageRow(ranking)),
        bar: barData('chart-index', ranking.rows),
        barLimited: ranking.rows.length > BAR_CHART_LIMIT,
        json: `${api}?version=${ranking.version}`,
      },
    ];
  }
  return ranking.groups.map((group) => {
    const own = byGroup.find((g) => g.group === group.code);
    if (!own) throw new Error(`the ${group.code} group's ranking was not read`);
    const slug = group.code.replace(/_/g, '-');
    return {
      group,
      ids: {
        section: `nhom-${slug}`,
        heading: `ranking-heading-${slug}`,
        table: `ranking-table-${slug}`,
        caption: `ranking-caption-${slug}`,
        chart: `chart-index-${slug}`,
        barHeading: `bar-heading-${slug}`,
      },
      heading: group.nameVi,
      rows: own.rows.map(pageRow(own)),
      bar: barData(`chart-index-${slug}`, own.rows),
      barLimited: own.rows.length > BAR_CHART_LIMIT,
      json: `${api}?version=${ranking.version}&group=${group.code}`,
    };
  });
}

/** The radar's averages: of all units, or of each group's (a ministry is compared with its own group). */
function radarAverages(ranking: PublicRanking, axes: { code: string }[]): RankingChartData['radar']['averages'] {
  const of = (rows: PublicRankingRow[]) => axes.map((c) => average(rows.map((r) => r.values[c.code] ?? null)));
  if (ranking.groups.length === 0) {
    return [{ label: 'Trung bình', caption: `trung bình ${ranking.rows.length} đơn vị`, values: of(ranking.rows) }];
  }
  return ranking.groups.map((g) => ({
    label: `Trung bình ${g.nameVi.charAt(0).toLowerCase()}${g.nameVi.slice(1)}`,
    caption: `trung bình ${g.nameVi.charAt(0).toLowerCase()}${g.nameVi.slice(1)} (${g.count} đơn vị)`,
    values: of(ranking.rows.filter((r) => r.unitGroup === g.code)),
  }));
}

/**
 * The ranking page of one published version, from the public API's ranking, its groups' rankings (a grouped level)
 * and the list of editions.
 */
export function buildRankingPage(
  ranking: PublicRanking,
  edition: PublishedEdition,
  options: { selectedUnit?: string; versionAsked?: boolean; byGroup?: PublicRanking[] } = {},
): RankingPageModel {
  const { year, level, version } = ranking;
  const current = edition.versions.find((v) => v.version === version);
  const mainColumns = ranking.columns.filter((c) => c.kind === 'main');
  const radarColumns = mainColumns.filter((c) => ranking.rows.some((r) => typeof r.values[c.code] === 'number'));
  const groupIndex = (r: PublicRankingRow) => Math.max(0, ranking.groups.findIndex((g) => g.code === r.unitGroup));
  const radarUnits = ranking.rows.map((r) => ({
    code: r.code,
    label: r.nameVi,
    values: radarColumns.map((c) => r.values[c.code] ?? null),
    average: groupIndex(r),
  }));
  const averages = radarAverages(ranking, radarColumns);
  const api = `/api/v1/public/rankings/${year}/${level}`;
  const sections = rankingSections(ranking, options.byGroup ?? [], api);
  const selected = radarUnits.find((u) => u.code === options.selectedUnit) ?? radarUnits[0] ?? null;
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
      json: `${api}?version=${version}`,
      // The workbook endpoint serves the latest version only (an older version's page says so).
      workbook: `${api}/workbook`,
      editions: '/rankings',
    },
    unitNoun: unitNounVi(level),
    sections,
    grouped: ranking.groups.length > 0,
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
    rows: ranking.rows.map(pageRow(ranking)),
    hasPrevious: ranking.rows.some((r) => r.previous !== null),
    selected,
    selectedAverage: selected ? averages[selected.average] : null,
    versionAsked: options.versionAsked === true,
    chart: {
      bars: sections.map((s) => s.bar),
      radar: { axes: radarColumns.map((c) => ({ code: c.code, label: c.nameVi })), units: radarUnits, averages },
    },
  };
}

export interface EditionsPageEdition {
  year: number;
  level: string;
  title: string;
  /** What the edition's page shows: a ranking, or the national score card. */
  kind: string;
  href: string;
  latestVersion: number;
  publishedAt: Date;
  versions: { version: number; href: string; publishedAt: Date; reason: string | null }[];
}

export interface EditionsPageModel {
  title: string;
  /** Newest first, then by level. */
  editions: EditionsPageEdition[];
  /** The same editions by level, in the registry's order of levels (national first), each newest first. */
  levels: { level: string; name: string; editions: EditionsPageEdition[] }[];
}

export function buildEditionsPage(editions: PublishedEdition[]): EditionsPageModel {
  const levelOrder = (level: string) => {
    const i = (UNIT_LEVELS as readonly string[]).indexOf(level);
    return i < 0 ? UNIT_LEVELS.length : i;
  };
  const sorted = [...editions]
    .sort((a, b) => b.year - a.year || levelOrder(a.level) - levelOrder(b.level) || a.level.localeCompare(b.level))
    .map((e): EditionsPageEdition => {
      const latest = e.versions.find((v) => v.version === e.latestVersion);
      return {
        year: e.year,
        level: e.level,
        title: rankingTitle(e.year, e.level),
        kind: e.level === 'national' ? 'Thẻ điểm quốc gia' : 'Bảng xếp hạng',
        href: rankingPath(e.year, e.level),
        latestVersion: e.latestVersion,
        publishedAt: latest?.publishedAt ?? e.publishedAt,
        versions: [...e.versions]
          .sort((a, b) => b.version - a.version)
          .map((v) => ({ version: v.version, href: rankingPath(e.year, e.level, v.version), publishedAt: v.publishedAt, reason: v.reason })),
      };
    });
  const levels = [...new Set(sorted.map((e) => e.level))].sort((a, b) => levelOrder(a) - levelOrder(b) || a.localeCompare(b));
  return {
    title: 'Kết quả Bộ chỉ số DTI đã công bố',
    editions: sorted,
    levels: levels.map((level) => {
      const name = levelNameVi(level);
      return { level, name: name.charAt(0).toUpperCase() + name.slice(1), editions: sorted.filter((e) => e.level === level) };
    }),
  };
}
