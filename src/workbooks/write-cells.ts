import type ExcelJS from 'exceljs';
import { safeText } from './safe-workbook';
import type { CellKind } from './sheet-spec';

/** How a value becomes a cell when the platform writes one. Nothing here ever builds a formula. */

/** User or framework text for a cell: always a string cell, never a formula (safeText). Null stays empty. */
export const text = (value: unknown): string | null => (value === null || value === undefined ? null : safeText(value));

/** A number or an empty cell (never NaN or Infinity, which a spreadsheet cannot hold). */
export const num = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** A value as a column of this kind writes it (sheet-spec.ts, CellKind). */
export function cellValue(kind: CellKind | undefined, value: ExcelJS.CellValue): ExcelJS.CellValue {
  switch (kind) {
    case 'text':
      return text(value);
    case 'number':
      return num(value as number | null | undefined);
    default:
      if (typeof value === 'string') return safeText(value);
      if (typeof value === 'number') return Number.isFinite(value) ? value : null;
      return value;
  }
}

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
