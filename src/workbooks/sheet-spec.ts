import type ExcelJS from 'exceljs';
import type { HeaderStyle } from './workbook-styles';

/**
 * A sheet described, not written: its name, title rows, columns (header, width, number format, what kind of value),
 * frozen panes, the rows and how each becomes cells, the validations and the protection. One writer turns it into
 * an exceljs sheet: in memory (write-workbook.ts) or streamed row by row (stream-workbook.ts).
 */

/**
 * What a column's cells hold, and how a value is written there. Text is always written as a string cell, never as
 * a formula, through safeText (whatever it starts with); a number that is NaN or infinite is left empty.
 * - `text`: any value, written as text (null stays empty);
 * - `number`: a finite number, else empty;
 * - `value` (the default): a string as text, a number as a number (finite), anything else (a date) as it is.
 */
export type CellKind = 'text' | 'number' | 'value';

export interface ColumnSpec {
  header: string;
  width?: number;
  kind?: CellKind;
  /** A number format for the data cells of the column. */
  numFmt?: string;
  /** The number format is the whole column's: its header's too, and a cell typed in below the rows takes it. */
  wholeColumn?: boolean;
  /** The data cells' style beyond the number format (borders, alignment). */
  style?: Partial<ExcelJS.Style>;
  /** Cells open for input (unlocked on a protected sheet, in the input colour). */
  input?: boolean;
  /** A validation of every data cell of the column. */
  validation?: ExcelJS.DataValidation;
  hidden?: boolean;
}

/** What one cell may say beyond its value; the column's settings hold where it says nothing. */
export interface CellOptions {
  numFmt?: string;
  validation?: ExcelJS.DataValidation;
  /** Open for input (or, false, locked where the column is open). */
  input?: boolean;
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  alignment?: Partial<ExcelJS.Alignment>;
}

/** A cell with options: made by cell(), told apart from a plain value by its class. */
export class CellSpec {
  constructor(
    readonly value: ExcelJS.CellValue,
    readonly options: CellOptions,
  ) {}
}

export const cell = (value: ExcelJS.CellValue, options: CellOptions): CellSpec => new CellSpec(value, options);

/** A row's cells in column order: plain values, or cell() where a cell needs more. */
export type RowCells = (ExcelJS.CellValue | CellSpec)[];

export interface SheetSpec<R = RowCells> {
  name: string;
  /** Rows above the header (a title, publication info): written as text, bold. */
  title?: string[];
  columns: ColumnSpec[];
  /** The header row's looks; none: the sheet has no header (the columns give widths only). */
  header?: HeaderStyle | 'none';
  /**
   * Frozen panes: the title and header rows always, and this many columns on the left; where the sheet opens.
   * Without it, nothing is frozen.
   */
  frozen?: { columns?: number; topLeftCell?: string; activeCell?: string };
  /** The rows, and how each becomes cells (null: the row is left out); without `row`, each row is its cells. */
  rows: Iterable<R> | AsyncIterable<R>;
  row?(row: R): RowCells | null;
  /** A green-yellow-red colour scale on the data cells of these columns (1-based). */
  colourScale?: number[];
  /** An auto filter over the header and the data rows. */
  autoFilter?: boolean;
  state?: ExcelJS.WorksheetState;
  tabColor?: string;
  /** Protected with these permissions and no password: protection guides people, it is not a security boundary. */
  protect?: Partial<ExcelJS.WorksheetProtection>;
  /** Printed for reading on paper (see PrintSpec); without it, Excel's defaults (portrait, 100 %). */
  print?: PrintSpec;
}

/**
 * A sheet made to be printed (the published workbooks): landscape A4, one page wide however many columns (as many
 * pages tall as the rows need), the header row repeated at the top of every page, and a footer: the page number in
 * the middle, the given text left and right (the source, the date).
 */
export interface PrintSpec {
  footer?: { left?: string; right?: string };
}

/** A small sheet of labels and values ("Thông tin", _meta): label in A, value in B. */
export interface KeyValueSpec {
  name: string;
  title?: string;
  entries: [string, ExcelJS.CellValue][];
  widths?: [number, number];
  /** Labels bold, values left-aligned and wrapped, dates as date-times (the export workbooks' "Thông tin"). */
  styled?: boolean;
  state?: ExcelJS.WorksheetState;
  protect?: Partial<ExcelJS.WorksheetProtection>;
}
