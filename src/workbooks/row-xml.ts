import ExcelJS from 'exceljs';
import { columnLetters } from './safe-workbook';
import { CellSpec, type ColumnSpec, type RowCells } from './sheet-spec';
import { cellStyle } from './sheet-parts';
import { cellValue } from './write-cells';

/**
 * A streamed sheet's data row written as exceljs's WorksheetWriter writes it, byte for byte, without its Row, Cell,
 * model and XmlStream objects: those were most of a commune-scale ranking workbook's time (exceljs' row path 40 %
 * of the export's CPU, and much of its garbage). Only numbers, text and empty cells are written here, each with its
 * column's style or a cell's own (cell()); a row holding anything else (a date, a validation) returns null and goes
 * through exceljs (OpenSheet.add).
 */

// exceljs' own escaping, so that text is written exactly as exceljs writes it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { xmlEncode } = require('exceljs/lib/utils/utils') as { xmlEncode(text: string): string };

/** What of exceljs' WorksheetWriter and its styles this writer reads and moves on (exceljs 4.4). */
interface SheetInternals {
  _rows: unknown[] | null;
  _rowZero: number;
  startedData: boolean;
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  stream: { write(xml: string): void };
  _workbook: { styles: { addStyleModel(style: object, cellType?: ExcelJS.ValueType): number } };
}

export class RowXmlWriter {
  private readonly sheet: SheetInternals;
  /** Column letters, A, B, …, AA. */
  private readonly letters: string[] = [];
  /** The style id of each column's shared style object (columnStyles), once exceljs' registry has given it. */
  private readonly styleIds: (number | undefined)[] = [];
  /** The style exceljs gives each row it writes (a fresh `{}` per row: the same id every time), as ` s="…"`. */
  private readonly rowStyle: string;

  constructor(
    ws: ExcelJS.Worksheet,
    private readonly columns: ColumnSpec[],
    private readonly styles: Partial<ExcelJS.Style>[],
  ) {
    this.sheet = ws as unknown as SheetInternals;
    const rowStyleId = this.sheet._workbook.styles.addStyleModel({});
    this.rowStyle = rowStyleId ? ` s="${rowStyleId}" customFormat="1"` : '';
  }

  /**
   * Writes the row as the next row of the sheet and returns true; false (nothing written) when a cell is not a
   * number, text or empty, a column or cell has a validation, or rows are still uncommitted in exceljs.
   */
  write(cells: RowCells): boolean {
    const sheet = this.sheet;
    if (!sheet._rows || sheet._rows.length !== 0) return false;
    const number = sheet._rowZero;
    const count = Math.max(this.columns.length, cells.length);
    let xml = '';
    let hasValues = false;
    for (let i = 0; i < count; i++) {
      const given = cells[i];
      const column = this.columns[i] as ColumnSpec | undefined;
      if (column?.validation) return false;
      let value: ExcelJS.CellValue;
      let style: Partial<ExcelJS.Style> | undefined;
      if (given instanceof CellSpec) {
        if (given.options.validation) return false;
        style = cellStyle(column, given);
        value = cellValue(column?.kind, given.value);
      } else {
        value = cellValue(column?.kind, given ?? null);
      }
      let type: ExcelJS.ValueType;
      if (value === null || value === undefined) type = ExcelJS.ValueType.Null;
      else if (typeof value === 'number') type = ExcelJS.ValueType.Number;
      else if (typeof value === 'string') type = ExcelJS.ValueType.String;
      else return false;
      // A cell beyond the columns has exceljs' fresh style of its own.
      const styleId = column && !style ? this.columnStyleId(i, type) : this.sheet._workbook.styles.addStyleModel(style ?? {}, type);
      if (type === ExcelJS.ValueType.Null) {
        if (styleId) xml += `<c r="${this.letter(i)}${number}" s="${styleId}"/>`;
        continue;
      }
      hasValues = true;
      xml += `<c r="${this.letter(i)}${number}"${styleId ? ` s="${styleId}"` : ''}`;
      xml += type === ExcelJS.ValueType.Number ? `><v>${String(value)}</v></c>` : ` t="str"><v>${xmlEncode(value as string)}</v></c>`;
    }
    sheet._rowZero = number + 1;
    // exceljs writes a row only when a cell of it has a value; its number is taken all the same.
    if (!hasValues) return true;
    if (!sheet.startedData) {
      sheet._writeColumns();
      sheet._writeOpenSheetData();
      sheet.startedData = true;
    }
    const spans = count > 0 ? ` spans="1:${count}"` : '';
    sheet.stream.write(`<row r="${number}"${spans}${this.rowStyle} x14ac:dyDescent="0.25">${xml}</row>`);
    return true;
  }

  /** A column's style id; exceljs' registry keeps the id of a style object it has seen, whatever the cell's type. */
  private columnStyleId(i: number, type: ExcelJS.ValueType): number {
    let id = this.styleIds[i];
    if (id === undefined) this.styleIds[i] = id = this.sheet._workbook.styles.addStyleModel(this.styles[i], type);
    return id;
  }

  private letter(i: number): string {
    return (this.letters[i] ??= columnLetters(i + 1));
  }
}
