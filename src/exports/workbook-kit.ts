import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { RawValue } from '../engine/types';
import { columnLetters, safeText } from '../workbooks/safe-workbook';

/**
 * What the export workbooks share: the streaming writer, one sheet at a time (a sheet added while another is open
 * is held in memory until the first is done: the zip is written in order), header and number styles, and how a
 * value or a date becomes a cell. User text always goes through safeText, and nothing here ever builds a formula.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Index and 0..1 values. */
export const VALUE_FORMAT = '0.0000';
export const POINTS_FORMAT = '0.00';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 13 };

export type ExportProgress = (fraction: number) => void | Promise<void>;

export interface SheetColumn {
  header: string;
  width: number;
  /** A number format for the data cells of the column. */
  numFmt?: string;
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  /** Rows above the header (a title, publication info): written as text, bold. */
  preamble?: string[];
  /** Header columns frozen on the left (e.g. rank, code, unit); default 0. */
  frozenColumns?: number;
}

/** The streaming writer of one export, into a file or a stream. */
export class ExportWorkbook {
  readonly writer: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly names = new Set<string>();

  constructor(target: string | Writable) {
    this.writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      ...(typeof target === 'string' ? { filename: target } : { stream: target }),
      zip: { zlib: { chunkSize: ZIP_CHUNK_BYTES } },
      useStyles: true,
      // Inline strings: no shared-string table growing with the rows. Still string cells, never formulas.
      useSharedStrings: false,
    });
    this.writer.creator = 'DTI platform';
  }

  /** Opens a sheet with its preamble and header row written; the caller adds rows, then calls done(). */
  sheet(spec: SheetSpec): OpenSheet {
    const name = this.uniqueName(spec.name);
    const preamble = spec.preamble ?? [];
    const headerRow = preamble.length + 1;
    const ws = this.writer.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: headerRow, xSplit: spec.frozenColumns ?? 0 }],
    });
    sheetStream(ws).bufSize = ZIP_CHUNK_BYTES;
    ws.columns = spec.columns.map((c) => ({ width: c.width }));
    for (const line of preamble) {
      const row = ws.addRow([safeText(line)]);
      row.getCell(1).font = TITLE_FONT;
      row.commit();
    }
    const header = ws.addRow(spec.columns.map((c) => safeText(c.header)));
    header.eachCell((cell) => {
      cell.font = HEADER_FONT;
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    header.height = 30;
    header.commit();
    return new OpenSheet(ws, spec.columns, headerRow);
  }

  /** A small key/value sheet ("Thông tin"): label in A, value in B. */
  async infoSheet(name: string, title: string, entries: [string, ExcelJS.CellValue][]): Promise<void> {
    const ws = this.writer.addWorksheet(this.uniqueName(name));
    ws.columns = [{ width: 34 }, { width: 90 }];
    const titleRow = ws.addRow([safeText(title)]);
    titleRow.getCell(1).font = TITLE_FONT;
    titleRow.commit();
    for (const [label, value] of entries) {
      const row = ws.addRow([safeText(label), typeof value === 'string' ? safeText(value) : value]);
      row.getCell(1).font = { bold: true };
      if (value instanceof Date) row.getCell(2).numFmt = DATE_TIME_FORMAT;
      row.getCell(2).alignment = { horizontal: 'left', wrapText: true };
      row.commit();
    }
    await commitSheet(ws);
  }

  async commit(): Promise<void> {
    await this.writer.commit();
  }

  /** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique without regard to case. */
  private uniqueName(wanted: string): string {
    const base = safeText(wanted).replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
    let name = base;
    for (let n = 2; this.names.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    this.names.add(name.toLowerCase());
    return name;
  }
}

export class OpenSheet {
  private rows = 0;
  /**
   * One style object per column, given to every cell of it: exceljs's style registry recognises an object it has
   * seen (a WeakMap), so a shared object costs a lookup where a fresh one per cell costs a full style hashing
   * (2.5 times slower on a 10,000 × 400 sheet).
   */
  private readonly styles: Partial<ExcelJS.Style>[];

  constructor(
    readonly ws: ExcelJS.Worksheet,
    private readonly columns: SheetColumn[],
    readonly headerRow: number,
  ) {
    const plain = {};
    this.styles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : plain));
  }

  /** Writes and commits one data row; strings must already be safeText'ed (see text()). Styles are read-only. */
  add(values: ExcelJS.CellValue[]): void {
    const row = this.ws.addRow(values);
    for (let i = 0; i < this.styles.length; i++) row.getCell(i + 1).style = this.styles[i];
    row.commit();
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  get lastRow(): number {
    return this.headerRow + this.rows;
  }

  /** Every so many rows, waits until the zip has taken what the sheet wrote (waitForZip): memory stays bounded. */
  async breathe(every = 100): Promise<void> {
    if (this.rows % every === 0) await waitForZip(this.ws);
  }

  /** A green-yellow-red colour scale on the data cells of these columns (1-based). */
  colourScale(columns: number[]): void {
    if (this.rows === 0) return;
    columns.forEach((column, i) => {
      const letter = columnLetters(column);
      this.ws.addConditionalFormatting({
        ref: `${letter}${this.headerRow + 1}:${letter}${this.lastRow}`,
        rules: [
          {
            type: 'colorScale',
            priority: i + 1,
            cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
            color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
          },
        ],
      });
    });
  }

  /** Auto filter over the header and every data row, frozen header (set at open), then the sheet is written. */
  async done(filter = true): Promise<void> {
    if (filter) {
      this.ws.autoFilter = {
        from: { row: this.headerRow, column: 1 },
        to: { row: Math.max(this.lastRow, this.headerRow), column: this.columns.length },
      };
    }
    await commitSheet(this.ws);
  }
}

