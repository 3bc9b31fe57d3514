import type ExcelJS from 'exceljs';
import { cellText } from '../../workbooks/cells';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import { parseNumber } from '../../engine/input';
import type { RawValue } from '../../engine/types';
import type { ImportProblem } from '../import-job.entity';
import {
  choiceEntries,
  COL,
  COL_LETTER,
  COLUMNS,
  leavesOf,
  MAX_TEXT_CHARS,
  META,
  NO,
  parseRowKey,
  partLabel,
  rangeOf,
  rowKey,
  SHEETS,
  TEMPLATE_FORMAT,
  answeredInTemplate,
  YES,
  type ColumnKey,
} from './template-layout';

export interface TemplateAnswer {
  value: RawValue;
  note: string | null;
}

export interface ParsedTemplate {
  /**
   * One entry per indicator whose row was read: the value (null where the answer cell is empty: the answer is to be
   * left unset) and the note (null where empty). Callers apply nothing when `problems` is not empty.
   */
  answers: Record<string, TemplateAnswer>;
  /** The submission version the template was made from (_meta), null if absent. */
  basedOnVersion: number | null;
  problems: ImportProblem[];
}

export interface TemplateExpectation {
  framework: Framework;
  cycleId: string;
  unitId: string;
}

const TRUE_WORDS = new Set(['có', 'co', 'true', '1']);
const FALSE_WORDS = new Set(['không', 'khong', 'false', '0']);

/**
 * Read a filled self-assessment template (built by buildSubmissionTemplate, loaded by readWorkbookSafely) against
 * the framework, cycle and unit it must belong to. Every bad cell is reported with its sheet, cell, rule and a
 * Vietnamese message naming the indicator; nothing is thrown for a bad file. Only the code, value and note columns
 * are read (names, groups and the like are for people). Rules:
 *  missing-sheet, bad-meta, wrong-cycle, wrong-unit, wrong-framework, header,
 *  unknown-indicator, not-answerable, duplicate, formula, cell-error,
 *  not-boolean, not-a-number, not-an-integer, out-of-range, choice-not-offered, numbers-incomplete, too-long.
 */
