import type ExcelJS from 'exceljs';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { cellNumber, cellText, clip, type CellRead, readCell } from '../../workbooks/cells';
import { choiceEntries, choiceOf, cellYesNo, NO, YES } from '../../workbooks/choice-lists';
import { readMetaSheet } from '../../workbooks/meta-sheet';
import { headerMismatches } from '../../workbooks/sheet-columns';
import { problemAt, type SheetProblem } from '../../workbooks/sheet-problems';
import {
  COL,
  COL_LETTER,
  COLUMNS,
  leavesOf,
  MAX_TEXT_CHARS,
  META,
  parseRowKey,
  partLabel,
  rangeOf,
  rowKey,
  SHEETS,
  TEMPLATE_FORMAT,
  answeredInTemplate,
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
  problems: SheetProblem[];
}

export interface TemplateExpectation {
  framework: Framework;
  cycleId: string;
  unitId: string;
}

/** What reading the answers sheet gathers, row by row. */
interface TemplateRead {
  expected: TemplateExpectation;
  leaves: Map<string, FrameworkNode>;
  /** Row key → the row it was first read on. */
  seen: Map<string, number>;
  /** Parts of numbers inputs, gathered over their rows: code → part → value (null: empty) and the row it came from. */
  parts: Map<string, Map<string, { value: number | null; refused: boolean; row: number }>>;
  answers: Record<string, TemplateAnswer>;
  problems: SheetProblem[];
  at(row: number, column: ColumnKey, rule: string, message: string): void;
}

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
  const problems: SheetProblem[] = [];
  const answers: Record<string, TemplateAnswer> = {};
  const basedOnVersion = checkMeta(workbook, expected, problems);

  const sheet = workbook.getWorksheet(SHEETS.answers);
  if (!sheet) {
    problems.push({ sheet: SHEETS.answers, rule: 'missing-sheet', message: `Thiếu trang "${SHEETS.answers}": tệp không phải mẫu tự đánh giá, hoặc trang đã bị đổi tên hay xóa` });
    return { answers, basedOnVersion, problems };
  }
  if (!checkHeader(sheet, problems)) return { answers, basedOnVersion, problems };

  const read: TemplateRead = {
    expected,
    leaves: new Map(leavesOf(expected.framework).map(({ leaf }) => [leaf.code, leaf])),
    seen: new Map(),
    parts: new Map(),
    answers,
    problems,
    at: (row, column, rule, message) => problems.push(problemAt(SHEETS.answers, COL_LETTER[column], row, rule, message)),
  };
  for (let r = 2; r <= sheet.rowCount; r++) readAnswerRow(sheet.getRow(r), read);
  completeNumbers(read);
  return { answers, basedOnVersion, problems };
}

