import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * A unit data file (CSV or XLSX) read into rows of plain cell values, each row with its number as in the file
 * (the header is row 1), so that every later complaint can name the row and column a person sees in Excel.
 */

/** A cell that holds no usable value: an Excel error (#DIV/0!) or a formula whose result was never saved. */
export interface CellProblem {
  problem: string;
}

export type CellValue = string | number | boolean | null | CellProblem;

export interface DataRow {
  /** The row number in the file: the header is row 1. */
  row: number;
  /** One cell per column of the header, in the header's order. */
  cells: CellValue[];
}

export interface DataTable {
  fileName: string;
  /** The header's column names, trimmed; '' where a header cell is empty. */
  columns: string[];
  /** The rows below the header that hold at least one value. */
  rows: DataRow[];
}

export const DATA_FILE_LIMITS = { bytes: 20 * 1024 * 1024, rows: 200_000, columns: 2_000 };

/** The file cannot be read at all (too large, not UTF-8, not a spreadsheet): one message, no table. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

export type DataFormat = 'csv' | 'xlsx';

export function dataFormatOf(path: string): DataFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : undefined;
}

export const isCellProblem = (value: CellValue): value is CellProblem =>
  typeof value === 'object' && value !== null && 'problem' in value;

export const isEmptyCell = (value: CellValue): boolean =>
  value === null || (typeof value === 'string' && value.trim() === '');

export async function readDataFile(path: string, limits = DATA_FILE_LIMITS): Promise<DataTable> {
  const fileName = basename(path);
  const format = dataFormatOf(path);
  if (!format) {
    throw new DataFileError(`${fileName}: a data file must be .csv (UTF-8) or .xlsx; save an .xls or .ods file as .xlsx`);
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new DataFileError(`${fileName}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (size > limits.bytes) {
    throw new DataFileError(`${fileName}: the file has ${size} bytes, more than the limit of ${limits.bytes} (${limits.bytes / 1024 / 1024} MB)`);
  }
  const grid = format === 'csv' ? parseCsvGrid(await readFile(path), fileName, limits) : await readXlsxGrid(path, fileName, limits);
  return tableFromGrid(grid, fileName);
}

interface GridRow {
  row: number;
  cells: CellValue[];
}

function tableFromGrid(grid: GridRow[], fileName: string): DataTable {
  const header = grid[0];
  if (!header || header.row !== 1 || header.cells.every(isEmptyCell)) {
    throw new DataFileError(`${fileName}: row 1 must be the header (code, name, the indicator codes...), and it is empty`);
  }
  const columns = header.cells.map((cell) => (isCellProblem(cell) || cell === null ? '' : String(cell).normalize('NFC').trim()));
  const rows: DataRow[] = [];
  for (const { row, cells } of grid.slice(1)) {
    if (cells.every(isEmptyCell)) continue;
    const width = Math.max(columns.length, cells.length);
    const padded: CellValue[] = [];
    for (let c = 0; c < width; c++) padded.push(cells[c] ?? null);
    rows.push({ row, cells: padded });
  }
  // A value beyond the header's last column has no name; it is given one so that it is reported, not dropped.
  const widest = rows.reduce((max, r) => Math.max(max, r.cells.length), columns.length);
  while (columns.length < widest) columns.push('');
  return { fileName, columns, rows };
}

function parseCsvGrid(bytes: Buffer, fileName: string, limits: typeof DATA_FILE_LIMITS): GridRow[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFileError(`${fileName}: the file is not UTF-8 text; save it as "CSV UTF-8" (or as .xlsx)`);
  }
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new DataFileError(`${fileName}: not a valid CSV file: ${(error as Error).message}`);
  }
  if (records.length > limits.rows) {
    throw new DataFileError(`${fileName}: ${records.length} rows, more than the limit of ${limits.rows}`);
  }
  return records.map((record, i) => {
    if (record.length > limits.columns) {
      throw new DataFileError(`${fileName}: row ${i + 1} has ${record.length} columns, more than the limit of ${limits.columns}`);
    }
    return { row: i + 1, cells: record.map((cell) => cell.normalize('NFC')) };
  });
}

// The streaming reader's row and worksheet types carry less than its runtime objects; these are the parts used.
interface StreamedRow {
  number: number;
  values: unknown[] | Record<string, unknown>;
}
interface StreamedWorksheet extends AsyncIterable<StreamedRow> {
  name?: string;
}
interface StreamedWorkbook extends AsyncIterable<StreamedWorksheet> {
  model?: { sheets?: Array<{ name?: string }> };
}

/**
 * The first worksheet, streamed so that the row and column limits stop a huge sheet before it is in memory.
 * Formulas are never evaluated: their saved result is the value.
 */
async function readXlsxGrid(path: string, fileName: string, limits: typeof DATA_FILE_LIMITS): Promise<GridRow[]> {
  const input = createReadStream(path);
  const options = { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' } as const;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, options) as unknown as StreamedWorkbook;
  const grid: GridRow[] = [];
  try {
    for await (const sheet of reader) {
      // The zip may hold the sheets in another order than the tabs; the first tab is the one read.
      const first = reader.model?.sheets?.[0]?.name;
      const wanted = first === undefined || sheet.name === undefined || sheet.name === first;
      for await (const row of sheet) {
        if (row.number > limits.rows) {
          throw new DataFileError(`${fileName}: the first worksheet has more than ${limits.rows} rows (the limit)`);
        }
        const values = Array.isArray(row.values) ? row.values : Object.values(row.values);
        // row.values is 1-based: index 0 is always empty.
        if (values.length - 1 > limits.columns) {
          throw new DataFileError(`${fileName}: row ${row.number} reaches column ${values.length - 1}, more than the limit of ${limits.columns}`);
        }
        if (!wanted) continue;
        const cells: CellValue[] = [];
        for (let c = 1; c < values.length; c++) cells.push(xlsxCell(values[c]));
        grid.push({ row: row.number, cells });
      }
      if (wanted) break;
    }
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`${fileName}: not a readable .xlsx file (${(error as Error).message})`);
  } finally {
    input.destroy();
  }
  return grid;
}

/** An exceljs cell value as a plain value: text, number, boolean, empty, or the reason it is unusable. */
export function xlsxCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : { problem: 'the cell holds an error, not a number' };
  }
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (!('result' in v) || v.result === undefined || v.result === null) {
        return { problem: 'a formula without a saved result: open the file in Excel and save it, or paste the values' };
      }
      const result = xlsxCell(v.result);
      return isCellProblem(result) ? { problem: `the formula's result is an error` } : result;
    }
    if ('error' in v) return { problem: `the cell holds the error ${String(v.error)}` };
    if (Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: unknown }>).map((part) => String(part.text ?? '')).join('').normalize('NFC');
    }
    if ('text' in v) return String(v.text).normalize('NFC');
  }
  return { problem: 'a cell value that is neither text nor a number' };
}
