import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { type CellValue, isCellProblem, sheetRows, xlsxCell } from '../../workbooks/cells';
import { type CsvDialect, detectCsvDialect, headerReadAs } from '../../workbooks/csv-dialect';
import { dataFileWorkbookLimits, readWorkbookSafely, WorkbookRefusedError } from '../../workbooks/safe-workbook';
import { looksLikeZip } from '../../workbooks/zip-inspect';

/**
 * An admin's file of system-measured values (`source: system` indicators, e.g. the monthly share of level-4 online
 * public services from the national public service portal): one row per unit and indicator, with the columns
 * `unit` (the unit's code), `indicator` (a leaf code), `value` and optionally `note` and `source`. A `numbers`
 * indicator takes one column per input instead of `value` (e.g. `numerator`, `denominator`).
 *
 * Pure: bytes in, rows out. The format is decided by the content, never by the name: JSON starts with [ or {, an
 * .xlsx is a zip, anything else must be UTF-8 CSV text. Every row keeps its number (CSV and XLSX: as in the file,
 * the header is row 1; JSON: the position in the array, from 1), so that each later complaint names it. What this
 * does not judge (units, indicators, values) is left to the import, which knows the cycle.
 */

export type SystemValuesFormat = 'csv' | 'xlsx' | 'json';

export interface SystemValuesLimits {
  bytes: number;
  /** Data rows (the header not counted; empty rows not counted). */
  rows: number;
  columns: number;
}

export const SYSTEM_VALUES_LIMITS: Readonly<SystemValuesLimits> = Object.freeze({ bytes: 10 * 1024 * 1024, rows: 100_000, columns: 50 });

/** The columns every file may have; a `numbers` indicator's input names are columns too. */
export const SYSTEM_VALUE_COLUMNS = { unit: 'unit', indicator: 'indicator', value: 'value', note: 'note', source: 'source' } as const;

/** A row-level problem found while reading (a JSON entry that is not an object, a key given twice). */
export interface RowReadProblem {
  column?: string;
  rule: string;
  message: string;
}

export interface SystemValueRow {
  /** CSV and XLSX: the row number in the file (header = 1). JSON: the entry's position in the array, from 1. */
  row: number;
  /**
   * Column (lower case) → what the file holds: CSV gives text, XLSX text, numbers and booleans (or the reason a
   * cell is unusable, `{ problem }`), JSON any JSON value. A column the row does not have is absent.
   */
  cells: Record<string, unknown>;
  problem?: RowReadProblem;
}

export interface SystemValuesTable {
  format: SystemValuesFormat;
  /** The columns in file order, lower case (JSON: every key in order of first use); an unnamed column is `#n`. */
  columns: string[];
  rows: SystemValueRow[];
  /** CSV: the separator, decimal mark and BOM as detected (a ';' file may write 85,5); the import reports it. */
  dialect?: CsvDialect;
}

/** The file as a whole cannot be read: one problem, no rows. */
export class SystemValuesFileError extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly where: { row?: number; column?: string } = {},
  ) {
    super(message);
    this.name = 'SystemValuesFileError';
  }
}

const BINARY_SIGNATURES: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an old Excel 97-2003 (.xls) or other OLE file; save it as .xlsx or CSV UTF-8' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
];
const ACCEPTED = 'a system values file must be CSV (UTF-8), .xlsx or JSON';

const startsWith = (buffer: Buffer, bytes: number[]): boolean => buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);

