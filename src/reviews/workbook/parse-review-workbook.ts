import type ExcelJS from 'exceljs';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { cellFormula, cellNumber, cellText, clip } from '../../workbooks/cells';
import { cellYesNo, choiceEntries, choiceOf } from '../../workbooks/choice-lists';
import { readMetaSheet } from '../../workbooks/meta-sheet';
import { headerMismatches } from '../../workbooks/sheet-columns';
import { problemAt, type SheetProblem } from '../../workbooks/sheet-problems';
import type { DecisionItem } from '../decisions.service';
import { COL, COL_LETTER, COLUMNS, decisionOf, DECISION_LABELS, META, REVIEW_WORKBOOK_FORMAT, SHEETS, type ColumnKey } from './review-workbook-layout';

export interface ParsedRow {
  row: number;
  unitId: string;
  unitCode: string;
  item: DecisionItem;
}

export interface ParsedReviewWorkbook {
  /** The rows with a decision, in sheet order; callers apply nothing when `problems` is not empty. */
  rows: ParsedRow[];
  /** Rows read (with a unit and an indicator). */
  read: number;
  problems: SheetProblem[];
}

export interface ReviewWorkbookExpectation {
  framework: Framework;
  cycleId: string;
  reviewerId: string;
  /** The reviewer's assigned units by code. */
  units: Map<string, string>;
  /** The leaves units answer, by code. */
  leaves: Map<string, FrameworkNode>;
}

const MAX_COMMENT = 10_000;

/** What reading the review sheet gathers, row by row. */
interface ReviewRead {
  expected: ReviewWorkbookExpectation;
  /** "unit|indicator" → the row it was first read on. */
  seen: Map<string, number>;
  at(row: number, column: ColumnKey, rule: string, message: string): void;
}

/** The cells the parser reads, by column key. */
type RowCells = Record<ColumnKey, ExcelJS.Cell>;

/**
 * Reads a filled review workbook (built by buildReviewWorkbook, loaded by readWorkbookSafely) against the cycle, the
 * reviewer and its assigned units. Every bad cell is reported with sheet, cell and rule; nothing is thrown. Rules:
 *  missing-sheet, bad-meta, wrong-cycle, wrong-reviewer, wrong-framework, header, formula, not-assigned,
 *  unknown-indicator, duplicate, bad-decision, not-boolean, choice-not-offered, not-a-number, bad-parts, too-long,
 *  bad-version. Value ranges, required comments and points are checked when applied, and reported on their cell too.
 */
export function parseReviewWorkbook(workbook: ExcelJS.Workbook, expected: ReviewWorkbookExpectation): ParsedReviewWorkbook {
  const problems: SheetProblem[] = [];
  const rows: ParsedRow[] = [];
  checkMeta(workbook, expected, problems);
  const sheet = workbook.getWorksheet(SHEETS.review);
  if (!sheet) {
    problems.push({ sheet: SHEETS.review, rule: 'missing-sheet', message: `Thiếu trang "${SHEETS.review}": tệp không phải phiếu thẩm định` });
    return { rows, read: 0, problems };
  }
  const mismatches = headerMismatches(sheet, COLUMNS);
  for (const { column, expected: header, found } of mismatches) {
    problems.push(problemAt(SHEETS.review, column, 1, 'header', `Ô ${column}1 phải là "${header}", không phải "${clip(found)}"`));
  }
  if (mismatches.length > 0) return { rows, read: 0, problems };
  const read: ReviewRead = {
    expected,
    seen: new Map(),
    at: (row, column, rule, message) => problems.push(problemAt(SHEETS.review, COL_LETTER[column], row, rule, message)),
  };
  let count = 0;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Object.fromEntries(COLUMNS.map((c) => [c.key, row.getCell(COL[c.key])])) as RowCells;
    const outcome = readReviewRow(r, cells, read);
    if (outcome !== 'skipped') count++;
    if (outcome !== 'skipped' && outcome !== 'refused') rows.push(outcome);
  }
  return { rows, read: count, problems };
}