export function parseSubmissionTemplate(workbook: ExcelJS.Workbook, expected: TemplateExpectation): ParsedTemplate {
  const problems: ImportProblem[] = [];
  const answers: Record<string, TemplateAnswer> = {};
  const basedOnVersion = checkMeta(workbook, expected, problems);

  const sheet = workbook.getWorksheet(SHEETS.answers);
  if (!sheet) {
    problems.push({ sheet: SHEETS.answers, rule: 'missing-sheet', message: `Thiếu trang "${SHEETS.answers}": tệp không phải mẫu tự đánh giá, hoặc trang đã bị đổi tên hay xóa` });
    return { answers, basedOnVersion, problems };
  }
  if (!checkHeader(sheet, problems)) return { answers, basedOnVersion, problems };

  const leaves = new Map(leavesOf(expected.framework).map(({ leaf }) => [leaf.code, leaf]));
  const seen = new Map<string, number>();
  // Parts of numbers inputs, gathered over their rows: code → part → value (null: empty) and the cell it came from.
  const parts = new Map<string, Map<string, { value: number | null; refused: boolean; row: number }>>();
  const at = (row: number, column: ColumnKey, rule: string, message: string): void => {
    const letter = COL_LETTER[column];
    problems.push({ sheet: SHEETS.answers, cell: `${letter}${row}`, row, column: letter, rule, message });
  };

  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const codeCell = row.getCell(COL.code);
    const valueCell = row.getCell(COL.value);
    const noteCell = row.getCell(COL.note);
    const codeText = readText(codeCell);
    const valueRead = readCell(valueCell);
    const noteRead = readCell(noteCell);
    if (codeText.formula) {
      at(r, 'code', 'formula', `Ô mã chỉ tiêu có công thức; hãy giữ nguyên mã chỉ tiêu của mẫu`);
      continue;
    }
    const keyText = codeText.text.trim();
    if (keyText === '') {
      if (!valueRead.empty || !noteRead.empty) {
        at(r, 'code', 'unknown-indicator', `Dòng ${r} có giá trị hoặc ghi chú nhưng không có mã chỉ tiêu`);
      }
      continue;
    }
    const key = parseRowKey(keyText);
    const leaf = key ? leaves.get(key.code) : undefined;
    if (!key || !leaf) {
      at(r, 'code', 'unknown-indicator', `"${clip(keyText)}" không phải mã chỉ tiêu của bộ chỉ số ${expected.framework.code} ${expected.framework.version}`);
      continue;
    }
    const label = `${leaf.code} (${leaf.name.vi})`;
    if (!answeredInTemplate(leaf)) {
      at(r, 'code', 'not-answerable', `${label} do hệ thống đo (nguồn ${leaf.source ?? 'self'}), đơn vị không tự đánh giá`);
      continue;
    }
    const isNumbers = leaf.input?.type === 'numbers';
    const names = leaf.input?.names ?? [];
    if (isNumbers ? key.part === undefined || !names.includes(key.part) : key.part !== undefined) {
      const expectedKeys = isNumbers ? names.map((n) => rowKey(leaf.code, n)).join(', ') : leaf.code;
      at(r, 'code', 'unknown-indicator', `"${clip(keyText)}": ${label} được ghi là ${expectedKeys}`);
      continue;
    }
    const canonical = rowKey(leaf.code, key.part);
    const earlier = seen.get(canonical);
    if (earlier !== undefined) {
      at(r, 'code', 'duplicate', `${canonical} đã có ở dòng ${earlier}; mỗi chỉ tiêu chỉ một dòng`);
      continue;
    }
    seen.set(canonical, r);

    const entry = (answers[leaf.code] ??= { value: null, note: null });
    // The note: on the row of an indicator, or of the first part of a numbers input.
    if (!isNumbers || key.part === names[0]) {
      if (noteRead.formula) at(r, 'note', 'formula', `Ghi chú của ${label} là công thức; hãy gõ văn bản`);
      else if (noteRead.error) at(r, 'note', 'cell-error', `Ghi chú của ${label} là lỗi ${noteRead.error}`);
      else if (!noteRead.empty) {
        const note = cellText(noteCell).trim();
        if (note.length > MAX_TEXT_CHARS) at(r, 'note', 'too-long', `Ghi chú của ${label} dài ${note.length} ký tự, quá ${MAX_TEXT_CHARS}`);
        else entry.note = note;
      }
    }

    const problem: { rule: string; message: string } | undefined = valueRead.formula
      ? { rule: 'formula', message: `Ô giá trị của ${label} là công thức (${clip(valueRead.formula)}); hãy gõ giá trị, không dùng công thức` }
      : valueRead.error
        ? { rule: 'cell-error', message: `Ô giá trị của ${label} là lỗi ${valueRead.error}` }
        : undefined;
    const parsed: Parsed = problem
      ? { ok: false, ...problem }
      : valueRead.empty
        ? { ok: true, value: null }
        : parseValue(leaf, valueCell);
    if (!parsed.ok) at(r, 'value', parsed.rule, problem ? parsed.message : `${label}${key.part ? `, ${partLabel(key.part)}` : ''}: ${parsed.message}`);
    if (isNumbers) {
      partsOf(parts, leaf.code).set(key.part as string, { value: parsed.ok ? (parsed.value as number | null) : null, refused: !parsed.ok, row: r });
    } else if (parsed.ok) {
      entry.value = parsed.value;
    }
  }

  // A numbers input is all its parts or nothing: half an answer cannot be scored.
  for (const [code, byPart] of parts) {
    const leaf = leaves.get(code) as FrameworkNode;
    const names = leaf.input?.names ?? [];
    const filled = names.filter((n) => typeof byPart.get(n)?.value === 'number');
    if (filled.length === names.length) {
      answers[code].value = Object.fromEntries(names.map((n) => [n, byPart.get(n)?.value as number]));
      continue;
    }
    if (filled.length === 0 || names.some((n) => byPart.get(n)?.refused)) continue;
    for (const name of names.filter((n) => !filled.includes(n))) {
      const where = byPart.get(name);
      const message = `${code} (${leaf.name.vi}): ${partLabel(name)} (${name}) còn trống; điền đủ ${names.map(partLabel).join(', ')} hoặc để trống tất cả`;
      if (where) at(where.row, 'value', 'numbers-incomplete', message);
      else problems.push({ sheet: SHEETS.answers, rule: 'numbers-incomplete', message: `${message} (thiếu dòng ${rowKey(code, name)})` });
    }
  }
  return { answers, basedOnVersion, problems };
}

