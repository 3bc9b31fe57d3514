import type ExcelJS from 'exceljs';

/** The looks every workbook the platform writes shares: number formats, header and input styles. */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Index and 0..1 values. */
export const VALUE_FORMAT = '0.0000';
export const POINTS_FORMAT = '0.00';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** A cell Excel keeps as text whatever is typed into it. */
export const TEXT_FORMAT = '@';

/** The title rows above a header. */
export const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 13 };

/** The header of the export workbooks: white on dark blue, wrapped, 30 points high. */
export const BANNER_HEADER: HeaderStyle = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } },
  alignment: { vertical: 'middle', wrapText: true },
  height: 30,
};

/** The light blue of the headers of the workbooks people fill in (template, review). */
export const LIGHT_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** The light yellow of the cells people fill in. */
export const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } },
};

/** How a header row looks: each header cell gets the font, fill, border and alignment; the row the height. */
export interface HeaderStyle {
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
  height?: number;
}

/** The one protection the platform gives a sheet people fill in: cells selectable, columns and rows resizable. */
export const FILL_IN_PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
};

/** The workbook's window, its second sheet (the one to fill in) open. */
export const SECOND_SHEET_ACTIVE: ExcelJS.WorkbookView = { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' };
