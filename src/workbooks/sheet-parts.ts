import type ExcelJS from 'exceljs';
import { columnLetters, safeText } from './safe-workbook';
import { CellSpec, type ColumnSpec, type KeyValueSpec, type PrintSpec, type RowCells, type SheetSpec } from './sheet-spec';
import { cellValue } from './write-cells';
import { DATE_TIME_FORMAT, INPUT_FILL, TITLE_FONT, type HeaderStyle } from './workbook-styles';

/** What the in-memory and the streaming writer do alike with a sheet spec. */

/** The worksheet's options: its state, tab colour, the title and header rows frozen, and how it prints. */
export function worksheetOptions(spec: Pick<SheetSpec<unknown>, 'title' | 'header' | 'frozen' | 'state' | 'tabColor' | 'print'>): Partial<ExcelJS.AddWorksheetOptions> {
  const options: Partial<ExcelJS.AddWorksheetOptions> = {};
  if (spec.print) Object.assign(options, printOptions(spec.print, spec.header === 'none' ? null : headerRowOf(spec)));
  if (spec.state) options.state = spec.state;
  if (spec.tabColor) options.properties = { tabColor: { argb: spec.tabColor } };
  if (spec.frozen) {
    const { columns, topLeftCell, activeCell } = spec.frozen;
    options.views = [
      { state: 'frozen', ...(columns !== undefined ? { xSplit: columns } : {}), ySplit: headerRowOf(spec), ...(topLeftCell ? { topLeftCell } : {}), ...(activeCell ? { activeCell } : {}) },
    ];
  }
  return options;
}

/** A4 (paper size 9 in the file format's list). */
const A4 = 9;
/** Excel's limit on a header or footer, all of its sections together. */
const FOOTER_MAX = 255;

/**
 * Landscape A4, fitted to one page wide (fitToHeight 0: as many pages tall as needed), the header row repeated on
 * every page (printTitlesRow becomes the sheet's _xlnm.Print_Titles name), and the footer's text ("&" doubled: in a
 * footer it starts a code), the page number in the middle.
 */
