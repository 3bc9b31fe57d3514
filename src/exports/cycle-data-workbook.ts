import type { Writable } from 'node:stream';
import type { Framework } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import type { CycleAnswerDataRow, CycleEvidenceDataRow, CycleSystemValueDataRow } from '../submissions/cycle-data.queries';
import type { ColumnSpec, KeyValueSpec, RowCells, SheetSpec } from '../workbooks/sheet-spec';
import { StreamWorkbook } from '../workbooks/stream-workbook';
import { vietnamTime } from '../workbooks/write-cells';
import { BANNER_HEADER, DATE_TIME_FORMAT } from '../workbooks/workbook-styles';
import { rawValueCell, rawValueJson } from './export-cells';
import type { ExportProgress } from './export-progress';
import { levelVi } from './ranking-workbook';

/** An answer as the sheet shows it: its unit by code and name, who wrote it last by e-mail (or null: the system, a removed user). */
export interface CycleAnswerRow extends Omit<CycleAnswerDataRow, 'unitId' | 'updatedById'> {
  unitCode: string;
  unitName: string;
  updatedBy: string | null;
}

/** A value imported from a national system, its unit by code and name. */
export interface CycleSystemValueRow extends Omit<CycleSystemValueDataRow, 'unitId'> {
  unitCode: string;
  unitName: string;
}

/** A piece of evidence as the sheet shows it: its unit by code and name, its author by e-mail (or null). */
export interface CycleEvidenceRow extends Omit<CycleEvidenceDataRow, 'unitId' | 'createdById'> {
  unitCode: string;
  unitName: string;
  createdBy: string | null;
}

export interface CycleDataWorkbookData {
  cycle: { id: string; year: number; level: string; nameVi: string; phase: string };
  framework: { code: string; version: string; document: Framework };
  /** Each read once, in batches, so that a cycle of any size streams through with bounded memory. */
  answers: () => AsyncIterable<CycleAnswerRow[]>;
  systemValues: () => AsyncIterable<CycleSystemValueRow[]>;
  evidence: () => AsyncIterable<CycleEvidenceRow[]>;
  /** Row totals, for progress only. */
  counts?: { answers: number; systemValues: number; evidence: number };
  generatedAt?: Date;
}

export const ANSWERS_SHEET = 'Câu trả lời';
export const SYSTEM_VALUES_SHEET = 'Giá trị hệ thống';
export const EVIDENCE_SHEET = 'Minh chứng';

export const cycleDataFileName = (c: { year: number; level: string }, at: Date): string =>
  `dti-${c.year}-${c.level.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-cycle-data-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.xlsx`;

const EVIDENCE_KIND_VI: Record<string, string> = { file: 'tệp', citation: 'trích dẫn văn bản', link: 'đường dẫn' };

const UNIT_COLUMNS: ColumnSpec[] = [
  { header: 'Mã đơn vị', width: 9, kind: 'text' },
  { header: 'Đơn vị', width: 24, kind: 'text' },
];
const INDICATOR_COLUMNS: ColumnSpec[] = [
  { header: 'Mã chỉ tiêu', width: 11, kind: 'text' },
  { header: 'Chỉ tiêu', width: 36, kind: 'text' },
];
/** A value written twice: readable, and exact (JSON). */
const VALUE_COLUMNS: ColumnSpec[] = [
  { header: 'Giá trị', width: 16 },
  { header: 'Giá trị (JSON)', width: 22 },
];

/** The leaves' names by code. */
type LeafNames = Map<string, string>;

/** The cells of UNIT_COLUMNS then INDICATOR_COLUMNS. */
const unitAndIndicator = (r: { unitCode: string; unitName: string; indicatorCode: string }, names: LeafNames): RowCells => [
  r.unitCode,
  r.unitName,
  r.indicatorCode,
  names.get(r.indicatorCode) ?? '',
];

/**
 * The full data of a cycle for analysts, one sheet per kind, streamed: every answer (who wrote it and when), every
 * value imported from national systems (with its import), every piece of evidence (file, citation or link). Values
 * are written twice: readable ("Có", 12.5, "numerator: 3; denominator: 4") and exact (JSON).
 */
