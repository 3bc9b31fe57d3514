import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import {
  addColourScale,
  addKeyValueRows,
  addTitleAndHeader,
  columnDefinitions,
  columnStyles,
  fillRow,
  headerRowOf,
  uniqueSheetName,
  worksheetOptions,
} from './sheet-parts';
import { RowXmlWriter } from './row-xml';
import type { ColumnSpec, KeyValueSpec, RowCells, SheetSpec } from './sheet-spec';
import { commitSheet, sheetStream, waitForZip, ZIP_CHUNK_BYTES } from './zip-backpressure';

/**
 * A workbook streamed into a file or a stream (exceljs's WorkbookWriter) from sheet specs, one sheet at a time (a
 * sheet added while another is open is held in memory until the first is done: the zip is written in order), each
 * row committed as it is written; for the large export workbooks. User text always goes through safeText, and
 * nothing here ever builds a formula.
 */
export class StreamWorkbook {
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

  /**
   * Writes a whole sheet: its title and header rows, each row of the spec's rows as it comes (memory stays bounded
   * whatever their number), then the colour scale and auto filter. `onRow` hears the count after each row written.
   */
  async writeSheet<R>(spec: SheetSpec<R>, onRow?: (written: number) => void | Promise<void>): Promise<OpenSheet> {
    const sheet = this.sheet(spec);
    for await (const row of spec.rows) {
      const cells = spec.row ? spec.row(row) : (row as unknown as RowCells);
      if (!cells) continue;
      sheet.add(cells);
      await sheet.breathe();
      if (onRow) await onRow(sheet.rowCount);
    }
    if (spec.colourScale) sheet.colourScale(spec.colourScale);
    await sheet.done(spec.autoFilter ?? false);
    return sheet;
  }

  /** Opens a sheet with its title and header rows written; the caller adds rows, then calls done(). */
  sheet(spec: Omit<SheetSpec<unknown>, 'rows'>): OpenSheet {
    const ws = this.writer.addWorksheet(uniqueSheetName(spec.name, this.names), worksheetOptions(spec));
    sheetStream(ws).bufSize = ZIP_CHUNK_BYTES;
    ws.columns = columnDefinitions(spec.columns);
    addTitleAndHeader(ws, { ...spec, rows: [] }, true);
    return new OpenSheet(ws, spec.columns, headerRowOf(spec));
  }

  /** A small key/value sheet ("Thông tin"), written at once. */
  async keyValueSheet(spec: KeyValueSpec): Promise<void> {
    const ws = this.writer.addWorksheet(uniqueSheetName(spec.name, this.names), spec.state ? { state: spec.state } : {});
    addKeyValueRows(ws, spec, true);
    await commitSheet(ws);
  }

  async commit(): Promise<void> {
    await this.writer.commit();
  }
}

/** A streamed sheet being written: rows are added and committed one by one. */
export class OpenSheet {
  private rows = 0;
  private readonly styles: Partial<ExcelJS.Style>[];
  private readonly xml: RowXmlWriter;

  constructor(
    readonly ws: ExcelJS.Worksheet,
    private readonly columns: ColumnSpec[],
    readonly headerRow: number,
  ) {
    this.styles = columnStyles(columns);
    this.xml = new RowXmlWriter(ws, columns, this.styles);
  }

  /**
   * Writes and commits one data row (values by their column's kind and style, see sheet-spec.ts): as its XML
   * (RowXmlWriter) when it holds numbers, text and empty cells only, else through exceljs' rows.
   */
  add(cells: RowCells): void {
    if (!this.xml.write(cells)) this.addThroughExcelJs(cells);
    this.rows++;
  }

  /** The same row through exceljs' Row and Cell objects (what RowXmlWriter writes byte for byte; dates, validations). */
  private addThroughExcelJs(cells: RowCells): void {
    const row = this.ws.addRow([]);
    fillRow(row, cells, this.columns, this.styles);
    row.commit();
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
    addColourScale(this.ws, columns, this.headerRow + 1, this.lastRow);
  }

  /** Auto filter over the header and every data row (if asked), frozen header (set at open), then the sheet is written. */
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
