import type ExcelJS from 'exceljs';
import { cellText } from '../../workbooks/cells';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import { parseNumber } from '../../engine/input';
import type { RawValue } from '../../engine/types';
import type { ImportProblem } from '../../submissions/import-job.entity';
import { choiceEntries } from '../../submissions/template/template-layout';
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
  problems: ImportProblem[];
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
const TRUE_WORDS = new Set(['có', 'co', 'true', '1']);
const FALSE_WORDS = new Set(['không', 'khong', 'false', '0']);

const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function formulaOf(cell: ExcelJS.Cell): string | undefined {
  const v = cell.value as unknown;
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return `=${String(o.formula ?? o.sharedFormula)}`;
  }
  return undefined;
}

/**
 * Reads a filled review workbook (built by buildReviewWorkbook, loaded by readWorkbookSafely) against the cycle, the
 * reviewer and its assigned units. Every bad cell is reported with sheet, cell and rule; nothing is thrown. Rules:
 *  missing-sheet, bad-meta, wrong-cycle, wrong-reviewer, wrong-framework, header, formula, not-assigned,
 *  unknown-indicator, duplicate, bad-decision, not-boolean, choice-not-offered, not-a-number, bad-parts, too-long,
 *  bad-version. Value ranges, required comments and points are checked when applied, and reported on their cell too.
 */