/** What a sheet may have written that the zip has not taken yet. */
export const ZIP_BACKLOG_LIMIT = 4 * 1024 * 1024;

/**
 * How much of a sheet's XML goes to the zip at a time, and what the zip deflates in one go. Each hand-over between the
 * sheet, the deflater (on libuv's threads) and the file takes a turn of the event loop, which a sheet being written
 * gives only between batches of rows (waitForZip): with exceljs's 64 KB pieces and zlib's 16 KB output the zip fell
 * behind and the writer waited for it 1.2–1.8 s of a 10,000-unit ranking's 9 s; with 2 MB, under 0.1 s.
 */
export const ZIP_CHUNK_BYTES = 2 * 1024 * 1024;

/** The stream exceljs writes a sheet's XML into: a StreamBuf that hands it on in pieces of bufSize. */
export function sheetStream(ws: ExcelJS.Worksheet): { bufSize: number; pipes?: ZipEntryStream[] } {
  return (ws as unknown as { stream: { bufSize: number; pipes?: ZipEntryStream[] } }).stream;
}

/** The entry stream exceljs appends to archiver for a sheet: a readable-stream 2 PassThrough. */
interface ZipEntryStream extends NodeJS.EventEmitter {
  _writableState?: { length: number };
  _readableState?: { length: number; pipesCount: number };
}

function zipEntry(ws: ExcelJS.Worksheet): ZipEntryStream | undefined {
  return sheetStream(ws).pipes?.[0];
}

/**
 * The bytes of a streamed sheet that wait for the zip. exceljs's sheet stream writes into the zip without heeding
 * backpressure, so a sheet written faster than it is deflated piles up in memory (the whole 120 MB of a 10,000 ×
 * 400 sheet's XML, seen in the benchmark); undefined when the internals are not where exceljs 4.4 has them.
 */
export function zipBacklog(ws: ExcelJS.Worksheet): number | undefined {
  const entry = zipEntry(ws);
  if (!entry?._writableState || !entry._readableState) return undefined;
  return entry._writableState.length + entry._readableState.length;
}

/**
 * Yields to the event loop, then waits while more than `limit` bytes of this sheet wait for the zip: for the entry to
 * drain once the zip is taking it, or for the entries ahead of it to be zipped. When the zip takes nothing for a
 * second (an earlier entry is still open, so this one's turn will not come), it stops waiting rather than hang.
 */
export async function waitForZip(ws: ExcelJS.Worksheet, limit = ZIP_BACKLOG_LIMIT): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const entry = zipEntry(ws);
  if (!entry) return;
  const book = (ws as unknown as { _workbook: { zip: NodeJS.EventEmitter & { pointer(): number }; stream: { destroyed?: boolean } } })._workbook;
  let backlog = zipBacklog(ws) ?? 0;
  let pointer = book.zip.pointer();
  let moved = Date.now();
  while (backlog > limit) {
    if (book.stream.destroyed) throw new Error('the workbook could not be written: its output stream is closed');
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.removeListener('drain', done);
        book.zip.removeListener('entry', done);
        resolve();
      };
      const timer = setTimeout(done, 25);
      entry.once('drain', done);
      book.zip.once('entry', done);
    });
    const now = zipBacklog(ws) ?? 0;
    if (now < backlog || book.zip.pointer() !== pointer) moved = Date.now();
    else if (Date.now() - moved > 1000) return;
    backlog = now;
    pointer = book.zip.pointer();
  }
}

/** Commits a streamed sheet and waits until the zip has taken all of it. */
export function commitSheet(ws: ExcelJS.Worksheet): Promise<void> {
  const sheet = ws as unknown as { stream: NodeJS.EventEmitter; commit(): void; committed?: boolean };
  if (sheet.committed) return Promise.resolve();
  return new Promise((resolve) => {
    sheet.stream.once('zipped', () => resolve());
    sheet.commit();
  });
}

/** User or framework text for a cell: always a string cell, never a formula (safeText). Null stays empty. */
export const text = (value: unknown): string | null => (value === null || value === undefined ? null : safeText(value));

/** A number or an empty cell (never NaN or Infinity, which a spreadsheet cannot hold). */
export const num = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * A raw answer as a cell: a number as a number, yes/no as "Có"/"Không", a choice or text as text, named inputs
 * (numerator/denominator) as "numerator: 12; denominator: 30".
 */
export function rawValueCell(value: RawValue): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return num(value);
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') return safeText(value);
  return safeText(
    Object.entries(value)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; '),
  );
}

/** The exact value as JSON text, for machines (analysts' scripts). */
export const rawValueJson = (value: RawValue): string | null => (value === null || value === undefined ? null : safeText(JSON.stringify(value)));

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * A moment as an Excel date-time in Vietnam time (UTC+7, no daylight saving): Excel dates have no zone, and the
 * people reading these files are in Vietnam. Headers say "(giờ Việt Nam)".
 */
export function vietnamTime(at: Date | string | null | undefined): Date | null {
  if (at === null || at === undefined) return null;
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : new Date(date.getTime() + VIETNAM_OFFSET_MS);
}

/** Vietnamese text to a file-name-safe ASCII slug: "Hà Nội" → "ha-noi". */
export function asciiSlug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
