import type { Writable } from 'node:stream';
import { roundTo } from '../engine';
import type { Framework, FrameworkNode, ScoringRule, Normalization } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { rankingColumns } from '../publications/ranking-columns';
import type { StoredNodeResult } from '../scoring/score-result.entity';
import {
  ExportWorkbook,
  num,
  POINTS_FORMAT,
  text,
  VALUE_FORMAT,
  vietnamTime,
  type ExportProgress,
  type SheetColumn,
} from './workbook-kit';

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
  nodes: Record<string, StoredNodeResult | undefined>;
  pillars: Record<string, StoredNodeResult | undefined>;
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
}

export const RANKING_SHEET = 'Xếp hạng';
export const DETAIL_SHEET = 'Chi tiết chỉ số';
export const METHOD_SHEET = 'Phương pháp';
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

/**
 * The ranking workbook of a publication, streamed (ExcelJS.stream.xlsx.WorkbookWriter, rows committed as they are
 * written): "Xếp hạng", a sheet per top-level group holding main indicators and one per pillar, "Chi tiết chỉ số"
 * (units × leaves: value and points), "Phương pháp" (the framework tree) and "Thông tin" (the publication).
 * Values are the stored results, rounded to the framework's precision where the public API rounds them (index,
 * group, main-indicator and pillar values), as stored elsewhere (points, leaf values).
 */