const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function partsOf<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

interface CellRead {
  empty: boolean;
  /** The formula's text when the cell holds one (refused, even with a saved result). */
  formula?: string;
  /** An Excel error value such as #N/A. */
  error?: string;
}

function readCell(cell: ExcelJS.Cell): CellRead {
  const value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) return { empty: false, formula: `=${String(v.formula ?? v.sharedFormula)}` };
    if ('error' in v) return { empty: false, error: String(v.error) };
  }
  return { empty: cellText(cell).trim() === '' };
}

function readText(cell: ExcelJS.Cell): { text: string; formula: boolean } {
  const read = readCell(cell);
  return { text: read.formula || read.error ? '' : cellText(cell), formula: read.formula !== undefined };
}

type Parsed = { ok: true; value: RawValue } | { ok: false; rule: string; message: string };
const refuse = (rule: string, message: string): Parsed => ({ ok: false, rule, message });
const quoted = (cell: ExcelJS.Cell): string => `"${clip(cellText(cell).trim(), 40)}"`;

/** A non-empty, non-formula answer cell as the leaf's input type takes it. */
function parseValue(leaf: FrameworkNode, cell: ExcelJS.Cell): Parsed {
  const input = leaf.input!;
  const value = cell.value as unknown;
  const text = cellText(cell).trim();
  switch (input.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const word = text.toLocaleLowerCase('vi');
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return refuse('not-boolean', `${quoted(cell)} không phải "${YES}" hoặc "${NO}" (hoặc true/false, 1/0)`);
    }
    case 'choice': {
      const entries = choiceEntries(leaf);
      const fold = (s: string): string => s.normalize('NFC').toLocaleLowerCase('vi');
      const hit = entries.find((e) => fold(e.shown) === fold(text)) ?? entries.find((e) => fold(e.value) === fold(text));
      if (hit) return { ok: true, value: hit.value };
      return refuse('choice-not-offered', `${quoted(cell)} không có trong danh sách: ${entries.map((e) => e.shown).join('; ')}`);
    }
    case 'text': {
      const s = text.normalize('NFC');
      if (s.length > MAX_TEXT_CHARS) return refuse('too-long', `văn bản dài ${s.length} ký tự, quá ${MAX_TEXT_CHARS}`);
      return { ok: true, value: s };
    }
    default:
      return parseNumeric(leaf, cell);
  }
}

function parseNumeric(leaf: FrameworkNode, cell: ExcelJS.Cell): Parsed {
  const input = leaf.input!;
  const value = cell.value as unknown;
  let n: number | undefined;
  if (typeof value === 'number') {
    n = Number.isFinite(value) ? value : undefined;
    // A cell formatted as % shows 0.45 as 45%: the officer typed 45%, and meant 45.
    if (n !== undefined && input.type === 'percent' && /%/.test(cell.numFmt ?? '')) n = Math.round(n * 100 * 1e9) / 1e9;
  } else if (typeof value === 'string' || (value !== null && typeof value === 'object' && 'richText' in value)) {
    const text = cellText(cell).trim();
    n = input.type === 'percent' && text.endsWith('%') ? parseNumber(text.slice(0, -1)) : parseNumber(text);
  }
  if (n === undefined) {
    const what = input.type === 'integer' ? 'số nguyên' : 'số';
    return refuse('not-a-number', `${quoted(cell)} không phải là ${what} (dùng dấu chấm cho phần thập phân)`);
  }
  if (input.type === 'integer' && !Number.isInteger(n)) return refuse('not-an-integer', `${n} không phải số nguyên`);
  const { min, max } = rangeOf(input);
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const range = min !== undefined && max !== undefined ? `từ ${min} đến ${max}` : min !== undefined ? `≥ ${min}` : `≤ ${max}`;
    return refuse('out-of-range', `${n} ngoài khoảng cho phép (${range})`);
  }
  return { ok: true, value: n };
}