export async function writeCycleDataWorkbook(data: CycleDataWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<void> {
  const names: LeafNames = new Map(frameworkLeaves(data.framework.document).map((l) => [l.node.code, l.node.name.vi]));
  const book = new StreamWorkbook(target);
  const total = data.counts ? data.counts.answers + data.counts.systemValues + data.counts.evidence : 0;
  let done = 0;
  const step = async () => {
    done++;
    if (onProgress && total > 0 && done % 1000 === 0) await onProgress(Math.min(0.99, done / total));
  };
  const answers = await book.writeSheet(answersSheet(data, names), step);
  const system = await book.writeSheet(systemValuesSheet(data, names), step);
  const evidence = await book.writeSheet(evidenceSheet(data, names), step);
  await book.keyValueSheet(cycleInfo(data, { answers: answers.rowCount, systemValues: system.rowCount, evidence: evidence.rowCount }));
  await book.commit();
  if (onProgress) await onProgress(1);
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  for await (const batch of batches) yield* batch;
}

function answersSheet(data: CycleDataWorkbookData, names: LeafNames): SheetSpec<CycleAnswerRow> {
  return {
    name: ANSWERS_SHEET,
    title: [`${data.cycle.nameVi} — câu trả lời tự đánh giá`],
    header: BANNER_HEADER,
    frozen: { columns: 3 },
    autoFilter: true,
    columns: [
      ...UNIT_COLUMNS,
      { header: 'Trạng thái hồ sơ', width: 12, kind: 'text' },
      ...INDICATOR_COLUMNS,
      ...VALUE_COLUMNS,
      { header: 'Ghi chú', width: 40, kind: 'text' },
      { header: 'Điểm tự chấm', width: 10, kind: 'number' },
      { header: 'Cập nhật lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
      { header: 'Cập nhật bởi', width: 26, kind: 'text' },
    ],
    rows: flatten(data.answers()),
    row: (a) => [
      a.unitCode,
      a.unitName,
      a.submissionStatus,
      a.indicatorCode,
      names.get(a.indicatorCode) ?? '',
      rawValueCell(a.value),
      rawValueJson(a.value),
      a.note,
      a.selfPoints,
      vietnamTime(a.updatedAt),
      a.updatedBy,
    ],
  };
}

/** Where a system value came from, in words: an imported file, a national system's push, the monthly monitoring. */
export const SOURCE_WORDS: Record<string, string> = {
  import: 'Nhập từ tệp',
  feed: 'Hệ thống quốc gia gửi',
  monitoring: 'Theo dõi hằng tháng',
};

function systemValuesSheet(data: CycleDataWorkbookData, names: LeafNames): SheetSpec<CycleSystemValueRow> {
  return {
    name: SYSTEM_VALUES_SHEET,
    title: [`${data.cycle.nameVi} — giá trị đo từ hệ thống quốc gia`],
    header: BANNER_HEADER,
    frozen: { columns: 2 },
    autoFilter: true,
    columns: [
      ...UNIT_COLUMNS,
      ...INDICATOR_COLUMNS,
      ...VALUE_COLUMNS,
      { header: 'Mã lần nhập', width: 38, kind: 'text' },
      { header: 'Nhập lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
      { header: 'Nguồn', width: 24, kind: 'text' },
      { header: 'Mã nguồn (lô số liệu, kỳ tháng)', width: 38, kind: 'text' },
    ],
    rows: flatten(data.systemValues()),
    row: (v) => [
      ...unitAndIndicator(v, names),
      rawValueCell(v.value),
      rawValueJson(v.value),
      v.importJobId,
      vietnamTime(v.importedAt),
      SOURCE_WORDS[v.source] ?? v.source,
      v.sourceId,
    ],
  };
}

function evidenceSheet(data: CycleDataWorkbookData, names: LeafNames): SheetSpec<CycleEvidenceRow> {
  return {
    name: EVIDENCE_SHEET,
    title: [`${data.cycle.nameVi} — minh chứng`],
    header: BANNER_HEADER,
    frozen: { columns: 2 },
    autoFilter: true,
    columns: [
      ...UNIT_COLUMNS,
      ...INDICATOR_COLUMNS,
      { header: 'Loại', width: 12, kind: 'text' },
      { header: 'Tên tệp', width: 28, kind: 'text' },
      { header: 'Kiểu tệp', width: 18, kind: 'text' },
      { header: 'Dung lượng (byte)', width: 12, kind: 'number' },
      { header: 'SHA-256', width: 66, kind: 'text' },
      { header: 'Số hiệu văn bản', width: 18, kind: 'text' },
      { header: 'Tên văn bản', width: 36, kind: 'text' },
      { header: 'Ngày ban hành', width: 12, kind: 'text' },
      { header: 'Trích yếu', width: 40, kind: 'text' },
      // The address as text, never a clickable hyperlink: it was typed by a unit and is not checked.
      { header: 'Đường dẫn', width: 40, kind: 'text' },
      { header: 'Nhãn', width: 24, kind: 'text' },
      { header: 'Mã minh chứng', width: 38, kind: 'text' },
      { header: 'Tạo lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
      { header: 'Tạo bởi', width: 26, kind: 'text' },
    ],
    rows: flatten(data.evidence()),
    row: (e) => [
      ...unitAndIndicator(e, names),
      EVIDENCE_KIND_VI[e.kind] ?? e.kind,
      e.fileName,
      e.mimeType,
      e.sizeBytes,
      e.sha256,
      e.documentNumber,
      e.documentTitle,
      e.issuedOn,
      e.summary,
      e.url,
      e.label,
      e.id,
      vietnamTime(e.createdAt),
      e.createdBy,
    ],
  };
}

function cycleInfo(data: CycleDataWorkbookData, counts: { answers: number; systemValues: number; evidence: number }): KeyValueSpec {
  const { cycle, framework } = data;
  return {
    name: 'Thông tin',
    title: `Dữ liệu kỳ đánh giá: ${cycle.nameVi}`,
    widths: [34, 90],
    styled: true,
    entries: [
      ['Kỳ đánh giá', cycle.nameVi],
      ['Mã kỳ', cycle.id],
      ['Năm dữ liệu', cycle.year],
      ['Cấp đánh giá', levelVi(cycle.level)],
      ['Giai đoạn khi xuất', cycle.phase],
      ['Bộ chỉ số', `${framework.document.name.vi} (${framework.code} ${framework.version})`],
      ['Số câu trả lời', counts.answers],
      ['Số giá trị hệ thống', counts.systemValues],
      ['Số minh chứng', counts.evidence],
      ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
    ],
  };
}
