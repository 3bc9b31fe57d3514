import type { PublicRanking, PublicRankingRow, PublishedEdition } from '../publications/public-results.service';
import type { RankingColumn } from '../publications/ranking-columns';
import type { RankingGroup } from '../publications/ranking-groups';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import { localName, translator, type Lang, type MessageKey, type Translate } from './i18n';

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

const VI = translator('vi');

/** What a ranking's units are called: its column header and its unit picker's label. */
function unitWords(level: string, t: Translate): { noun: string; pick: string } {
  const kind = level === 'ministry' || level === 'department' ? level : 'other';
  return { noun: t(`pub.noun.${kind}` as MessageKey), pick: t(`pub.pick.${kind}` as MessageKey) };
}

export function levelNameVi(level: string): string {
  return LEVEL_NAMES_VI[level as UnitLevel] ?? level;
}

/** A level's name in a title ("cấp tỉnh", "provinces"), in the page's language. */
export function levelName(level: string, t: Translate = VI): string {
  return (UNIT_LEVELS as readonly string[]).includes(level) ? t(`pub.level.${level}` as MessageKey) : level;
}

export function rankingTitle(year: number, level: string, t: Translate = VI): string {
  return t('pub.title', { year, level: levelName(level, t) });
}

/** A group's name set inside a sentence ("trung bình nhóm bộ, ngành ...", "the average of ministries ..."). */
const inSentence = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

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
  /** The unit's name in the page's language (the Vietnamese one where there is no English). */
  name: string;
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
  /** The group's name inside a sentence (a caption, a chart's label); empty for the whole ranking. */
  groupText: string;
  rows: RankingPageRow[];
  bar: RankingBarData;
  barLimited: boolean;
  /** The public API's rows of this section. */
  json: string;
}

/** A ranking column with its name in the page's language. */
export type RankingPageColumn = RankingColumn & { label: string };

/** What the page of a published version says of its edition: which version among the others, when, why, its hash. */
export interface EditionFacts {
  version: number;
  latestVersion: number;
  isLatest: boolean;
  publishedAt: Date;
  reason: string | null;
  sha256: string;
  sha256Short: string;
  versions: { version: number; href: string; publishedAt: Date; reason: string | null; current: boolean }[];
}

export function editionFacts(edition: PublishedEdition, level: string, version: number, sha256: string): EditionFacts {
  const current = edition.versions.find((v) => v.version === version);
  return {
    version,
    latestVersion: edition.latestVersion,
    isLatest: version === edition.latestVersion,
    publishedAt: current?.publishedAt ?? edition.publishedAt,
    reason: current?.reason ?? null,
    sha256,
    sha256Short: sha256.slice(0, 12),
    versions: [...edition.versions]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({ version: v.version, href: rankingPath(edition.year, level, v.version), publishedAt: v.publishedAt, reason: v.reason, current: v.version === version })),
  };
}