/** The _meta sheet: the template's cycle, unit and framework must be the expected ones. Returns the version. */
function checkMeta(workbook: ExcelJS.Workbook, expected: TemplateExpectation, problems: ImportProblem[]): number | null {
  const meta = workbook.getWorksheet(SHEETS.meta);
  if (!meta) {
    problems.push({ sheet: SHEETS.meta, rule: 'missing-sheet', message: `Thiếu trang ẩn "${SHEETS.meta}": không xác định được kỳ đánh giá và đơn vị của tệp; hãy tải mẫu mới từ hệ thống` });
    return null;
  }
  const values = new Map<string, { text: string; row: number }>();
  for (let r = 1; r <= Math.min(meta.rowCount, 100); r++) {
    const key = cellText(meta.getCell(r, 1)).trim();
    if (key && !values.has(key)) values.set(key, { text: cellText(meta.getCell(r, 2)).trim(), row: r });
  }
  const report = (key: string, rule: string, message: string): void => {
    const row = values.get(key)?.row;
    problems.push({ sheet: SHEETS.meta, ...(row ? { cell: `B${row}`, row, column: 'B' } : {}), rule, message });
  };
  const get = (key: string): string | undefined => values.get(key)?.text;
  if (get(META.format) !== TEMPLATE_FORMAT) {
    report(META.format, 'bad-meta', `Tệp không phải mẫu tự đánh giá định dạng ${TEMPLATE_FORMAT}; hãy tải mẫu mới từ hệ thống`);
    return null;
  }
  if (get(META.cycleId) !== expected.cycleId) {
    report(META.cycleId, 'wrong-cycle', `Tệp được tạo cho kỳ đánh giá khác (${clip(get(META.cycleId) ?? '?')}), không phải kỳ đang tải lên`);
  }
  if (get(META.unitId) !== expected.unitId) {
    report(META.unitId, 'wrong-unit', `Tệp được tạo cho đơn vị khác (mã ${clip(get(META.unitCode) ?? '?')}), không phải đơn vị đang tải lên`);
  }
  const { code, version } = expected.framework;
  if (get(META.frameworkCode) !== code || get(META.frameworkVersion) !== version) {
    report(
      META.frameworkVersion,
      'wrong-framework',
      `Tệp theo bộ chỉ số ${clip(get(META.frameworkCode) ?? '?')} ${clip(get(META.frameworkVersion) ?? '?')}, kỳ này dùng ${code} ${version}`,
    );
  }
  const version_ = get(META.submissionVersion);
  if (version_ === undefined || version_ === '') return null;
  const n = Number(version_);
  if (!Number.isInteger(n) || n < 0) {
    report(META.submissionVersion, 'bad-meta', `Phiên bản hồ sơ "${clip(version_)}" không hợp lệ`);
    return null;
  }
  return n;
}

/** Row 1 must hold the template's headers: the columns are read by position. */
function checkHeader(sheet: ExcelJS.Worksheet, problems: ImportProblem[]): boolean {
  let ok = true;
  COLUMNS.forEach((column, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    const text = cellText(cell).trim().normalize('NFC');
    if (text !== column.header) {
      ok = false;
      const letter = String.fromCharCode(65 + i);
      problems.push({
        sheet: SHEETS.answers,
        cell: `${letter}1`,
        row: 1,
        column: letter,
        rule: 'header',
        message: `Ô ${letter}1 phải là tiêu đề "${column.header}", không phải "${clip(text)}"; không thêm, xóa hay đổi chỗ cột`,
      });
    }
  });
  return ok;
}
