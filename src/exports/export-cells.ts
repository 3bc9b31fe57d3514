import type ExcelJS from 'exceljs';
import type { RawValue } from '../engine/types';
import { num } from '../workbooks/write-cells';
import { safeText } from '../workbooks/safe-workbook';
import { cell } from '../workbooks/sheet-spec';

/** The export workbooks' own cells: a raw answer, readable and exact, and a file name's slug. */

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

/** The number format of a value rounded to `precision` decimals: 4 → 0.0000. */
export const decimalsFormat = (precision: number): string => (precision > 0 ? `0.${'0'.repeat(precision)}` : '0');

/** What a cell of a node that is collected but not scored (maxPoints 0, as Đô thị thông minh in 922) says instead of a blank. */
export const NOT_SCORED = 'không tính điểm';

/** A node collected but not scored: it has no value, and its column says so in every row. */
export const isNotScored = (node: { maxPoints?: number } | undefined): boolean => node?.maxPoints === 0;

/** NOT_SCORED as a cell, in grey italics so that it reads as a note, not a value. */
export const notScoredCell = cell(NOT_SCORED, { font: { italic: true, color: { argb: 'FF595959' } } });