export interface RankingPageModel extends EditionFacts {
  lang: Lang;
  t: Translate;
  title: string;
  year: number;
  level: string;
  levelName: string;
  framework: PublicRanking['framework'];
  links: { self: string; latest: string; json: string; workbook: string; editions: string };
  /** "Địa phương", "Bộ, ngành": the units' column header, and the picker's label. */
  unitNoun: string;
  unitPick: string;
  sections: RankingSection[];
  grouped: boolean;
  columns: RankingPageColumn[];
  mainColumns: RankingPageColumn[];
  /** Main indicators left out of the radar because no unit has a value for them. */
  radarLeftOut: RankingPageColumn[];
  /** The same, as the sentence under the radar lists them: "Đô thị thông minh (DT), ...". */
  radarLeftOutText: string;
  rows: RankingPageRow[];
  hasPrevious: boolean;
  /** The unit the radar shows first (?unit=, else the first row), and the average it is compared with. */
  selected: RankingChartData['radar']['units'][number] | null;
  selectedAverage: RankingChartData['radar']['averages'][number] | null;
  /** Whether the address named a version (kept by the unit picker's form). */
  versionAsked: boolean;
  chart: RankingChartData & { locale: string; text: { dataset: string; rank: string } };
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

const pageRow = (ranking: PublicRanking, lang: Lang) => (r: PublicRankingRow): RankingPageRow => ({
  rank: r.rank,
  code: r.code,
  name: localName(r, lang),
  ranked: r.ranked,
  index: r.index,
  values: ranking.columns.map((c) => ({ code: c.code, value: r.values[c.code] ?? null })),
  change: rankChange(r),
});

const barData = (canvasId: string, rows: PublicRankingRow[], lang: Lang): RankingBarData => {
  const shown = rows.slice(0, BAR_CHART_LIMIT);
  return {
    canvasId,
    codes: shown.map((r) => r.code),
    labels: shown.map((r) => localName(r, lang)),
    ranks: shown.map((r) => r.rank),
    values: shown.map((r) => r.index),
    total: rows.length,
  };
};

/**
 * The page's tables and bar charts: one for an ungrouped ranking; one per group for a grouped one, each from the
 * public API's ranking of that group (its group rank as the rank), so that the page shows what the API serves.
 */
function rankingSections(ranking: PublicRanking, byGroup: PublicRanking[], api: string, t: Translate, lang: Lang): RankingSection[] {
  if (ranking.groups.length === 0) {
    return [
      {
        group: null,
        ids: { section: 'bang-xep-hang', heading: 'ranking-heading', table: 'ranking-table', caption: 'ranking-caption', chart: 'chart-index', barHeading: 'bar-heading' },
        heading: t('pub.ranking.heading'),
        groupText: '',
        rows: ranking.rows.map(pageRow(ranking, lang)),
        bar: barData('chart-index', ranking.rows, lang),
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
      heading: localName(group, lang),
      groupText: inSentence(localName(group, lang)),
      rows: own.rows.map(pageRow(own, lang)),
      bar: barData(`chart-index-${slug}`, own.rows, lang),
      barLimited: own.rows.length > BAR_CHART_LIMIT,
      json: `${api}?version=${ranking.version}&group=${group.code}`,
    };
  });
}

/** The radar's averages: of all units, or of each group's (a ministry is compared with its own group). */
function radarAverages(ranking: PublicRanking, axes: { code: string }[], t: Translate, lang: Lang): RankingChartData['radar']['averages'] {
  const of = (rows: PublicRankingRow[]) => axes.map((c) => average(rows.map((r) => r.values[c.code] ?? null)));
  if (ranking.groups.length === 0) {
    return [{ label: t('pub.radar.average'), caption: t('pub.radar.averageOfAll', { count: ranking.rows.length }), values: of(ranking.rows) }];
  }
  return ranking.groups.map((g) => {
    const group = inSentence(localName(g, lang));
    return {
      label: t('pub.radar.averageOfGroupLabel', { group }),
      caption: t('pub.radar.averageOfGroup', { group, count: g.count }),
      values: of(ranking.rows.filter((r) => r.unitGroup === g.code)),
    };
  });
}

/**
 * The ranking page of one published version, from the public API's ranking, its groups' rankings (a grouped level)
 * and the list of editions.
 */
export function buildRankingPage(
  ranking: PublicRanking,
  edition: PublishedEdition,
  options: { selectedUnit?: string; versionAsked?: boolean; byGroup?: PublicRanking[]; lang?: Lang } = {},
): RankingPageModel {
  const { year, level, version } = ranking;
  const lang = options.lang ?? 'vi';
  const t = translator(lang);
  const columns = ranking.columns.map((c): RankingPageColumn => ({ ...c, label: lang === 'en' && c.nameEn ? c.nameEn : c.nameVi }));
  const mainColumns = columns.filter((c) => c.kind === 'main');
  const radarColumns = mainColumns.filter((c) => ranking.rows.some((r) => typeof r.values[c.code] === 'number'));
  const groupIndex = (r: PublicRankingRow) => Math.max(0, ranking.groups.findIndex((g) => g.code === r.unitGroup));
  const radarUnits = ranking.rows.map((r) => ({
    code: r.code,
    label: localName(r, lang),
    values: radarColumns.map((c) => r.values[c.code] ?? null),
    average: groupIndex(r),
  }));
  const averages = radarAverages(ranking, radarColumns, t, lang);
  const api = `/api/v1/public/rankings/${year}/${level}`;
  const sections = rankingSections(ranking, options.byGroup ?? [], api, t, lang);
  const words = unitWords(level, t);
  const selected = radarUnits.find((u) => u.code === options.selectedUnit) ?? radarUnits[0] ?? null;
  return {
    lang,
    t,
    title: rankingTitle(year, level, t),
    year,
    level,
    levelName: levelName(level, t),
    ...editionFacts(edition, level, version, ranking.sha256),
    framework: ranking.framework,
    links: {
      self: rankingPath(year, level, version),
      latest: rankingPath(year, level),
      json: `${api}?version=${version}`,
      // The workbook endpoint serves the latest version only (an older version's page says so).
      workbook: `${api}/workbook`,
      editions: '/rankings',
    },
    unitNoun: words.noun,
    unitPick: words.pick,
    sections,
    grouped: ranking.groups.length > 0,
    columns,
    mainColumns,
    radarLeftOut: mainColumns.filter((c) => !radarColumns.includes(c)),
    radarLeftOutText: mainColumns
      .filter((c) => !radarColumns.includes(c))
      .map((c) => `${c.label} (${c.code})`)
      .join(', '),
    rows: ranking.rows.map(pageRow(ranking, lang)),
    hasPrevious: ranking.rows.some((r) => r.previous !== null),
    selected,
    selectedAverage: selected ? averages[selected.average] : null,
    versionAsked: options.versionAsked === true,
    chart: {
      bars: sections.map((s) => s.bar),
      radar: { axes: radarColumns.map((c) => ({ code: c.code, label: c.label })), units: radarUnits, averages },
      locale: lang === 'en' ? 'en-GB' : 'vi-VN',
      text: { dataset: t('pub.bar.dataset'), rank: t('pub.ranking.rank') },
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
  lang: Lang;
  t: Translate;
  title: string;
  /** Newest first, then by level. */
  editions: EditionsPageEdition[];
  /** The same editions by level, in the registry's order of levels (national first), each newest first. */
  levels: { level: string; name: string; editions: EditionsPageEdition[] }[];
}

export function buildEditionsPage(editions: PublishedEdition[], lang: Lang = 'vi'): EditionsPageModel {
  const t = translator(lang);
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
        title: rankingTitle(e.year, e.level, t),
        kind: e.level === 'national' ? t('pub.editions.kind.card') : t('pub.editions.kind.ranking'),
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
    lang,
    t,
    title: t('pub.editions.title'),
    editions: sorted,
    levels: levels.map((level) => ({
      level,
      name: (UNIT_LEVELS as readonly string[]).includes(level) ? t(`pub.levelHeading.${level}` as MessageKey) : level,
      editions: sorted.filter((e) => e.level === level),
    })),
  };
}