/**
 * One row: 'skipped' when it has formulas or no unit and indicator (it is not counted as read), 'refused' when it
 * names a unit or indicator it may not, or a cell is wrong (reported), else its decision (undecided rows: 'refused'
 * too, they are read but carry nothing).
 */
function readReviewRow(r: number, cells: RowCells, read: ReviewRead): ParsedRow | 'skipped' | 'refused' {
  let formula = false;
  for (const key of ['unitCode', 'code', 'decision', 'value', 'points', 'comment', 'version'] as const) {
    const f = cellFormula(cells[key]);
    if (f) {
      formula = true;
      read.at(r, key, 'formula', `Ô có công thức ${clip(f, 40)}; hãy gõ giá trị`);
    }
  }
  if (formula) return 'skipped';
  const unitCode = cellText(cells.unitCode).trim();
  const code = cellText(cells.code).trim();
  const decisionText = cellText(cells.decision).trim();
  if (!unitCode && !code) {
    if (decisionText || cellText(cells.value).trim() || cellText(cells.comment).trim()) read.at(r, 'unitCode', 'unknown-indicator', `Dòng ${r} có nội dung nhưng không có mã đơn vị và mã chỉ tiêu`);
    return 'skipped';
  }
  const { expected } = read;
  const unitId = expected.units.get(unitCode);
  if (!unitId) {
    read.at(r, 'unitCode', 'not-assigned', `Đơn vị "${clip(unitCode)}" không nằm trong các đơn vị được phân công cho bạn ở kỳ này`);
    return 'refused';
  }
  const leaf = expected.leaves.get(code);
  if (!leaf) {
    read.at(r, 'code', 'unknown-indicator', `"${clip(code)}" không phải chỉ tiêu đơn vị tự đánh giá của bộ chỉ số ${expected.framework.code} ${expected.framework.version}`);
    return 'refused';
  }
  const key = `${unitCode}|${code}`;
  const earlier = read.seen.get(key);
  if (earlier !== undefined) {
    read.at(r, 'code', 'duplicate', `${unitCode} ${code} đã có ở dòng ${earlier}`);
    return 'refused';
  }
  read.seen.set(key, r);
  if (!decisionText) return 'refused';
  const decision = decisionOf(decisionText);
  if (!decision) {
    read.at(r, 'decision', 'bad-decision', `"${clip(decisionText)}" không phải quyết định: ${Object.values(DECISION_LABELS).join('; ')}`);
    return 'refused';
  }
  const item = decisionItem(r, cells, leaf, { indicatorCode: code, decision }, read);
  return item ? { row: r, unitId, unitCode, item } : 'refused';
}

/** The comment, the adjusted value and points, and the version of a decided row; undefined when one is refused. */
function decisionItem(r: number, cells: RowCells, leaf: FrameworkNode, item: DecisionItem, read: ReviewRead): DecisionItem | undefined {
  let ok = true;
  const comment = cellText(cells.comment).trim().normalize('NFC');
  if (comment.length > MAX_COMMENT) {
    read.at(r, 'comment', 'too-long', `Nhận xét dài ${comment.length} ký tự, quá ${MAX_COMMENT}`);
    ok = false;
  } else if (comment) item.comment = comment;
  if (item.decision === 'adjust') {
    const valueText = cellText(cells.value).trim();
    if (valueText) {
      const parsed = parseValue(leaf, cells.value);
      if (parsed.ok) item.value = parsed.value;
      else {
        read.at(r, 'value', parsed.rule, `${item.indicatorCode}: ${parsed.message}`);
        ok = false;
      }
    } else if (leaf.scoring?.rule !== 'manual') item.value = undefined;
    const pointsText = cellText(cells.points).trim();
    if (pointsText) {
      const n = cellNumber(typeof cells.points.value === 'number' ? cells.points.value : pointsText);
      if (n === undefined) {
        read.at(r, 'points', 'not-a-number', `"${clip(pointsText)}" không phải là số`);
        ok = false;
      } else item.points = n;
    }
  }
  const versionText = cellText(cells.version).trim();
  const version = versionText === '' ? 0 : Number(versionText);
  if (!Number.isInteger(version) || version < 0) {
    read.at(r, 'version', 'bad-version', `Phiên bản "${clip(versionText)}" không hợp lệ; không sửa cột này`);
    ok = false;
  } else if (version > 0) item.version = version;
  return ok ? item : undefined;
}