/** JSON, XLSX or CSV by content; a file that is none of them (binary, not UTF-8) is refused. */
export function detectFormat(file: Buffer): SystemValuesFormat {
  if (file.length === 0) throw new SystemValuesFileError('empty', 'the file is empty');
  if (looksLikeZip(file) || startsWith(file, [0x50, 0x4b])) return 'xlsx';
  for (const { bytes, what } of BINARY_SIGNATURES) {
    if (startsWith(file, bytes)) throw new SystemValuesFileError('not-a-data-file', `${what}, not a data file: ${ACCEPTED}`);
  }
  const text = decodeUtf8(file);
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  if (first === undefined) throw new SystemValuesFileError('empty', 'the file holds only blank space');
  // A web page saved instead of the export (or an XML file) would read as a one-column CSV without a value in it.
  if (first === '<') throw new SystemValuesFileError('not-a-data-file', `an HTML or XML document, not a data file: ${ACCEPTED}`);
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function decodeUtf8(file: Buffer): string {
  let text: string;
  try {
    // The BOM is kept in the text (each reader strips it), so that the CSV dialect can say whether there was one.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file);
  } catch {
    throw new SystemValuesFileError('not-utf8', `the file is neither .xlsx nor UTF-8 text: ${ACCEPTED} (in Excel: "CSV UTF-8")`);
  }
  if (text.includes('\u0000')) throw new SystemValuesFileError('not-a-data-file', `the file holds binary data (NUL bytes): ${ACCEPTED}`);
  return text;
}

export async function parseSystemValues(file: Buffer, limits: SystemValuesLimits = SYSTEM_VALUES_LIMITS): Promise<SystemValuesTable> {
  if (file.length > limits.bytes) {
    throw new SystemValuesFileError('too-large', `the file has ${file.length} bytes, more than the limit of ${limits.bytes} (${limits.bytes / 1024 / 1024} MB)`);
  }
  const format = detectFormat(file);
  const table = format === 'json' ? parseJson(decodeUtf8(file), limits) : format === 'csv' ? parseCsvText(decodeUtf8(file), limits) : await parseXlsx(file, limits);
  // Nothing to import is a refusal, not a success of 0 rows: the file is not what it was meant to be.
  if (table.rows.length === 0) throw new SystemValuesFileError('no-rows', 'the file has no rows of values (only a header, or nothing under it)');
  return table;
}

const isEmpty = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const columnName = (raw: unknown, index: number): string => {
  const name = isCellProblem(raw as never) || raw === null || raw === undefined ? '' : String(raw).normalize('NFC').trim().toLowerCase();
  return name === '' ? `#${index + 1}` : name;
};

/** Header cells → column names; a name given twice is refused (which one would hold the value?). */
function header(cells: unknown[], limits: SystemValuesLimits): string[] {
  if (cells.length > limits.columns) {
    throw new SystemValuesFileError('too-many-columns', `row 1 has ${cells.length} columns, more than the limit of ${limits.columns}`, { row: 1 });
  }
  const columns = cells.map(columnName);
  const seen = new Map<string, number>();
  columns.forEach((name, index) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new SystemValuesFileError('duplicate-column', `the column ${name} is given twice (columns ${before + 1} and ${index + 1})`, { row: 1, column: name });
    }
    seen.set(name, index);
  });
  if (columns.every((c) => c.startsWith('#'))) {
    throw new SystemValuesFileError('no-header', 'row 1 must be the header (unit, indicator, value, ...), and it is empty', { row: 1 });
  }
  return columns;
}

/** Cells under their column names; cells past the header get `#n` names so that they are reported, not dropped. */
function rowOf(row: number, columns: string[], cells: unknown[]): SystemValueRow {
  const out: Record<string, unknown> = {};
  cells.forEach((cell, index) => {
    if (index < columns.length) out[columns[index]] = cell;
    else if (!isEmpty(cell)) out[`#${index + 1}`] = cell;
  });
  return { row, cells: out };
}

function tooManyRows(limits: SystemValuesLimits): SystemValuesFileError {
  return new SystemValuesFileError('too-many-rows', `the file has more than ${limits.rows} rows of values (the limit)`);
}

