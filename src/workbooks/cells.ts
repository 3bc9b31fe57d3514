import type ExcelJS from 'exceljs';

/**
 * Reading the cells of a workbook loaded by readWorkbookSafely. Formulas are never evaluated: a formula's saved
 * result is its value, and a parser that refuses formulas asks readCell. Text is NFC-normalised, so that Vietnamese
 * typed on a Mac (combining marks) compares equal to the same words typed elsewhere.
 */

/** A cell that holds no usable value: an Excel error (#DIV/0!) or a formula whose result was never saved. */
export interface CellProblem {
  problem: string;
}

export type CellValue = string | number | boolean | null | CellProblem;

export const isCellProblem = (value: CellValue): value is CellProblem =>
  typeof value === 'object' && value !== null && 'problem' in value;

export const isEmptyCell = (value: CellValue): boolean =>
  value === null || (typeof value === 'string' && value.trim() === '');

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

/**
 * A cell's value as text, for reading: rich text joined, a hyperlink's text, a formula's saved result (never
 * evaluated; '' when none was saved), an error as its code (#N/A), a date as ISO 8601 (date only at midnight UTC),
 * a boolean as true/false, a number as JavaScript prints it. Empty → ''. Text is NFC-normalised.
 */
export function cellText(cell: ExcelJS.Cell | { value: ExcelJS.CellValue }): string {
  return valueText(cell.value);
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.normalize('NFC');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) return valueText(v.result);
    if ('error' in v) return String(v.error);
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: unknown }>).map((p) => String(p.text ?? '')).join('').normalize('NFC');
    if ('text' in v) return valueText(v.text);
  }
  return '';
}

/** The formula a cell holds, as "=…", or undefined: for parsers that refuse a formula even with a saved result. */
export function cellFormula(cell: { value: ExcelJS.CellValue }): string | undefined {
  const value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) return `=${String(v.formula ?? v.sharedFormula)}`;
  }
  return undefined;
}

export interface CellRead {
  empty: boolean;
  /** The formula's text when the cell holds one (refused, even with a saved result). */
  formula?: string;
  /** An Excel error value such as #N/A. */
  error?: string;
}

/** Whether a cell is empty, a formula or an Excel error, before its value is read. */
export function readCell(cell: ExcelJS.Cell): CellRead {
  const formula = cellFormula(cell);
  if (formula !== undefined) return { empty: false, formula };
  const value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && 'error' in value) {
    return { empty: false, error: String((value as { error: unknown }).error) };
  }
  return { empty: cellText(cell).trim() === '' };
}

// A dot for decimals, no thousands separators, as the engine reads numbers: "1,5" is refused rather than guessed.
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number cell (finite) or text that is a number written with a dot for decimals; anything else undefined. */
export function cellNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Text a Vietnamese locale writes as a number with a decimal comma ("1,5"): worth a "use a dot" hint. */
export const hasDecimalComma = (text: string): boolean => /^[+-]?\d+,\d+$/.test(text.trim());

/** A row of a sheet with its number as Excel shows it, and one value per column from A. */
export interface GridRow {
  row: number;
  cells: CellValue[];
}

/** How a parser reads one cell of sheetRows: its exceljs value, its 1-based column and its row. */
export type ReadGridCell = (value: unknown, column: number, row: ExcelJS.Row) => CellValue;

/** The rows of a sheet that hold anything, in order, each cell read by `read` (by default xlsxCell). */
export function sheetRows(sheet: ExcelJS.Worksheet, read: ReadGridCell = xlsxCell): GridRow[] {
  const grid: GridRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = Array.isArray(row.values) ? row.values : Object.values(row.values);
    // row.values is 1-based: index 0 is always empty.
    const cells: CellValue[] = [];
    for (let c = 1; c < values.length; c++) cells.push(read(values[c], c, row));
    grid.push({ row: row.number, cells });
  });
  return grid;
}

/** Text cut to n characters for a message ("…" where cut): a person's cell can be a page long. */
export const clip = (s: string, n = 60): string => (s.length > n ? `${s.slice(0, n)}…` : s);