/** One row of the answers sheet: its indicator (from column A), then its note and its value. */
function readAnswerRow(row: ExcelJS.Row, read: TemplateRead): void {
  const valueCell = row.getCell(COL.value);
  const noteCell = row.getCell(COL.note);
  const valueRead = readCell(valueCell);
  const noteRead = readCell(noteCell);
  const found = rowIndicator(row, read, valueRead.empty && noteRead.empty);
  if (!found) return;
  const { leaf, part, label } = found;
  const r = row.number;
  const isNumbers = leaf.input?.type === 'numbers';
  const entry = (read.answers[leaf.code] ??= { value: null, note: null });
  // The note: on the row of an indicator, or of the first part of a numbers input.
  if (!isNumbers || part === leaf.input?.names?.[0]) {
    const note = readNote(noteCell, noteRead, label, (rule, message) => read.at(r, 'note', rule, message));
    if (note !== undefined) entry.note = note;
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
  if (!parsed.ok) read.at(r, 'value', parsed.rule, problem ? parsed.message : `${label}${part ? `, ${partLabel(part)}` : ''}: ${parsed.message}`);
  if (isNumbers) {
    partsOf(read.parts, leaf.code).set(part as string, { value: parsed.ok ? (parsed.value as number | null) : null, refused: !parsed.ok, row: r });
  } else if (parsed.ok) {
    entry.value = parsed.value;
  }
}

/**
 * The indicator a row answers, from its code cell, or undefined (reported, unless the row is empty) when the code is
 * a formula, missing, unknown, not answered by the unit, the wrong part, or given twice.
 */
function rowIndicator(row: ExcelJS.Row, read: TemplateRead, blank: boolean): { leaf: FrameworkNode; part?: string; label: string } | undefined {
  const r = row.number;
  const codeText = readText(row.getCell(COL.code));
  if (codeText.formula) {
    read.at(r, 'code', 'formula', `Ô mã chỉ tiêu có công thức; hãy giữ nguyên mã chỉ tiêu của mẫu`);
    return undefined;
  }
  const keyText = codeText.text.trim();
  if (keyText === '') {
    if (!blank) {
      read.at(r, 'code', 'unknown-indicator', `Dòng ${r} có giá trị hoặc ghi chú nhưng không có mã chỉ tiêu`);
    }
    return undefined;
  }
  const { framework } = read.expected;
  const key = parseRowKey(keyText);
  const leaf = key ? read.leaves.get(key.code) : undefined;
  if (!key || !leaf) {
    read.at(r, 'code', 'unknown-indicator', `"${clip(keyText)}" không phải mã chỉ tiêu của bộ chỉ số ${framework.code} ${framework.version}`);
    return undefined;
  }
  const label = `${leaf.code} (${leaf.name.vi})`;
  if (!answeredInTemplate(leaf)) {
    read.at(r, 'code', 'not-answerable', `${label} do hệ thống đo (nguồn ${leaf.source ?? 'self'}), đơn vị không tự đánh giá`);
    return undefined;
  }
  const isNumbers = leaf.input?.type === 'numbers';
  const names = leaf.input?.names ?? [];
  if (isNumbers ? key.part === undefined || !names.includes(key.part) : key.part !== undefined) {
    const expectedKeys = isNumbers ? names.map((n) => rowKey(leaf.code, n)).join(', ') : leaf.code;
    read.at(r, 'code', 'unknown-indicator', `"${clip(keyText)}": ${label} được ghi là ${expectedKeys}`);
    return undefined;
  }
  const canonical = rowKey(leaf.code, key.part);
  const earlier = read.seen.get(canonical);
  if (earlier !== undefined) {
    read.at(r, 'code', 'duplicate', `${canonical} đã có ở dòng ${earlier}; mỗi chỉ tiêu chỉ một dòng`);
    return undefined;
  }
  read.seen.set(canonical, r);
  return { leaf, part: key.part, label };
}

/** A note cell's text, or undefined when it is empty or refused (a formula, an error, too long: reported). */
function readNote(cell: ExcelJS.Cell, noteRead: CellRead, label: string, refuse: (rule: string, message: string) => void): string | undefined {
  if (noteRead.formula) refuse('formula', `Ghi chú của ${label} là công thức; hãy gõ văn bản`);
  else if (noteRead.error) refuse('cell-error', `Ghi chú của ${label} là lỗi ${noteRead.error}`);
  else if (!noteRead.empty) {
    const note = cellText(cell).trim();
    if (note.length > MAX_TEXT_CHARS) refuse('too-long', `Ghi chú của ${label} dài ${note.length} ký tự, quá ${MAX_TEXT_CHARS}`);
    else return note;
  }
  return undefined;
}

/** A numbers input is all its parts or nothing: half an answer cannot be scored. */
function completeNumbers(read: TemplateRead): void {
  for (const [code, byPart] of read.parts) {
    const leaf = read.leaves.get(code) as FrameworkNode;
    const names = leaf.input?.names ?? [];
    const filled = names.filter((n) => typeof byPart.get(n)?.value === 'number');
    if (filled.length === names.length) {
      read.answers[code].value = Object.fromEntries(names.map((n) => [n, byPart.get(n)?.value as number]));
      continue;
    }
    if (filled.length === 0 || names.some((n) => byPart.get(n)?.refused)) continue;
    for (const name of names.filter((n) => !filled.includes(n))) {
      const where = byPart.get(name);
      const message = `${code} (${leaf.name.vi}): ${partLabel(name)} (${name}) còn trống; điền đủ ${names.map(partLabel).join(', ')} hoặc để trống tất cả`;
      if (where) read.at(where.row, 'value', 'numbers-incomplete', message);
      else read.problems.push({ sheet: SHEETS.answers, rule: 'numbers-incomplete', message: `${message} (thiếu dòng ${rowKey(code, name)})` });
    }
  }
}

function partsOf<K, V>(map: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
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
  const text = cellText(cell).trim();
  switch (input.type) {
    case 'boolean': {
      const yes = cellYesNo(cell);
      if (yes !== undefined) return { ok: true, value: yes };
      return refuse('not-boolean', `${quoted(cell)} không phải "${YES}" hoặc "${NO}" (hoặc true/false, 1/0)`);
    }
    case 'choice': {
      const entries = choiceEntries(leaf);
      const hit = choiceOf(entries, text);
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
    n = cellNumber(input.type === 'percent' && text.endsWith('%') ? text.slice(0, -1) : text);
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
function checkMeta(workbook: ExcelJS.Workbook, expected: TemplateExpectation, problems: SheetProblem[]): number | null {
  const meta = readMetaSheet(workbook, 100, SHEETS.meta);
  if (!meta) {
    problems.push({ sheet: SHEETS.meta, rule: 'missing-sheet', message: `Thiếu trang ẩn "${SHEETS.meta}": không xác định được kỳ đánh giá và đơn vị của tệp; hãy tải mẫu mới từ hệ thống` });
    return null;
  }
  const report = (key: string, rule: string, message: string): void => void problems.push({ ...meta.at(key), rule, message });
  const get = meta.get;
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
function checkHeader(sheet: ExcelJS.Worksheet, problems: SheetProblem[]): boolean {
  const mismatches = headerMismatches(sheet, COLUMNS);
  for (const { column, expected, found } of mismatches) {
    const message = `Ô ${column}1 phải là tiêu đề "${expected}", không phải "${clip(found)}"; không thêm, xóa hay đổi chỗ cột`;
    problems.push(problemAt(SHEETS.answers, column, 1, 'header', message));
  }
  return mismatches.length === 0;
}