function printOptions(print: PrintSpec, headerRow: number | null): Pick<ExcelJS.AddWorksheetOptions, 'pageSetup' | 'headerFooter'> {
  const section = (text: string | undefined, room: number) => {
    let raw = text ?? '';
    while (raw.replace(/&/g, '&&').length > room) raw = raw.slice(0, -1);
    return raw.replace(/&/g, '&&');
  };
  const centre = '&CTrang &P/&N';
  const right = section(print.footer?.right, 60);
  const room = FOOTER_MAX - centre.length - right.length - 4;
  return {
    pageSetup: {
      orientation: 'landscape',
      paperSize: A4,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(headerRow !== null ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
    },
    headerFooter: { oddFooter: `&L${section(print.footer?.left, room)}${centre}&R${right}` },
  };
}

/** The row number of the header (the last row above the data). */
export const headerRowOf = (spec: Pick<SheetSpec<unknown>, 'title' | 'header'>): number => (spec.title?.length ?? 0) + (spec.header === 'none' ? 0 : 1);

/** Widths and hidden columns. */
export function columnDefinitions(columns: ColumnSpec[]): Partial<ExcelJS.Column>[] {
  return columns.map((c) => ({
    ...(c.width !== undefined ? { width: c.width } : {}),
    ...(c.hidden ? { hidden: true } : {}),
    ...(c.wholeColumn && c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
}

/** Adds the title rows and the header row; `commit` is the streaming writer's (each row written at once). */
export function addTitleAndHeader(ws: ExcelJS.Worksheet, spec: SheetSpec<unknown>, commit: boolean): void {
  for (const line of spec.title ?? []) {
    const row = ws.addRow([safeText(line)]);
    row.getCell(1).font = TITLE_FONT;
    if (commit) row.commit();
  }
  if (spec.header === 'none') return;
  const header = ws.addRow(spec.columns.map((c) => safeText(c.header)));
  styleHeader(header, spec.header ?? {});
  if (commit) header.commit();
}

function styleHeader(row: ExcelJS.Row, style: HeaderStyle): void {
  row.eachCell((cell) => {
    if (style.font) cell.font = style.font;
    if (style.fill) cell.fill = style.fill;
    if (style.border) cell.border = style.border;
    if (style.alignment) cell.alignment = style.alignment;
  });
  if (style.height) row.height = style.height;
}

/**
 * One style object per column, given to every plain cell of it: exceljs's style registry recognises an object it
 * has seen (a WeakMap), so a shared object costs a lookup where a fresh one per cell costs a full style hashing
 * (2.5 times slower on a 10,000 × 400 sheet). Never changed once made.
 */
export function columnStyles(columns: ColumnSpec[]): Partial<ExcelJS.Style>[] {
  const plain = {};
  return columns.map((c) => {
    if (!c.numFmt && !c.style && !c.input) return plain;
    return styleOf(c.style, c.numFmt, c.input);
  });
}

function styleOf(base: Partial<ExcelJS.Style> | undefined, numFmt: string | undefined, input: boolean | undefined): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = { ...base };
  if (numFmt) style.numFmt = numFmt;
  if (input) {
    style.protection = { locked: false };
    style.fill = INPUT_FILL;
  } else if (input === false) {
    delete style.protection;
    delete style.fill;
  }
  return style;
}

/** A cell's own style (cell()): its column's, with what the cell says over it; a fresh object each time. */
export function cellStyle(column: ColumnSpec | undefined, given: CellSpec): Partial<ExcelJS.Style> {
  const { numFmt, input, font, fill, alignment } = given.options;
  const style = styleOf(column?.style, numFmt ?? column?.numFmt, input ?? column?.input);
  if (font) style.font = font;
  if (fill) style.fill = fill;
  if (alignment) style.alignment = alignment;
  return style;
}

/** Writes a row's cells into a row: values by their column's kind, the column's style, a cell's own options. */
export function fillRow(row: ExcelJS.Row, cells: RowCells, columns: ColumnSpec[], styles: Partial<ExcelJS.Style>[]): void {
  const count = Math.max(columns.length, cells.length);
  for (let i = 0; i < count; i++) {
    const given = cells[i];
    const column = columns[i] as ColumnSpec | undefined;
    const target = row.getCell(i + 1);
    if (given instanceof CellSpec) {
      target.style = cellStyle(column, given);
      const value = cellValue(column?.kind, given.value);
      if (value !== null && value !== undefined) target.value = value;
      const check = given.options.validation ?? column?.validation;
      if (check) target.dataValidation = check;
      continue;
    }
    if (column) target.style = styles[i];
    const value = cellValue(column?.kind, given ?? null);
    if (value !== null && value !== undefined) target.value = value;
    if (column?.validation) target.dataValidation = column.validation;
  }
}

/** A green-yellow-red colour scale on the data cells of these columns (1-based), rows first..last. */
export function addColourScale(ws: ExcelJS.Worksheet, columns: number[], first: number, last: number): void {
  if (last < first) return;
  columns.forEach((column, i) => {
    const letter = columnLetters(column);
    ws.addConditionalFormatting({
      ref: `${letter}${first}:${letter}${last}`,
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

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique without regard to case. */
export function uniqueSheetName(wanted: string, taken: Set<string>): string {
  const base = safeText(wanted).replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The rows of a key/value sheet: the title, then label and value, styled as the export workbooks' "Thông tin". */
export function addKeyValueRows(ws: ExcelJS.Worksheet, spec: KeyValueSpec, commit: boolean): void {
  if (spec.widths) ws.columns = spec.widths.map((width) => ({ width }));
  if (spec.title !== undefined) {
    const titleRow = ws.addRow([safeText(spec.title)]);
    titleRow.getCell(1).font = TITLE_FONT;
    if (commit) titleRow.commit();
  }
  for (const [label, value] of spec.entries) {
    const row = ws.addRow([safeText(label), cellValue('value', value)]);
    if (spec.styled) {
      row.getCell(1).font = { bold: true };
      if (value instanceof Date) row.getCell(2).numFmt = DATE_TIME_FORMAT;
      row.getCell(2).alignment = { horizontal: 'left', wrapText: true };
    }
    if (commit) row.commit();
  }
}