export function parseReviewWorkbook(workbook: ExcelJS.Workbook, expected: ReviewWorkbookExpectation): ParsedReviewWorkbook {
  const problems: ImportProblem[] = [];
  const rows: ParsedRow[] = [];
  checkMeta(workbook, expected, problems);
  const sheet = workbook.getWorksheet(SHEETS.review);
  if (!sheet) {
    problems.push({ sheet: SHEETS.review, rule: 'missing-sheet', message: `Thiếu trang "${SHEETS.review}": tệp không phải phiếu thẩm định` });
    return { rows, read: 0, problems };
  }
  let headerOk = true;
  COLUMNS.forEach((column, i) => {
    const text = cellText(sheet.getRow(1).getCell(i + 1)).trim().normalize('NFC');
    if (text !== column.header) {
      headerOk = false;
      const letter = String.fromCharCode(65 + i);
      problems.push({ sheet: SHEETS.review, cell: `${letter}1`, row: 1, column: letter, rule: 'header', message: `Ô ${letter}1 phải là "${column.header}", không phải "${clip(text)}"` });
    }
  });
  if (!headerOk) return { rows, read: 0, problems };
  const at = (row: number, column: ColumnKey, rule: string, message: string): void => {
    const letter = COL_LETTER[column];
    problems.push({ sheet: SHEETS.review, cell: `${letter}${row}`, row, column: letter, rule, message });
  };
  const seen = new Map<string, number>();
  let read = 0;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Object.fromEntries(COLUMNS.map((c) => [c.key, row.getCell(COL[c.key])])) as Record<ColumnKey, ExcelJS.Cell>;
    let formula = false;
    for (const key of ['unitCode', 'code', 'decision', 'value', 'points', 'comment', 'version'] as const) {
      const f = formulaOf(cells[key]);
      if (f) {
        formula = true;
        at(r, key, 'formula', `Ô có công thức ${clip(f, 40)}; hãy gõ giá trị`);
      }
    }
    if (formula) continue;
    const unitCode = cellText(cells.unitCode).trim();
    const code = cellText(cells.code).trim();
    const decisionText = cellText(cells.decision).trim();
    if (!unitCode && !code) {
      if (decisionText || cellText(cells.value).trim() || cellText(cells.comment).trim()) at(r, 'unitCode', 'unknown-indicator', `Dòng ${r} có nội dung nhưng không có mã đơn vị và mã chỉ tiêu`);
      continue;
    }
    read++;
    const unitId = expected.units.get(unitCode);
    if (!unitId) {
      at(r, 'unitCode', 'not-assigned', `Đơn vị "${clip(unitCode)}" không nằm trong các đơn vị được phân công cho bạn ở kỳ này`);
      continue;
    }
    const leaf = expected.leaves.get(code);
    if (!leaf) {
      at(r, 'code', 'unknown-indicator', `"${clip(code)}" không phải chỉ tiêu đơn vị tự đánh giá của bộ chỉ số ${expected.framework.code} ${expected.framework.version}`);
      continue;
    }
    const key = `${unitCode}|${code}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      at(r, 'code', 'duplicate', `${unitCode} ${code} đã có ở dòng ${earlier}`);
      continue;
    }
    seen.set(key, r);
    if (!decisionText) continue;
    const decision = decisionOf(decisionText);
    if (!decision) {
      at(r, 'decision', 'bad-decision', `"${clip(decisionText)}" không phải quyết định: ${Object.values(DECISION_LABELS).join('; ')}`);
      continue;
    }
    const item: DecisionItem = { indicatorCode: code, decision };
    let ok = true;
    const comment = cellText(cells.comment).trim().normalize('NFC');
    if (comment.length > MAX_COMMENT) {
      at(r, 'comment', 'too-long', `Nhận xét dài ${comment.length} ký tự, quá ${MAX_COMMENT}`);
      ok = false;
    } else if (comment) item.comment = comment;
    if (decision === 'adjust') {
      const valueText = cellText(cells.value).trim();
      if (valueText) {
        const parsed = parseValue(leaf, cells.value);
        if (parsed.ok) item.value = parsed.value;
        else {
          at(r, 'value', parsed.rule, `${code}: ${parsed.message}`);
          ok = false;
        }
      } else if (leaf.scoring?.rule !== 'manual') item.value = undefined;
      const pointsText = cellText(cells.points).trim();
      if (pointsText) {
        const n = typeof cells.points.value === 'number' ? cells.points.value : parseNumber(pointsText);
        if (n === undefined || !Number.isFinite(n)) {
          at(r, 'points', 'not-a-number', `"${clip(pointsText)}" không phải là số`);
          ok = false;
        } else item.points = n;
      }
    }
    const versionText = cellText(cells.version).trim();
    const version = versionText === '' ? 0 : Number(versionText);
    if (!Number.isInteger(version) || version < 0) {
      at(r, 'version', 'bad-version', `Phiên bản "${clip(versionText)}" không hợp lệ; không sửa cột này`);
      ok = false;
    } else if (version > 0) item.version = version;
    if (ok) rows.push({ row: r, unitId, unitCode, item });
  }
  return { rows, read, problems };
}

type Parsed = { ok: true; value: RawValue } | { ok: false; rule: string; message: string };

function parseValue(leaf: FrameworkNode, cell: ExcelJS.Cell): Parsed {
  const text = cellText(cell).trim().normalize('NFC');
  const value = cell.value as unknown;
  switch (leaf.input?.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const w = text.toLocaleLowerCase('vi');
      if (TRUE_WORDS.has(w)) return { ok: true, value: true };
      if (FALSE_WORDS.has(w)) return { ok: true, value: false };
      return { ok: false, rule: 'not-boolean', message: `"${clip(text, 40)}" không phải Có hoặc Không` };
    }
    case 'choice': {
      const fold = (s: string): string => s.toLocaleLowerCase('vi');
      const entries = choiceEntries(leaf);
      const hit = entries.find((e) => fold(e.shown) === fold(text)) ?? entries.find((e) => fold(e.value) === fold(text));
      return hit ? { ok: true, value: hit.value } : { ok: false, rule: 'choice-not-offered', message: `"${clip(text, 40)}" không có trong danh sách: ${entries.map((e) => e.shown).join('; ')}` };
    }
    case 'text':
      return text.length > MAX_COMMENT ? { ok: false, rule: 'too-long', message: `văn bản dài ${text.length} ký tự` } : { ok: true, value: text };
    case 'numbers': {
      const names = leaf.input.names ?? [];
      const out: Record<string, number> = {};
      for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
        const n = m ? parseNumber(m[2].trim()) : undefined;
        if (!m || n === undefined || !names.includes(m[1])) {
          return { ok: false, rule: 'bad-parts', message: `"${clip(text, 40)}": ghi ${names.map((x) => `${x}=số`).join('; ')}` };
        }
        out[m[1]] = n;
      }
      return { ok: true, value: out };
    }
    default: {
      const n = typeof value === 'number' ? value : parseNumber(leaf.input?.type === 'percent' && text.endsWith('%') ? text.slice(0, -1) : text);
      return n === undefined || !Number.isFinite(n) ? { ok: false, rule: 'not-a-number', message: `"${clip(text, 40)}" không phải là số (dùng dấu chấm thập phân)` } : { ok: true, value: n };
    }
  }
}

function checkMeta(workbook: ExcelJS.Workbook, expected: ReviewWorkbookExpectation, problems: ImportProblem[]): void {
  const meta = workbook.getWorksheet(SHEETS.meta);
  if (!meta) {
    problems.push({ sheet: SHEETS.meta, rule: 'missing-sheet', message: `Thiếu trang ẩn "${SHEETS.meta}": hãy tải phiếu thẩm định mới từ hệ thống` });
    return;
  }
  const values = new Map<string, { text: string; row: number }>();
  for (let r = 1; r <= Math.min(meta.rowCount, 50); r++) {
    const key = cellText(meta.getCell(r, 1)).trim();
    if (key && !values.has(key)) values.set(key, { text: cellText(meta.getCell(r, 2)).trim(), row: r });
  }
  const report = (key: string, rule: string, message: string): void => {
    const row = values.get(key)?.row;
    problems.push({ sheet: SHEETS.meta, ...(row ? { cell: `B${row}`, row, column: 'B' } : {}), rule, message });
  };
  const get = (key: string): string | undefined => values.get(key)?.text;
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