export async function writeRankingWorkbook(data: RankingWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<{ units: number }> {
  const { publication: pub, framework } = data;
  const doc = framework.document;
  const precision = doc.result.precision;
  const round = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? roundTo(v, precision) : null);
  const columns = rankingColumns(doc);
  const given = data.units;
  const stream: RankingUnitStream = Array.isArray(given)
    ? { grouped: given.some((u) => u.unitGroup !== null), batches: async function* () { yield given; } }
    : given;
  const grouped = stream.grouped;
  // Filled while "Xếp hạng" is written; the later sheets go over it again.
  const units: RankingWorkbookUnit[] = [];
  const book = new ExportWorkbook(target);
  const title = `${doc.name.vi} — năm ${pub.year}`;
  const subtitle = `Phiên bản công bố ${pub.version} · công bố ${pub.publishedAt.toISOString().slice(0, 10)} · SHA-256 ${pub.sha256}`;
  const unitColumns: SheetColumn[] = [
    { header: 'Hạng', width: 7 },
    { header: 'Mã', width: 8 },
    { header: 'Đơn vị', width: 26 },
  ];
  const unitCells = (u: RankingWorkbookUnit) => [u.rank, text(u.code), text(u.nameVi)];
  const progress = async (f: number) => {
    if (onProgress) await onProgress(Math.min(1, f));
  };

  // Xếp hạng
  const ordered = [...columns.filter((c) => c.kind === 'pillar'), ...columns.filter((c) => c.kind === 'group'), ...columns.filter((c) => c.kind === 'main')];
  const ranking = book.sheet({
    name: RANKING_SHEET,
    preamble: [title, subtitle],
    frozenColumns: 3,
    columns: [
      ...unitColumns,
      ...(grouped ? [{ header: 'Nhóm', width: 12 }, { header: 'Hạng trong nhóm', width: 10 }] : []),
      { header: 'Chỉ số DTI', width: 12, numFmt: VALUE_FORMAT },
      ...ordered.map((c) => ({ header: label(c), width: 16, numFmt: VALUE_FORMAT })),
      { header: 'Hạng năm trước', width: 10 },
      { header: 'Thay đổi hạng', width: 10 },
      { header: 'Chỉ số năm trước', width: 12, numFmt: VALUE_FORMAT },
      { header: 'Thay đổi', width: 12, numFmt: VALUE_FORMAT },
    ],
  });
  for await (const batch of stream.batches()) {
    for (const u of batch) {
      units.push(u);
      const prev = u.previous;
      ranking.add([
        ...unitCells(u),
        ...(grouped ? [text(u.unitGroup), u.groupRank] : []),
        num(u.index),
        ...ordered.map((c) => round((c.kind === 'pillar' ? u.pillars[c.code] : u.nodes[c.code])?.value)),
        prev?.rank ?? null,
        prev && prev.rank !== null && u.rank !== null ? prev.rank - u.rank : null,
        num(prev?.value),
        prev && prev.value !== null && u.index !== null ? roundTo(u.index - prev.value, precision) : null,
      ]);
      await ranking.breathe();
    }
  }
  const indexColumn = unitColumns.length + (grouped ? 2 : 0) + 1;
  ranking.colourScale(Array.from({ length: ordered.length + 1 }, (_, i) => indexColumn + i));
  await ranking.done();
  await progress(0.15);

  // A sheet per top-level group that holds main indicators, and one per pillar.
  const views: { name: string; head: { code: string; nameVi: string }; members: FrameworkNode[]; pillar: boolean }[] = [];
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
  for (const view of views) {
    const sheet = book.sheet({
      name: view.name,
      preamble: [`${label(view.head)} — ${doc.name.vi}, năm ${pub.year}`],
      frozenColumns: 3,
      columns: [
        ...unitColumns,
        { header: `${label(view.head)}`, width: 16, numFmt: VALUE_FORMAT },
        { header: 'Điểm', width: 10, numFmt: POINTS_FORMAT },
        { header: view.pillar ? 'Hạng theo trụ cột' : 'Hạng theo nhóm', width: 10 },
        ...view.members.flatMap((m) => [
          { header: label({ code: m.code, nameVi: m.name.vi }), width: 16, numFmt: VALUE_FORMAT },
          { header: `${m.code} – Điểm`, width: 10, numFmt: POINTS_FORMAT },
        ]),
      ],
    });
    for (const u of units) {
      const head = view.pillar ? u.pillars[view.head.code] : u.nodes[view.head.code];
      sheet.add([
        ...unitCells(u),
        round(head?.value),
        num(head?.points),
        head?.rank ?? null,
        ...view.members.flatMap((m) => [round(u.nodes[m.code]?.value), num(u.nodes[m.code]?.points)]),
      ]);
      await sheet.breathe();
    }
    sheet.colourScale([unitColumns.length + 1]);
    await sheet.done();
  }
  await progress(0.25);

  // Chi tiết chỉ số: units × leaves.
  const leaves = frameworkLeaves(doc).map((l) => l.node);
  const detail = book.sheet({
    name: DETAIL_SHEET,
    preamble: [`Giá trị (0–1) và điểm của từng chỉ tiêu — ${doc.name.vi}, năm ${pub.year}`],
    frozenColumns: 3,
    columns: [
      ...unitColumns,
      { header: 'Chỉ số DTI', width: 12, numFmt: VALUE_FORMAT },
      ...leaves.flatMap((l) => [
        { header: `${l.code} – Giá trị`, width: 11, numFmt: VALUE_FORMAT },
        { header: `${l.code} – Điểm`, width: 9, numFmt: POINTS_FORMAT },
      ]),
    ],
  });
  const unitsByCode = new Map(units.map((u) => [u.code, u]));
  const writeDetail = async (row: RankingDetailRow) => {
    const u = unitsByCode.get(row.code);
    if (!u) return;
    const cells: (string | number | null)[] = [u.rank, text(u.code), text(u.nameVi), num(u.index)];
    for (let i = 0; i < leaves.length; i++) cells.push(num(row.values[i]), num(row.points[i]));
    detail.add(cells);
    await detail.breathe();
    if (detail.rowCount % 500 === 0) await progress(0.25 + (0.7 * detail.rowCount) / Math.max(1, units.length));
  };
  if (data.details) {
    for await (const batch of data.details()) for (const row of batch) await writeDetail(row);
  } else {
    for (const u of units) {
      await writeDetail({ code: u.code, values: leaves.map((l) => u.nodes[l.code]?.value ?? null), points: leaves.map((l) => u.nodes[l.code]?.points ?? null) });
    }
  }
  detail.colourScale([unitColumns.length + 1]);
  await detail.done();
  await progress(0.95);

  await writeMethodology(book, doc);
  await book.infoSheet(INFO_SHEET, title, [
    ['Bộ chỉ số', `${doc.name.vi} (${framework.code} ${framework.version})`],
    ['Năm dữ liệu', pub.year],
    ['Cấp đánh giá', levelVi(pub.level)],
    ['Phiên bản công bố', pub.version],
    ['Mã công bố', pub.id],
    ['SHA-256 của bản công bố', pub.sha256],
    ['Công bố lúc (giờ Việt Nam)', vietnamTime(pub.publishedAt)],
    ['Lý do đính chính', pub.reason ?? ''],
    ['Số đơn vị', units.length],
    ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
    ['Nguồn', doc.source],
    [
      'Lưu ý',
      'Các chỉ tiêu đánh dấu "minh họa" trong sheet Phương pháp không phải chỉ tiêu chính thức. Giá trị và chỉ số trong khoảng 0–1, làm tròn ' +
        `${precision} chữ số thập phân như khi xếp hạng.`,
    ],
  ]);
  await book.commit();
  await progress(1);
  return { units: units.length };
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

const AGGREGATION_VI: Record<string, string> = { points: 'cộng điểm', weighted_mean: 'trung bình có trọng số', geometric_mean: 'trung bình nhân' };
const SOURCE_VI: Record<string, string> = { self: 'tự đánh giá', expert: 'chuyên gia', system: 'hệ thống quốc gia', survey: 'khảo sát' };
const EVIDENCE_VI: Record<string, string> = { required: 'bắt buộc', optional: 'không bắt buộc', none: 'không cần' };

/** A scoring rule in words (Vietnamese), e.g. "bands: ≥ 0 → 0; ≥ 30 → 3". */
export function describeRule(rule: ScoringRule | undefined): string {
  if (!rule) return '';
  switch (rule.rule) {
    case 'boolean':
      return 'boolean: có → điểm tối đa, không → 0';
    case 'ratio':
      return `ratio: điểm tối đa × min(giá trị / ${rule.target}, 1)`;
    case 'bands':
      return `bands: ${rule.bands.map((b) => `≥ ${b.min} → ${b.points}`).join('; ')}`;
    case 'choice':
      return `choice: ${rule.options.map((o) => `${o.value}${o.label?.vi ? ` (${o.label.vi})` : ''} → ${o.points}`).join('; ')}`;
    case 'formula':
      return `formula: ${rule.expression}`;
    case 'manual':
      return 'manual: chuyên gia chấm điểm';
  }
}

export function describeNormalization(n: Normalization | undefined): string {
  if (!n || n.method === 'none') return '';
  switch (n.method) {
    case 'minmax':
      return `minmax${n.lower !== undefined || n.upper !== undefined ? ` [${n.lower ?? 0}, ${n.upper ?? 1}]` : ''}`;
    case 'zscore':
      return `zscore${n.mean !== undefined || n.sd !== undefined ? ` (mean ${n.mean ?? 0}, sd ${n.sd ?? 1})` : ''}`;
    case 'goalposts':
      return `goalposts [${n.min}, ${n.max}]`;
    case 'target':
      return `target ${n.target}`;
  }
}

/** "Phương pháp": the framework's source, then its tree, then its pillars. */
async function writeMethodology(book: ExportWorkbook, doc: Framework): Promise<void> {
  const sheet = book.sheet({
    name: METHOD_SHEET,
    preamble: [`${doc.name.vi} (${doc.code} ${doc.version})`, `Nguồn: ${doc.source}`],
    frozenColumns: 2,
    columns: [
      { header: 'Mã', width: 10 },
      { header: 'Tên', width: 40 },
      { header: 'Tên tiếng Anh', width: 30 },
      { header: 'Cấp', width: 6 },
      { header: 'Loại', width: 14 },
      { header: 'Điểm tối đa', width: 10 },
      { header: 'Trọng số', width: 9 },
      { header: 'Cách tổng hợp', width: 16 },
      { header: 'Kiểu dữ liệu', width: 12 },
      { header: 'Quy tắc chấm điểm', width: 40 },
      { header: 'Chuẩn hóa', width: 16 },
      { header: 'Nguồn dữ liệu', width: 16 },
      { header: 'Minh chứng', width: 14 },
      { header: 'Minh họa (không chính thức)', width: 12 },
      { header: 'Mô tả', width: 60 },
    ],
  });
  const walk = async (nodes: FrameworkNode[], depth: number) => {
    for (const n of nodes) {
      const group = Boolean(n.children?.length);
      const main = group && n.children!.every((c) => !c.children?.length);
      sheet.add([
        text(n.code),
        text(n.name.vi),
        text(n.name.en),
        depth + 1,
        group ? (main ? 'Chỉ số chính' : 'Nhóm') : 'Chỉ tiêu',
        num(n.maxPoints),
        num(n.weight ?? 1),
        group ? text(AGGREGATION_VI[n.aggregation ?? doc.aggregation] ?? n.aggregation ?? doc.aggregation) : null,
        text(n.input?.type),
        text(describeRule(n.scoring)),
        text(describeNormalization(n.normalization)),
        text(n.source ? (SOURCE_VI[n.source] ?? n.source) : null),
        text(n.evidence ? (EVIDENCE_VI[n.evidence] ?? n.evidence) : null),
        n.illustrative ? 'Có' : 'Không',
        text(n.description?.vi),
      ]);
      await sheet.breathe();
      if (n.children) await walk(n.children, depth + 1);
    }
  };
  await walk(doc.nodes, 0);
  for (const p of doc.pillars ?? []) {
    sheet.add([
      text(p.code),
      text(p.name.vi),
      text(p.name.en),
      1,
      'Trụ cột',
      null,
      null,
      text(AGGREGATION_VI[p.aggregation ?? 'points'] ?? p.aggregation),
      null,
      text(`thành phần: ${p.members.map((m) => (m.weight !== undefined ? `${m.node} × ${m.weight}` : m.node)).join(', ')}`),
      null,
      null,
      null,
      (p as { illustrative?: boolean }).illustrative ? 'Có' : 'Không',
      text((p as { description?: { vi?: string } }).description?.vi),
    ]);
  }
  await sheet.done();
}
