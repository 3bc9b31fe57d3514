import type { Writable } from 'node:stream';
import type { AnalysisResult } from '../analysis/analysis-result';
import { roundTo } from '../engine';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { rankingColumns } from '../publications/ranking-columns';
import { previousGroupRanks, rankingGroupName, rankingGroups } from '../publications/ranking-groups';
import type { ColumnSpec, KeyValueSpec, PrintSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { StreamWorkbook } from '../workbooks/stream-workbook';
import { num, vietnamTime } from '../workbooks/write-cells';
import { BANNER_HEADER } from '../workbooks/workbook-styles';
import { decimalsFormat, isNotScored, notScoredCell } from './export-cells';
import { publicationPrint, publicationTitle, vietnamDate } from './export-print';
import type { ExportProgress } from './export-progress';
import { analysisSpecVi, INTERVAL_SHEET, intervalSheet, sensitivitySheet } from './ranking-workbook-intervals';
import { methodologySheet } from './ranking-workbook-methodology';

export { describeRule, METHOD_SHEET } from './ranking-workbook-methodology';

/** What the workbook reads of a node's stored result (scoring's StoredNodeResult has these and more). */
export interface NodeResultCells {
  value: number | null;
  points: number | null;
  rank: number | null;
}

/** One unit of a published ranking, as the workbook needs it (leaves are not read from here: see details). */
export interface RankingWorkbookUnit {
  code: string;
  nameVi: string;
  unitGroup: string | null;
  ranked: boolean;
  rank: number | null;
  groupRank: number | null;
  /** The index rounded to the framework's precision (what ranks compare). */
  index: number | null;
  /** Last year's value and rank, as the publication holds them. */
  previous: { value: number | null; rank: number | null } | null;
  /** The results of the groups and main indicators (leaves may be present too; they are not read). */
  nodes: Record<string, NodeResultCells | undefined>;
  pillars: Record<string, NodeResultCells | undefined>;
}

/** One unit's leaf results for "Chi tiết chỉ số", in the order of frameworkLeaves (null where there is none). */
export interface RankingDetailRow {
  code: string;
  values: (number | null)[];
  points: (number | null)[];
}

export interface RankingUnitStream {
  grouped: boolean;
  batches: () => AsyncIterable<RankingWorkbookUnit[]>;
}

export interface RankingWorkbookData {
  publication: { id: string; year: number; level: string; version: number; sha256: string; publishedAt: Date; reason: string | null };
  framework: { code: string; version: string; nameVi: string; document: Framework };
  /**
   * In ranking order: rank, then index descending, then code. Either all in memory, or read in batches while the
   * first sheet is written (the database's reading then overlaps the writing); `grouped` says whether any unit has
   * a group, which that sheet's header needs before the first row.
   */
  units: RankingWorkbookUnit[] | RankingUnitStream;
  /**
   * Every unit's leaf results, in batches, read once (from the database, so that a commune-scale matrix is never
   * all in memory). Units missing from it are written without leaf values; without it, the leaves are read from
   * units[].nodes.
   */
  details?: () => AsyncIterable<RankingDetailRow[]>;
  /** When the file is made (the "Thông tin" sheet); default now. */
  generatedAt?: Date;
  /** The uncertainty analysis frozen with the publication (its sheets: ranking-workbook-intervals.ts); none: no such sheets. */
  analysis?: AnalysisResult | null;
}

export const RANKING_SHEET = 'Xếp hạng';
export const DETAIL_SHEET = 'Chi tiết chỉ số';
export const INFO_SHEET = 'Thông tin';

/** The ASCII file name of a publication's ranking workbook: dti-2022-province-v1.xlsx. */
export const rankingFileName = (p: { year: number; level: string; version: number }): string =>
  `dti-${p.year}-${p.level.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-v${p.version}.xlsx`;

const LEVEL_VI: Record<string, string> = {
  national: 'quốc gia',
  ministry: 'bộ, ngành',
  province: 'tỉnh, thành phố',
  department: 'sở, ngành',
  district: 'huyện',
  commune: 'xã',
};
export const levelVi = (level: string): string => LEVEL_VI[level] ?? level;

const label = (n: { code: string; nameVi: string }) => `${n.nameVi} (${n.code})`;

/** What every sheet of one ranking workbook needs: the framework, its rounding, the title, the unit columns. */
interface RankingContext {
  doc: Framework;
  year: number;
  /** The framework's name with the data year, once. */
  title: string;
  /** The publication in words, without identifiers (its id and sha256 are on "Thông tin"). */
  subtitle: string;
  /** Whether any unit has a group: a ranking sheet per group then, and the group in every units sheet. */
  grouped: boolean;
  /** Values and points rounded to the framework's precision, as the public API and the ranks round them. */
  round: (v: number | null | undefined) => number | null;
  /** The number format of those: as many decimals as the precision. */
  format: string;
  /** The nodes by code (a column's node, to know whether it is scored). */
  nodes: Map<string, FrameworkNode>;
  print: PrintSpec;
  /** The first columns of every sheet of units but the ranking sheets, frozen, and their cells. */
  unitColumns: ColumnSpec[];
  unitCells: (u: RankingWorkbookUnit) => RowCells;
}

/** A sheet per top-level group that holds main indicators, and one per pillar. */
interface RankingView {
  name: string;
  head: { code: string; nameVi: string };
  members: FrameworkNode[];
  pillar: boolean;
}

/** Rank, code and unit: the first columns of every units sheet, frozen. */
const UNIT_COLUMNS: ColumnSpec[] = [
  { header: 'Hạng', width: 7 },
  { header: 'Mã', width: 8, kind: 'text' },
  { header: 'Đơn vị', width: 26, kind: 'text' },
];
const unitCells = (u: RankingWorkbookUnit): RowCells => [u.rank, u.code, u.nameVi];

/** Of a grouped ranking (the ministries'): ranks are within the group only (922 publishes none across), the group beside. */
const GROUP_RANK_COLUMN: ColumnSpec = { header: 'Hạng trong nhóm', width: 9 };
const GROUPED_UNIT_COLUMNS: ColumnSpec[] = [GROUP_RANK_COLUMN, UNIT_COLUMNS[1], UNIT_COLUMNS[2], { header: 'Nhóm', width: 26, kind: 'text' }];
const groupedUnitCells = (u: RankingWorkbookUnit): RowCells => [u.groupRank, u.code, u.nameVi, groupSheetName(u.unitGroup)];

/** The groups' names short enough for a sheet's (31 characters); another group's sheet is named by its heading. */
const GROUP_SHEET_NAMES: Record<string, string> = {
  with_public_services: 'Có cung cấp dịch vụ công',
  without_public_services: 'Không cung cấp dịch vụ công',
};
/** Units of a grouped ranking without a group (the registry requires one of a ministry, so none in practice). */
const NO_GROUP = 'Chưa phân nhóm';
const groupHeading = (group: string | null): string => (group === null ? NO_GROUP : rankingGroupName(group).vi);
const groupSheetName = (group: string | null): string => (group !== null && GROUP_SHEET_NAMES[group]) || groupHeading(group);

/** How every units sheet of the workbook looks, and prints. */
const unitsSheet = (ctx: RankingContext, columns: ColumnSpec[]) =>
  ({ header: BANNER_HEADER, frozen: { columns: columns.length }, autoFilter: true, print: ctx.print }) as const;

/**
 * The ranking workbook of a publication, streamed (ExcelJS.stream.xlsx.WorkbookWriter, rows committed as they are
 * written): "Xếp hạng" (of a grouped ranking, the ministries', a ranking sheet per group instead, by the rank within
 * it), a sheet per top-level group holding main indicators and one per pillar, "Chi tiết chỉ số"
 * (units × leaves: value and points), "Phương pháp" (the framework tree) and "Thông tin" (the publication).
 * Values are the stored results, rounded to the framework's precision where the public API rounds them (index,
 * group, main-indicator and pillar values), as stored elsewhere (points, leaf values).
 */
export async function writeRankingWorkbook(data: RankingWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<{ units: number }> {
  const given = data.units;
  const stream: RankingUnitStream = Array.isArray(given)
    ? { grouped: given.some((u) => u.unitGroup !== null), batches: async function* () { yield given; } }
    : given;
  const ctx = rankingContext(data, stream.grouped);
  const progress = async (f: number) => {
    if (onProgress) await onProgress(Math.min(1, f));
  };
  // Filled while "Xếp hạng" is written; the later sheets go over it again.
  const units: RankingWorkbookUnit[] = [];
  const book = new StreamWorkbook(target);
  if (ctx.grouped) {
    // A sheet per group needs every unit before the first (grouped rankings are of ministries: a few dozen units).
    for await (const u of keeping(stream.batches(), units)) void u;
    // Every sheet lists the units group by group, each group in its ranking's order (sort is stable).
    const groups = groupsOf(units);
    units.sort((a, b) => groups.indexOf(a.unitGroup) - groups.indexOf(b.unitGroup));
    for (const group of groups) {
      await book.writeSheet(groupRankingSheet(ctx, group, units.filter((u) => u.unitGroup === group)));
    }
  } else {
    await book.writeSheet(rankingSheet(ctx, keeping(stream.batches(), units)));
  }
  await progress(0.15);
  for (const view of rankingViews(ctx.doc)) await book.writeSheet(viewSheet(ctx, view, units));
  if (data.analysis) {
    const names = new Map(units.map((u) => [u.code, u.nameVi]));
    await book.writeSheet(intervalSheet(data.analysis, names, ctx));
    const sensitivity = sensitivitySheet(data.analysis, ctx);
    if (sensitivity) await book.writeSheet(sensitivity);
  }
  await progress(0.25);
  await book.writeSheet(detailSheet(ctx, units, data.details), async (written) => {
    if (written % 500 === 0) await progress(0.25 + (0.7 * written) / Math.max(1, units.length));
  });
  await progress(0.95);
  await book.writeSheet(methodologySheet(ctx.doc, ctx.print));
  await book.keyValueSheet(infoSheet(data, ctx, units));
  await book.commit();
  await progress(1);
  return { units: units.length };
}

function rankingContext(data: RankingWorkbookData, grouped: boolean): RankingContext {
  const { publication: pub } = data;
  const doc = data.framework.document;
  const precision = doc.result.precision;
  const title = publicationTitle(doc.name.vi, pub.year);
  return {
    doc,
    year: pub.year,
    title,
    subtitle:
      `Bảng xếp hạng cấp ${levelVi(pub.level)} · phiên bản công bố ${pub.version}${pub.reason !== null ? ' (đính chính)' : ''}, ` +
      `công bố ngày ${vietnamDate(pub.publishedAt)}`,
    grouped,
    round: (v) => (typeof v === 'number' && Number.isFinite(v) ? roundTo(v, precision) : null),
    format: decimalsFormat(precision),
    nodes: nodeIndex(doc),
    print: publicationPrint(pub, title),
    unitColumns: grouped ? GROUPED_UNIT_COLUMNS : UNIT_COLUMNS,
    unitCells: grouped ? groupedUnitCells : unitCells,
  };
}

/** The groups of the units, in the order the rankings list them (units without a group last). */
function groupsOf(units: RankingWorkbookUnit[]): (string | null)[] {
  const named = rankingGroups(units).map((g) => g.code);
  return units.some((u) => u.unitGroup === null) ? [...named, null] : named;
}

/** Each unit of the batches, in order, kept in `into` as it goes by. */
async function* keeping(batches: AsyncIterable<RankingWorkbookUnit[]>, into: RankingWorkbookUnit[]): AsyncIterable<RankingWorkbookUnit> {
  for await (const batch of batches) {
    for (const u of batch) {
      into.push(u);
      yield u;
    }
  }
}

/** The columns of a ranking sheet: the index, then the pillars, groups and main indicators. */
function rankingValueColumns(ctx: RankingContext) {
  const columns = rankingColumns(ctx.doc);
  return [...columns.filter((c) => c.kind === 'pillar'), ...columns.filter((c) => c.kind === 'group'), ...columns.filter((c) => c.kind === 'main')];
}

/** A ranking sheet: rank, unit, the index, pillars, groups and main indicators, last year's rank and index, the changes. */
function rankingSheetOf(
  ctx: RankingContext,
  sheet: { name: string; title: string[]; rank: ColumnSpec; rankOf: (u: RankingWorkbookUnit) => number | null; previousRankOf: (u: RankingWorkbookUnit) => number | null },
  units: Iterable<RankingWorkbookUnit> | AsyncIterable<RankingWorkbookUnit>,
): SheetSpec<RankingWorkbookUnit> {
  const { round, format } = ctx;
  const ordered = rankingValueColumns(ctx);
  const unitColumns = [sheet.rank, ...UNIT_COLUMNS.slice(1)];
  const precision = ctx.doc.result.precision;
  return {
    ...unitsSheet(ctx, unitColumns),
    name: sheet.name,
    title: sheet.title,
    columns: [
      ...unitColumns,
      { header: 'Chỉ số DTI', width: 12, numFmt: format },
      ...ordered.map((c) => ({ header: label(c), width: 16, numFmt: format })),
      { header: 'Hạng năm trước', width: 10 },
      { header: 'Thay đổi hạng', width: 10 },
      { header: 'Chỉ số năm trước', width: 12, numFmt: format },
      { header: 'Thay đổi', width: 12, numFmt: format },
    ],
    colourScale: Array.from({ length: ordered.length + 1 }, (_, i) => unitColumns.length + 1 + i),
    rows: units,
    row: (u) => {
      const prev = u.previous;
      const rank = sheet.rankOf(u);
      const previousRank = sheet.previousRankOf(u);
      return [
        rank,
        u.code,
        u.nameVi,
        num(u.index),
        ...ordered.map((c) => (c.kind !== 'pillar' && isNotScored(ctx.nodes.get(c.code)) ? notScoredCell : round((c.kind === 'pillar' ? u.pillars[c.code] : u.nodes[c.code])?.value))),
        previousRank,
        previousRank !== null && rank !== null ? previousRank - rank : null,
        num(prev?.value),
        prev && prev.value !== null && u.index !== null ? roundTo(u.index - prev.value, precision) : null,
      ];
    },
  };
}

/** "Xếp hạng": the ranking of all units (a ranking without groups). */
function rankingSheet(ctx: RankingContext, units: AsyncIterable<RankingWorkbookUnit>): SheetSpec<RankingWorkbookUnit> {
  const sheet = { name: RANKING_SHEET, title: [ctx.title, ctx.subtitle], rank: UNIT_COLUMNS[0], rankOf: (u: RankingWorkbookUnit) => u.rank };
  return rankingSheetOf(ctx, { ...sheet, previousRankOf: (u) => u.previous?.rank ?? null }, units);
}

/**
 * One group's ranking, named by the group, by the rank within it (ties share it); last year's rank within the group
 * from last year's values of its units, as the public ranking of the group says it (previousGroupRanks).
 */
function groupRankingSheet(ctx: RankingContext, group: string | null, units: RankingWorkbookUnit[]): SheetSpec<RankingWorkbookUnit> {
  const lastYear = previousGroupRanks(units);
  return rankingSheetOf(
    ctx,
    {
      name: groupSheetName(group),
      title: [`${groupHeading(group)} — ${ctx.title}`, ctx.subtitle],
      rank: GROUP_RANK_COLUMN,
      rankOf: (u) => u.groupRank,
      previousRankOf: (u) => lastYear.get(u.code) ?? null,
    },
    units,
  );
}

function rankingViews(doc: Framework): RankingView[] {
  const views: RankingView[] = [];
  for (const node of doc.nodes) {
    if (node.children?.some((c) => c.children?.length)) {
      views.push({ name: `${node.code}. ${node.name.vi}`, head: { code: node.code, nameVi: node.name.vi }, members: node.children, pillar: false });
    }
  }
  const byCode = nodeIndex(doc);
  for (const p of doc.pillars ?? []) {
    const members = p.members.map((m) => byCode.get(m.node)).filter((n): n is FrameworkNode => n !== undefined);
    views.push({ name: `${p.code}. ${p.name.vi}`, head: { code: p.code, nameVi: p.name.vi }, members, pillar: true });
  }
  return views;
}

/** A group's or pillar's sheet: its value, points and rank, then each member's value and points. */
function viewSheet(ctx: RankingContext, view: RankingView, units: RankingWorkbookUnit[]): SheetSpec<RankingWorkbookUnit> {
  const { round, format } = ctx;
  return {
    ...unitsSheet(ctx, ctx.unitColumns),
    name: view.name,
    title: [`${label(view.head)} — ${ctx.title}`],
    columns: [
      ...ctx.unitColumns,
      { header: `${label(view.head)}`, width: 16, numFmt: format },
      { header: 'Điểm', width: 10, numFmt: format },
      { header: view.pillar ? 'Hạng theo trụ cột' : 'Hạng theo nhóm', width: 10 },
      ...view.members.flatMap((m) => [
        { header: label({ code: m.code, nameVi: m.name.vi }), width: 16, numFmt: format },
        { header: `${m.code} – Điểm`, width: 10, numFmt: format },
      ]),
    ],
    colourScale: [ctx.unitColumns.length + 1],
    rows: units,
    row: (u) => {
      const head = view.pillar ? u.pillars[view.head.code] : u.nodes[view.head.code];
      return [
        ...ctx.unitCells(u),
        round(head?.value),
        round(head?.points),
        head?.rank ?? null,
        ...view.members.flatMap((m) => [isNotScored(m) ? notScoredCell : round(u.nodes[m.code]?.value), round(u.nodes[m.code]?.points)]),
      ];
    },
  };
}

/**
 * "Chi tiết chỉ số": units × leaves, from the details read in batches (units missing from them are left out), or
 * without them from units[].nodes.
 */
function detailSheet(ctx: RankingContext, units: RankingWorkbookUnit[], details: RankingWorkbookData['details']): SheetSpec<RankingDetailRow> {
  const leaves = frameworkLeaves(ctx.doc).map((l) => l.node);
  const unitsByCode = new Map(units.map((u) => [u.code, u]));
  const fromUnits = function* (): Iterable<RankingDetailRow> {
    for (const u of units) {
      yield { code: u.code, values: leaves.map((l) => u.nodes[l.code]?.value ?? null), points: leaves.map((l) => u.nodes[l.code]?.points ?? null) };
    }
  };
  return {
    ...unitsSheet(ctx, ctx.unitColumns),
    name: DETAIL_SHEET,
    title: [`Giá trị (0–1) và điểm của từng chỉ tiêu — ${ctx.title}`],
    columns: [
      ...ctx.unitColumns,
      { header: 'Chỉ số DTI', width: 12, numFmt: ctx.format },
      ...leaves.flatMap((l) => [
        { header: `${l.code} – Giá trị`, width: 11, numFmt: ctx.format },
        { header: `${l.code} – Điểm`, width: 9, numFmt: ctx.format },
      ]),
    ],
    colourScale: [ctx.unitColumns.length + 1],
    rows: details ? (ctx.grouped ? inOrderOf(units, flatten(details())) : flatten(details())) : fromUnits(),
    row: (row) => {
      const u = unitsByCode.get(row.code);
      if (!u) return null;
      const cells: RowCells = [...ctx.unitCells(u), num(u.index)];
      for (let i = 0; i < leaves.length; i++) cells.push(isNotScored(leaves[i]) ? notScoredCell : ctx.round(row.values[i]), ctx.round(row.points[i]));
      return cells;
    },
  };
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  for await (const batch of batches) yield* batch;
}

/** The rows in the order of the units they are of (all read first: only for a grouped ranking, of a few dozen units). */
async function* inOrderOf<T extends { code: string }>(units: RankingWorkbookUnit[], rows: AsyncIterable<T>): AsyncIterable<T> {
  const position = new Map(units.map((u, i) => [u.code, i]));
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  yield* all.sort((a, b) => (position.get(a.code) ?? Infinity) - (position.get(b.code) ?? Infinity));
}

/** "Thông tin": the publication and the framework. */
function infoSheet(data: RankingWorkbookData, ctx: RankingContext, units: RankingWorkbookUnit[]): KeyValueSpec {
  const { publication: pub, framework } = data;
  const doc = ctx.doc;
  return {
    name: INFO_SHEET,
    title: ctx.title,
    widths: [34, 90],
    styled: true,
    entries: [
      ['Bộ chỉ số', `${doc.name.vi} (${framework.code} ${framework.version})`],
      ['Năm dữ liệu', pub.year],
      ['Cấp đánh giá', levelVi(pub.level)],
      ...(ctx.grouped ? [['Xếp hạng theo nhóm', groupsOf(units).map(groupHeading).join('; ')] as [string, string]] : []),
      ['Phiên bản công bố', pub.version],
      ['Mã công bố', pub.id],
      ['SHA-256 của bản công bố', pub.sha256],
      ['Công bố lúc (giờ Việt Nam)', vietnamTime(pub.publishedAt)],
      ['Lý do đính chính', pub.reason ?? ''],
      ['Số đơn vị', units.length],
      ['Phân tích độ bất định', data.analysis ? `sheet "${INTERVAL_SHEET}": ${analysisSpecVi(data.analysis)}` : 'không có (công bố không kèm phân tích)'],
      ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
      ['Nguồn', doc.source],
      [
        'Lưu ý',
        'Các chỉ tiêu đánh dấu "minh họa" trong sheet Phương pháp không phải chỉ tiêu chính thức. Giá trị và chỉ số trong khoảng 0–1; giá trị, chỉ số và điểm ' +
          `làm tròn ${doc.result.precision} chữ số thập phân như khi xếp hạng. Cột ghi "không tính điểm" là nội dung được thu thập nhưng không tính điểm (điểm tối đa 0).`,
      ],
    ],
  };
}

function nodeIndex(doc: Framework): Map<string, FrameworkNode> {
  const out = new Map<string, FrameworkNode>();
  const walk = (nodes: FrameworkNode[]) => {
    for (const n of nodes) {
      out.set(n.code, n);
      if (n.children) walk(n.children);
    }
  };
  walk(doc.nodes);
  return out;
}