type Parsed = { ok: true; value: RawValue } | { ok: false; rule: string; message: string };

function parseValue(leaf: FrameworkNode, cell: ExcelJS.Cell): Parsed {
  const text = cellText(cell).trim().normalize('NFC');
  const value = cell.value as unknown;
  switch (leaf.input?.type) {
    case 'boolean': {
      const yes = cellYesNo(cell);
      if (yes !== undefined) return { ok: true, value: yes };
      return { ok: false, rule: 'not-boolean', message: `"${clip(text, 40)}" không phải Có hoặc Không` };
    }
    case 'choice': {
      const entries = choiceEntries(leaf);
      const hit = choiceOf(entries, text);
      return hit ? { ok: true, value: hit.value } : { ok: false, rule: 'choice-not-offered', message: `"${clip(text, 40)}" không có trong danh sách: ${entries.map((e) => e.shown).join('; ')}` };
    }
    case 'text':
      return text.length > MAX_COMMENT ? { ok: false, rule: 'too-long', message: `văn bản dài ${text.length} ký tự` } : { ok: true, value: text };
    case 'numbers': {
      const names = leaf.input.names ?? [];
      const out: Record<string, number> = {};
      for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
        const n = m ? cellNumber(m[2].trim()) : undefined;
        if (!m || n === undefined || !names.includes(m[1])) {
          return { ok: false, rule: 'bad-parts', message: `"${clip(text, 40)}": ghi ${names.map((x) => `${x}=số`).join('; ')}` };
        }
        out[m[1]] = n;
      }
      return { ok: true, value: out };
    }
    default: {
      const n = cellNumber(typeof value === 'number' ? value : leaf.input?.type === 'percent' && text.endsWith('%') ? text.slice(0, -1) : text);
      return n === undefined ? { ok: false, rule: 'not-a-number', message: `"${clip(text, 40)}" không phải là số (dùng dấu chấm thập phân)` } : { ok: true, value: n };
    }
  }
}

function checkMeta(workbook: ExcelJS.Workbook, expected: ReviewWorkbookExpectation, problems: SheetProblem[]): void {
  const meta = readMetaSheet(workbook, 50, SHEETS.meta);
  if (!meta) {
    problems.push({ sheet: SHEETS.meta, rule: 'missing-sheet', message: `Thiếu trang ẩn "${SHEETS.meta}": hãy tải phiếu thẩm định mới từ hệ thống` });
    return;
  }
  const report = (key: string, rule: string, message: string): void => void problems.push({ ...meta.at(key), rule, message });
  const get = meta.get;
  if (get(META.format) !== REVIEW_WORKBOOK_FORMAT) {
    report(META.format, 'bad-meta', `Tệp không phải phiếu thẩm định định dạng ${REVIEW_WORKBOOK_FORMAT}`);
    return;
  }
  if (get(META.cycleId) !== expected.cycleId) report(META.cycleId, 'wrong-cycle', 'Phiếu được tạo cho kỳ đánh giá khác');
  if (get(META.reviewerId) !== expected.reviewerId) report(META.reviewerId, 'wrong-reviewer', `Phiếu được tạo cho thành viên khác (${clip(get(META.reviewerEmail) ?? '?')})`);
  if (get(META.frameworkCode) !== expected.framework.code || get(META.frameworkVersion) !== expected.framework.version) {
    report(META.frameworkVersion, 'wrong-framework', `Phiếu theo bộ chỉ số ${clip(get(META.frameworkCode) ?? '?')} ${clip(get(META.frameworkVersion) ?? '?')}`);
  }
}
