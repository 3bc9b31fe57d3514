import ExcelJS from 'exceljs';
import { safeText } from './safe-workbook';
import { addKeyValueRows, addTitleAndHeader, columnDefinitions, columnStyles, fillRow, worksheetOptions } from './sheet-parts';
import type { KeyValueSpec, RowCells, SheetSpec } from './sheet-spec';

/** A workbook described: its sheets in order, and what the file says of itself. */
export interface WorkbookSpec {
  creator?: string;
  title?: string;
  sheets: Array<SheetSpec<unknown> | KeyValueSpec>;
  /** The workbook's window (which sheet opens). */
  views?: ExcelJS.WorkbookView[];
}

/**
 * A workbook built in memory from sheet specs: for the files made for one person at a time (the template, the
 * review workbook, the score file). The large exports stream instead (stream-workbook.ts).
 */
export async function writeWorkbook(spec: WorkbookSpec): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if (spec.creator) workbook.creator = spec.creator;
  if (spec.title) workbook.title = safeText(spec.title);
  for (const sheet of spec.sheets) {
    const ws = 'entries' in sheet ? addKeyValueSheet(workbook, sheet) : await addSheet(workbook, sheet);
    if (sheet.protect) await ws.protect('', sheet.protect);
  }
  if (spec.views) workbook.views = spec.views;
  return workbook;
}

/** The workbook's .xlsx bytes. */
export async function workbookBuffer(spec: WorkbookSpec): Promise<Buffer> {
  return Buffer.from(await (await writeWorkbook(spec)).xlsx.writeBuffer());
}

async function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec<unknown>): Promise<ExcelJS.Worksheet> {
  const ws = workbook.addWorksheet(spec.name, worksheetOptions(spec));
  ws.columns = columnDefinitions(spec.columns);
  addTitleAndHeader(ws, spec, false);
  const styles = columnStyles(spec.columns);
  for await (const row of spec.rows) {
    const cells = spec.row ? spec.row(row) : (row as RowCells);
    if (cells) fillRow(ws.addRow([]), cells, spec.columns, styles);
  }
  if (spec.autoFilter) {
    const header = (spec.title?.length ?? 0) + 1;
    ws.autoFilter = { from: { row: header, column: 1 }, to: { row: Math.max(ws.rowCount, header), column: spec.columns.length } };
  }
  return ws;
}

function addKeyValueSheet(workbook: ExcelJS.Workbook, spec: KeyValueSpec): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(spec.name, spec.state ? { state: spec.state } : {});
  addKeyValueRows(ws, spec, false);
  return ws;
}