function parseCsvText(decoded: string, limits: SystemValuesLimits): SystemValuesTable {
  // Excel in a Vietnamese locale separates with ";" (the comma is its decimal mark): the header says which.
  const { text, dialect } = detectCsvDialect(decoded);
  let n = 0;
  let kept = 0;
  let records: Array<{ row: number; cells: string[] }>;
  try {
    records = parseCsv(text, {
      delimiter: dialect.separator,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 1024 * 1024,
      on_record: (record: string[]) => {
        n++;
        if (n > 1 && record.every((c) => c.trim() === '')) return null;
        if (n > 1 && ++kept > limits.rows) throw tooManyRows(limits);
        if (record.length > limits.columns) {
          throw new SystemValuesFileError('too-many-columns', `row ${n} has ${record.length} columns, more than the limit of ${limits.columns}`, { row: n });
        }
        return { row: n, cells: record.map((c) => c.normalize('NFC')) };
      },
    }) as Array<{ row: number; cells: string[] }>;
  } catch (error) {
    if (error instanceof SystemValuesFileError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new SystemValuesFileError('not-csv', `not a valid CSV file${line ? ` (line ${line})` : ''}: ${(error as Error).message}`, {
      row: line,
    });
  }
  const [first, ...rest] = records;
  if (!first || first.row !== 1) throw new SystemValuesFileError('no-header', 'row 1 must be the header (unit, indicator, value, ...), and it is empty', { row: 1 });
  const columns = header(first.cells, limits);
  const { unit, indicator, value } = SYSTEM_VALUE_COLUMNS;
  if (![unit, indicator, value].some((known) => columns.includes(known))) {
    // Not one known column: another separator, or not this file at all. The header as read says which.
    throw new SystemValuesFileError('unknown-header', `the header has none of the columns unit, indicator, value: ${headerReadAs(first.cells, dialect)}`, { row: 1 });
  }
  return { format: 'csv', columns, rows: rest.map((r) => rowOf(r.row, columns, r.cells)), dialect };
}

async function parseXlsx(file: Buffer, limits: SystemValuesLimits): Promise<SystemValuesTable> {
  let workbook;
  try {
    // The header, then the values.
    workbook = await readWorkbookSafely(file, dataFileWorkbookLimits({ ...limits, rows: limits.rows + 1 }));
  } catch (error) {
    if (!(error instanceof WorkbookRefusedError)) throw error;
    if (error.rule === 'too-many-rows') throw tooManyRows(limits);
    throw new SystemValuesFileError(error.rule, error.message, { row: error.details.row });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SystemValuesFileError('no-sheet', 'the workbook has no worksheet');
  const grid = sheetRows(sheet, percentRefused);
  const [first, ...rest] = grid;
  if (!first || first.row !== 1) {
    throw new SystemValuesFileError('no-header', `row 1 of the worksheet "${sheet.name}" must be the header (unit, indicator, value, ...), and it is empty`, {
      row: 1,
    });
  }
  // Trailing empty header cells (a formatted but unused column) are not columns.
  let width = first.cells.length;
  while (width > 0 && isEmpty(first.cells[width - 1])) width--;
  const columns = header(first.cells.slice(0, width), limits);
  const rows = rest.filter((r) => !r.cells.every(isEmpty)).map((r) => rowOf(r.row, columns, r.cells));
  if (rows.length > limits.rows) throw tooManyRows(limits);
  return { format: 'xlsx', columns, rows };
}

/** A cell read as xlsxCell reads it, except a number shown as a percentage, which is refused. */
function percentRefused(value: unknown, column: number, row: ExcelJS.Row): CellValue {
  const cell = xlsxCell(value);
  // 85% typed in Excel is the number 0.85 shown as a percentage: taken as it is, it would be 0.85 percent.
  if (typeof cell === 'number' && row.getCell(column).numFmt?.includes('%')) {
    const shown = Number((cell * 100).toPrecision(12));
    return { problem: `the cell is formatted as a percentage (it holds ${cell} and shows ${shown}%): write the number itself, e.g. ${shown}` };
  }
  return cell;
}

function parseJson(text: string, limits: SystemValuesLimits): SystemValuesTable {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SystemValuesFileError('not-json', `the file starts like JSON but is not valid JSON: ${(error as Error).message}`);
  }
  const entries = Array.isArray(document)
    ? document
    : typeof document === 'object' && document !== null && Array.isArray((document as { values?: unknown }).values)
      ? ((document as { values: unknown[] }).values)
      : undefined;
  if (!entries) {
    throw new SystemValuesFileError('json-shape', 'a JSON file must be an array of objects ({ "unit", "indicator", "value" }) or { "values": [...] }');
  }
  if (entries.length > limits.rows) throw tooManyRows(limits);
  const columns: string[] = [];
  const known = new Set<string>();
  const rows = entries.map((entry, index): SystemValueRow => {
    const row = index + 1;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return { row, cells: {}, problem: { rule: 'json-shape', message: `entry ${row} is ${Array.isArray(entry) ? 'an array' : entry === null ? 'null' : `a ${typeof entry}`}, not an object with unit, indicator and value` } };
    }
    const cells: Record<string, unknown> = {};
    let problem: RowReadProblem | undefined;
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      const name = key.normalize('NFC').trim().toLowerCase() || '#';
      if (name in cells) {
        problem ??= { column: name, rule: 'duplicate-column', message: `${name} is given twice in this entry` };
        continue;
      }
      cells[name] = typeof value === 'string' ? value.normalize('NFC') : value;
      if (!known.has(name)) {
        known.add(name);
        columns.push(name);
      }
    }
    return problem ? { row, cells, problem } : { row, cells };
  });
  if (columns.length > limits.columns) {
    throw new SystemValuesFileError('too-many-columns', `the entries use ${columns.length} different keys, more than the limit of ${limits.columns}`);
  }
  return { format: 'json', columns, rows };
}
