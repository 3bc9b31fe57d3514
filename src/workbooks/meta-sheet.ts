import type ExcelJS from 'exceljs';
import { cellText } from './cells';
import type { SheetProblemPlace } from './sheet-problems';

/**
 * The hidden `_meta` sheet of a workbook the platform hands out to be filled in and uploaded again: one key per row
 * in column A, its value in column B (the format, the cycle, the unit or reviewer, the framework...). The builder
 * writes it, the parser reads it back to refuse a file made for another cycle, unit or person. Which keys a workbook
 * carries is the feature's layout; this file only knows the sheet. It is written as a sheet spec (hidden-sheets.ts).
 */

export const META_SHEET = '_meta';

/** A row of `_meta`: the key in A, its value in B. */
export type MetaEntry = [key: string, value: string | number];

/** The keys and values read back from a `_meta` sheet. */
export interface MetaValues {
  /** A key's value (trimmed text), undefined when the key is not in the sheet. */
  get(key: string): string | undefined;
  /** Where a problem with a key's value is reported: its value's cell (B<row>), or the sheet alone if the key is absent. */
  at(key: string): SheetProblemPlace;
}

/**
 * The `_meta` sheet's keys (the first row of a key given twice wins) and values from its first `maxRows` rows, or
 * undefined when the workbook has no such sheet.
 */
export function readMetaSheet(workbook: ExcelJS.Workbook, maxRows: number, name = META_SHEET): MetaValues | undefined {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) return undefined;
  const values = new Map<string, { text: string; row: number }>();
  for (let r = 1; r <= Math.min(sheet.rowCount, maxRows); r++) {
    const key = cellText(sheet.getCell(r, 1)).trim();
    if (key && !values.has(key)) values.set(key, { text: cellText(sheet.getCell(r, 2)).trim(), row: r });
  }
  return {
    get: (key) => values.get(key)?.text,
    at: (key) => {
      const row = values.get(key)?.row;
      return { sheet: name, ...(row ? { cell: `B${row}`, row, column: 'B' } : {}) };
    },
  };
}
