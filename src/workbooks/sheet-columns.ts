import type ExcelJS from 'exceljs';
import { cellText } from './cells';
import { columnLetters } from './safe-workbook';

/**
 * A sheet read by column position, as laid out by its feature (a list of columns with a key and a header, in
 * order): the column numbers and letters by key, and the header row checked before any row is read.
 */

export interface KeyedColumn {
  key: string;
  header: string;
}

type KeyOf<C extends readonly KeyedColumn[]> = C[number]['key'];

/** 1-based column numbers by key. */
export function columnNumbers<C extends readonly KeyedColumn[]>(columns: C): Record<KeyOf<C>, number> {
  return Object.fromEntries(columns.map((c, i) => [c.key, i + 1])) as Record<KeyOf<C>, number>;
}

/** Column letters (A, B, ...) by key. */
export function columnLettersByKey<C extends readonly KeyedColumn[]>(columns: C): Record<KeyOf<C>, string> {
  return Object.fromEntries(columns.map((c, i) => [c.key, columnLetters(i + 1)])) as Record<KeyOf<C>, string>;
}

/** A header cell of row 1 that is not the expected header. */
export interface HeaderMismatch {
  /** The column's letter. */
  column: string;
  expected: string;
  /** What the cell holds, trimmed and NFC. */
  found: string;
}

/** The cells of row 1 that differ from the columns' headers, in column order: the columns are read by position. */
export function headerMismatches(sheet: ExcelJS.Worksheet, columns: readonly KeyedColumn[]): HeaderMismatch[] {
  const header = sheet.getRow(1);
  return columns.flatMap((column, i) => {
    const found = cellText(header.getCell(i + 1)).trim().normalize('NFC');
    return found === column.header ? [] : [{ column: columnLetters(i + 1), expected: column.header, found }];
  });
}
