import type { Writable } from 'node:stream';
import type { Framework } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { levelVi } from './ranking-workbook';
import { DATE_TIME_FORMAT, ExportWorkbook, num, rawValueCell, rawValueJson, text, vietnamTime, type ExportProgress, type OpenSheet } from './workbook-kit';

export interface CycleAnswerRow {
  unitCode: string;
  unitName: string;
  submissionStatus: string;
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  updatedAt: Date | string;
  /** The e-mail of who wrote it last, or null (the system, a removed user). */
  updatedBy: string | null;
}

export interface CycleSystemValueRow {
  unitCode: string;
  unitName: string;
  indicatorCode: string;
  value: RawValue;
  importJobId: string;
  importedAt: Date | string;
}

export interface CycleEvidenceRow {
  id: string;
  unitCode: string;
  unitName: string;
  indicatorCode: string;
  kind: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  documentNumber: string | null;
  documentTitle: string | null;
  issuedOn: string | null;
  summary: string | null;
  url: string | null;
  label: string | null;
  createdAt: Date | string;
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

/**
 * The full data of a cycle for analysts, one sheet per kind, streamed: every answer (who wrote it and when), every
 * value imported from national systems (with its import), every piece of evidence (file, citation or link). Values
 * are written twice: readable ("Có", 12.5, "numerator: 3; denominator: 4") and exact (JSON).
 */
export async function writeCycleDataWorkbook(data: CycleDataWorkbookData, target: string | Writable, onProgress?: ExportProgress): Promise<void> {
  const { cycle, framework } = data;
  const names = new Map(frameworkLeaves(framework.document).map((l) => [l.node.code, l.node.name.vi]));
  const book = new ExportWorkbook(target);
  const total = data.counts ? data.counts.answers + data.counts.systemValues + data.counts.evidence : 0;
  let done = 0;
  const step = async (sheet: OpenSheet) => {
    done++;
    await sheet.breathe();
    if (onProgress && total > 0 && done % 1000 === 0) await onProgress(Math.min(0.99, done / total));
  };
  const unitColumns = [
    { header: 'Mã đơn vị', width: 9 },
    { header: 'Đơn vị', width: 24 },
  ];
  const indicatorColumns = [
    { header: 'Mã chỉ tiêu', width: 11 },
    { header: 'Chỉ tiêu', width: 36 },
  ];

  const answers = book.sheet({
    name: ANSWERS_SHEET,
    preamble: [`${cycle.nameVi} — câu trả lời tự đánh giá`],
    frozenColumns: 3,
    columns: [
      ...unitColumns,
      { header: 'Trạng thái hồ sơ', width: 12 },
      ...indicatorColumns,
      { header: 'Giá trị', width: 16 },
      { header: 'Giá trị (JSON)', width: 22 },
      { header: 'Ghi chú', width: 40 },
      { header: 'Điểm tự chấm', width: 10 },
      { header: 'Cập nhật lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
      { header: 'Cập nhật bởi', width: 26 },
    ],
  });
  for await (const batch of data.answers()) {
    for (const a of batch) {
      answers.add([
        text(a.unitCode),
        text(a.unitName),
        text(a.submissionStatus),
        text(a.indicatorCode),
        text(names.get(a.indicatorCode) ?? ''),
        rawValueCell(a.value),
        rawValueJson(a.value),
        text(a.note),
        num(a.selfPoints),
        vietnamTime(a.updatedAt),
        text(a.updatedBy),
      ]);
      await step(answers);
    }
  }
  await answers.done();

  const system = book.sheet({
    name: SYSTEM_VALUES_SHEET,
    preamble: [`${cycle.nameVi} — giá trị đo từ hệ thống quốc gia`],
    frozenColumns: 2,
    columns: [
      ...unitColumns,
      ...indicatorColumns,
      { header: 'Giá trị', width: 16 },
      { header: 'Giá trị (JSON)', width: 22 },
      { header: 'Mã lần nhập', width: 38 },
      { header: 'Nhập lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
    ],
  });
  for await (const batch of data.systemValues()) {
    for (const v of batch) {
      system.add([
        text(v.unitCode),
        text(v.unitName),
        text(v.indicatorCode),
        text(names.get(v.indicatorCode) ?? ''),
        rawValueCell(v.value),
        rawValueJson(v.value),
        text(v.importJobId),
        vietnamTime(v.importedAt),
      ]);
      await step(system);
    }
  }
  await system.done();

  const evidence = book.sheet({
    name: EVIDENCE_SHEET,
    preamble: [`${cycle.nameVi} — minh chứng`],
    frozenColumns: 2,
    columns: [
      ...unitColumns,
      ...indicatorColumns,
      { header: 'Loại', width: 12 },
      { header: 'Tên tệp', width: 28 },
      { header: 'Kiểu tệp', width: 18 },
      { header: 'Dung lượng (byte)', width: 12 },
      { header: 'SHA-256', width: 66 },
      { header: 'Số hiệu văn bản', width: 18 },
      { header: 'Tên văn bản', width: 36 },
      { header: 'Ngày ban hành', width: 12 },
      { header: 'Trích yếu', width: 40 },
      { header: 'Đường dẫn', width: 40 },
      { header: 'Nhãn', width: 24 },
      { header: 'Mã minh chứng', width: 38 },
      { header: 'Tạo lúc (giờ Việt Nam)', width: 19, numFmt: DATE_TIME_FORMAT },
      { header: 'Tạo bởi', width: 26 },
    ],
  });
  for await (const batch of data.evidence()) {
    for (const e of batch) {
      evidence.add([
        text(e.unitCode),
        text(e.unitName),
        text(e.indicatorCode),
        text(names.get(e.indicatorCode) ?? ''),
        text(EVIDENCE_KIND_VI[e.kind] ?? e.kind),
        text(e.fileName),
        text(e.mimeType),
        num(e.sizeBytes),
        text(e.sha256),
        text(e.documentNumber),
        text(e.documentTitle),
        text(e.issuedOn),
        text(e.summary),
        // The address as text, never a clickable hyperlink: it was typed by a unit and is not checked.
        text(e.url),
        text(e.label),
        text(e.id),
        vietnamTime(e.createdAt),
        text(e.createdBy),
      ]);
      await step(evidence);
    }
  }
  await evidence.done();

  await book.infoSheet('Thông tin', `Dữ liệu kỳ đánh giá: ${cycle.nameVi}`, [
    ['Kỳ đánh giá', cycle.nameVi],
    ['Mã kỳ', cycle.id],
    ['Năm dữ liệu', cycle.year],
    ['Cấp đánh giá', levelVi(cycle.level)],
    ['Giai đoạn khi xuất', cycle.phase],
    ['Bộ chỉ số', `${framework.document.name.vi} (${framework.code} ${framework.version})`],
    ['Số câu trả lời', answers.rowCount],
    ['Số giá trị hệ thống', system.rowCount],
    ['Số minh chứng', evidence.rowCount],
    ['Tạo tệp lúc (giờ Việt Nam)', vietnamTime(data.generatedAt ?? new Date())],
  ]);
  await book.commit();
  if (onProgress) await onProgress(1);
}
