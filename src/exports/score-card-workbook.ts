import type { Writable } from 'node:stream';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { KeyValueSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { StreamWorkbook } from '../workbooks/stream-workbook';
import { num, vietnamTime } from '../workbooks/write-cells';
import { BANNER_HEADER, POINTS_FORMAT } from '../workbooks/workbook-styles';
import { asciiSlug, decimalsFormat, rawValueCell } from './export-cells';
import { publicationPrint, publicationTitle } from './export-print';
import type { ExportProgress } from './export-progress';
import { rankingGroupName } from '../publications/ranking-groups';
import { describeRule, levelVi, type NodeResultCells } from './ranking-workbook';

export interface ScoreCardAnswer {
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
}

/** What the card reads of a node's stored result (scoring's StoredNodeResult has these). */
export interface ScoreCardNodeResult extends NodeResultCells {
  maxPoints: number | null;
  contribution: number | null;
}

export interface ScoreCardWorkbookData {
  publication: { id: string; year: number; level: string; version: number; sha256: string; publishedAt: Date };
  framework: { code: string; version: string; nameVi: string; document: Framework };
  unit: { code: string; nameVi: string; unitGroup: string | null };
  result: {
    index: number | null;
    rank: number | null;
    groupRank: number | null;
    ranked: boolean;
    nodes: Record<string, ScoreCardNodeResult | undefined>;
    pillars: Record<string, ScoreCardNodeResult | undefined>;
  };
  /** Units in the publication, or in the unit's ranking group when it has one (for "rank / of"). */
  unitCount: number;
  /** The unit's answers in the cycle, by leaf code. */
  answers: Record<string, ScoreCardAnswer | undefined>;
  /** Values measured by national systems, by leaf code: they replace the unit's answer in scoring. */
  systemValues: Record<string, RawValue | undefined>;
  /**
   * The reviewed value per leaf (final_values settled by the review); missing for a leaf → the reviewed value is the
   * self value. A reviewed value is the one scoring takes, over a system value too.
   */
  reviewed?: Record<string, RawValue | undefined>;
  generatedAt?: Date;
}

export const SCORE_CARD_SHEET = 'Phiếu điểm';
export const SCORE_CARD_COLUMNS = [
  'Mã',
  'Tên',
  'Cấp',
  'Loại',
  'Nguồn dữ liệu',
  'Giá trị tự đánh giá',
  'Giá trị hệ thống',
  'Giá trị thẩm định',
  'Giá trị cuối cùng',
  'Điểm tự chấm',
  'Tỷ lệ đạt (0–1)',
  'Điểm',
  'Điểm tối đa',
  'Đóng góp vào chỉ số',
  'Hạng',
  'Ghi chú của đơn vị',
  'Minh họa (không chính thức)',
  'Quy tắc chấm điểm',
] as const;

export const scoreCardFileName = (p: { year: number; level: string; version: number }, unitCode: string): string =>
  `dti-${p.year}-${p.level.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-v${p.version}-${asciiSlug(unitCode)}-score-card.xlsx`;

const SOURCE_VI: Record<string, string> = { self: 'tự đánh giá', expert: 'chuyên gia', system: 'hệ thống quốc gia', survey: 'khảo sát' };

/**
 * A unit's score card: per node of the framework (tree order) the self, system, reviewed and final values of the
 * leaves, then every node's result (value, points, max, contribution, rank), with the index and ranks on top.
 * The final value is what scoring reads (src/scoring/score-inputs.ts): the reviewed value where the review settled
 * one, else the system value where one was imported, else the unit's own.
 */
export async function writeScoreCardWorkbook(data: ScoreCardWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<void> {
  const book = new StreamWorkbook(target);
  await book.writeSheet(scoreCardSheet(data));
  if (onProgress) await onProgress(0.8);
  await book.keyValueSheet(scoreCardInfo(data));
  await book.commit();
  if (onProgress) await onProgress(1);
}

type ScoreCardRow = { index: true } | { node: FrameworkNode; depth: number } | { pillar: NonNullable<Framework['pillars']>[number] };

function* scoreCardRows(nodes: FrameworkNode[], depth: number): Iterable<ScoreCardRow> {
  for (const node of nodes) {
    yield { node, depth };
    if (node.children) yield* scoreCardRows(node.children, depth + 1);
  }
}

const groupNameVi = (code: string): string => rankingGroupName(code).vi;

/** A rank as the card shows it: none where the unit is its level's only one (the nation), never a ranking of one. */
const shownRank = (data: ScoreCardWorkbookData, rank: number | null | undefined): number | null => (data.unitCount === 1 ? null : (rank ?? null));

/** "Phiếu điểm": the index's row, then the framework's nodes depth first, then the pillars. */
function scoreCardSheet(data: ScoreCardWorkbookData): SheetSpec<ScoreCardRow> {
  const { publication: pub, unit, result } = data;
  const doc = data.framework.document;
  // A unit of a ranking group (a ministry) has one rank, its group's, out of its group's units.
  const among = unit.unitGroup ? ` trong ${groupNameVi(unit.unitGroup).toLowerCase()}` : '';
  const rankText = data.unitCount === 1 ? '' : ` · ${result.rank !== null ? `hạng ${result.rank}/${data.unitCount}${among}` : 'không xếp hạng'}`;
  const title = publicationTitle(doc.name.vi, pub.year);
  const format = decimalsFormat(doc.result.precision);
  return {
    name: SCORE_CARD_SHEET,
    title: [`${unit.nameVi} (${unit.code}) — ${title}`, `Chỉ số DTI ${result.index ?? '—'}${rankText} · phiên bản công bố ${pub.version}`],
    header: BANNER_HEADER,
    frozen: { columns: 2 },
    autoFilter: true,
    print: publicationPrint(pub, title),
    columns: SCORE_CARD_COLUMNS.map((header, i) => ({
      header,
      width: [10, 44, 6, 13, 16, 16, 16, 16, 16, 10, 12, 10, 10, 12, 8, 40, 12, 40][i],
      kind: i < 2 || header === 'Ghi chú của đơn vị' || header === 'Quy tắc chấm điểm' ? 'text' : 'value',
      numFmt: header === 'Tỷ lệ đạt (0–1)' || header === 'Đóng góp vào chỉ số' ? format : header.startsWith('Điểm') ? POINTS_FORMAT : undefined,
    })),
    rows: [{ index: true }, ...scoreCardRows(doc.nodes, 0), ...(doc.pillars ?? []).map((pillar) => ({ pillar }))],
    row: (r) => ('index' in r ? indexCells(data) : 'node' in r ? nodeCells(data, r.node, r.depth) : pillarCells(data, r.pillar)),
  };
}

function indexCells(data: ScoreCardWorkbookData): RowCells {
  const { result } = data;
  const doc = data.framework.document;
  const maxPoints = doc.nodes.reduce((s, n) => s + (result.nodes[n.code]?.maxPoints ?? n.maxPoints ?? 0), 0);
  const points = doc.nodes.reduce((s, n) => s + (result.nodes[n.code]?.points ?? 0), 0);
  return [doc.code, `Chỉ số ${doc.name.vi}`, 0, 'Chỉ số', null, null, null, null, null, null, num(result.index), num(points), num(maxPoints), num(result.index), shownRank(data, result.rank), null, null, null];
}

function nodeCells(data: ScoreCardWorkbookData, node: FrameworkNode, depth: number): RowCells {
  const leaf = !node.children?.length;
  const main = !leaf && node.children!.every((c) => !c.children?.length);
  const r = data.result.nodes[node.code];
  const answer = leaf ? data.answers[node.code] : undefined;
  const self = answer?.value ?? null;
  const system = leaf ? (data.systemValues[node.code] ?? null) : null;
  const reviewedValue = leaf ? data.reviewed?.[node.code] : undefined;
  const reviewed = leaf ? (reviewedValue ?? self) : null;
  const final = leaf ? (reviewedValue ?? system ?? self) : null;
  return [
    node.code,
    node.name.vi,
    depth + 1,
    leaf ? 'Chỉ tiêu' : main ? 'Chỉ số chính' : 'Nhóm',
    leaf && node.source ? (SOURCE_VI[node.source] ?? node.source) : null,
    leaf ? rawValueCell(self) : null,
    leaf ? rawValueCell(system) : null,
    leaf ? rawValueCell(reviewed) : null,
    leaf ? rawValueCell(final) : null,
    num(answer?.selfPoints),
    num(r?.value),
    num(r?.points),
    num(r?.maxPoints ?? node.maxPoints),
    num(r?.contribution),
    shownRank(data, r?.rank),
    answer?.note,
    node.illustrative ? 'Có' : 'Không',
    leaf ? describeRule(node.scoring) : null,
  ];
}

function pillarCells(data: ScoreCardWorkbookData, p: NonNullable<Framework['pillars']>[number]): RowCells {
  const r = data.result.pillars[p.code];
  return [p.code, p.name.vi, 1, 'Trụ cột', null, null, null, null, null, null, num(r?.value), num(r?.points), num(r?.maxPoints), null, shownRank(data, r?.rank), null, (p as { illustrative?: boolean }).illustrative ? 'Có' : 'Không', null];
}

function scoreCardInfo(data: ScoreCardWorkbookData): KeyValueSpec {
  const { publication: pub, framework, unit, result } = data;
  const doc = framework.document;
  return {
    name: 'Thông tin',
    title: `Phiếu điểm ${unit.nameVi} (${unit.code})`,
    widths: [34, 90],
    styled: true,
    entries: [
      ['Đơn vị', `${unit.nameVi} (${unit.code})`],
      ['Nhóm', unit.unitGroup ? groupNameVi(unit.unitGroup) : ''],
      ['Chỉ số DTI', num(result.index)],
      [unit.unitGroup ? 'Hạng trong nhóm' : 'Hạng', shownRank(data, result.rank)],
      [unit.unitGroup ? 'Số đơn vị trong nhóm' : 'Số đơn vị', data.unitCount],
      ['Bộ chỉ số', `${doc.name.vi} (${framework.code} ${framework.version})`],
      ['Năm dữ liệu', pub.year],
      ['Cấp đánh giá', levelVi(pub.level)],
      ['Phiên bản công bố', pub.version],
      ['SHA-256 của bản công bố', pub.sha256],
      ['Công bố lúc (giờ Việt Nam)', vietnamTime(pub.publishedAt)],
      ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
      [
        'Cách đọc',
        'Giá trị cuối cùng là giá trị dùng để chấm: giá trị hệ thống nếu có, nếu không là giá trị thẩm định, nếu chưa thẩm định là giá trị tự đánh giá. ' +
          'Tỷ lệ đạt = điểm / điểm tối đa; đóng góp = phần của chỉ tiêu trong chỉ số. Phương pháp đầy đủ: sheet Phương pháp của bảng xếp hạng.',
      ],
    ],
  };
}
