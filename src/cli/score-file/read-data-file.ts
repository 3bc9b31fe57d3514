import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type CellValue, type GridRow, isCellProblem, isEmptyCell, sheetRows } from '../../workbooks/cells';
import { type CsvDialect, detectCsvDialect } from '../../workbooks/csv-dialect';
import { dataFileWorkbookLimits, readWorkbookSafely, WorkbookRefusedError } from '../../workbooks/safe-workbook';
import { CLI_WORDS_EN } from '../output/cli-words.en';
import type { CliWords } from '../output/cli-words.vi';

/** The words of a file that cannot be read, in the command's language (English unless given). */
export type FileWords = CliWords['file'];

/**
 * A unit data file (CSV or XLSX) read into rows of plain cell values, each row with its number as in the file
 * (the header is row 1), so that every later complaint can name the row and column a person sees in Excel.
 */

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
  /** A CSV's separator, decimal mark and BOM as detected (an .xlsx has none: its cells are typed). */
  dialect?: CsvDialect;
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

export async function readDataFile(path: string, limits = DATA_FILE_LIMITS, words: FileWords = CLI_WORDS_EN.file): Promise<DataTable> {
  const fileName = basename(path);
  const format = dataFormatOf(path);
  if (!format) {
    throw new DataFileError(`${fileName}: ${words.wrongKind}`);
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new DataFileError(`${fileName}: ${words.cannotRead((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  if (size > limits.bytes) {
    throw new DataFileError(`${fileName}: ${words.tooLarge(String(size), String(limits.bytes), String(limits.bytes / 1024 / 1024))}`);
  }
  if (format === 'xlsx') return tableFromGrid(await readXlsxGrid(path, fileName, limits, words), fileName, words);
  const { grid, dialect } = parseCsvGrid(await readFile(path), fileName, limits, words);
  return { ...tableFromGrid(grid, fileName, words), dialect };
}

function tableFromGrid(grid: GridRow[], fileName: string, words: FileWords): DataTable {
  const header = grid[0];
  if (!header || header.row !== 1 || header.cells.every(isEmptyCell)) {
    throw new DataFileError(`${fileName}: ${words.emptyHeader}`);
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

function parseCsvGrid(bytes: Buffer, fileName: string, limits: typeof DATA_FILE_LIMITS, words: FileWords): { grid: GridRow[]; dialect: CsvDialect } {
  let decoded: string;
  try {
    // ignoreBOM keeps the BOM in the text, so that the dialect can say whether there was one.
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DataFileError(`${fileName}: ${words.notUtf8}`);
  }
  const { text, dialect } = detectCsvDialect(decoded);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: dialect.separator, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new DataFileError(`${fileName}: ${words.notCsv((error as Error).message)}`);
  }
  if (records.length > limits.rows) {
    throw new DataFileError(`${fileName}: ${words.tooManyRows(String(records.length), String(limits.rows))}`);
  }
  const grid = records.map((record, i) => {
    if (record.length > limits.columns) {
      throw new DataFileError(`${fileName}: ${words.tooManyColumns(String(i + 1), String(record.length), String(limits.columns))}`);
    }
    return { row: i + 1, cells: record.map((cell) => cell.normalize('NFC')) };
  });
  return { grid, dialect };
}

/**
 * The first worksheet (the first tab), read with the safe workbook reader: the zip is checked (entries, sizes,
 * ratio, macros) and the row and column limits are enforced on the sheets' XML before exceljs builds anything.
 * Formulas are never evaluated: their saved result is the value.
 */
async function readXlsxGrid(path: string, fileName: string, limits: typeof DATA_FILE_LIMITS, words: FileWords): Promise<GridRow[]> {
  let workbook: ExcelJS.Workbook;
  try {
    workbook = await readWorkbookSafely(await readFile(path), dataFileWorkbookLimits(limits));
  } catch (error) {
    if (!(error instanceof WorkbookRefusedError)) throw error;
    const { rule, details } = error;
    const sheet = words.sheet(details.sheetIndex === 0, details.sheet ?? '?');
    if (rule === 'too-many-rows') throw new DataFileError(`${fileName}: ${words.sheetTooManyRows(sheet, String(limits.rows))}`);
    if (rule === 'too-many-columns' && details.row !== undefined) {
      const where = details.sheetIndex === 0 ? '' : `${sheet}: `;
      throw new DataFileError(`${fileName}: ${words.sheetTooManyColumns(where, String(details.row), String(details.column), String(limits.columns))}`);
    }
    throw new DataFileError(`${fileName}: ${words.notXlsx(error.message)}`);
  }
  const sheet = workbook.worksheets[0];
  return sheet ? sheetRows(sheet) : [];
}
