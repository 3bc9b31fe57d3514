import type { ChoiceLists } from './choice-lists';
import { META_SHEET, type MetaEntry } from './meta-sheet';
import type { KeyValueSpec, SheetSpec } from './sheet-spec';

/**
 * The very hidden sheets of a workbook handed out to be filled in, as sheet specs: its dropdown lists and its
 * `_meta`. Both are protected without a password, so that nobody edits them by chance.
 */

/** The lists collected while laying out the rows, one column each (A, B, ...), no header. */
export function choiceListSheet(lists: ChoiceLists): SheetSpec<number> {
  const columns = lists.columns();
  const length = Math.max(0, ...columns.map((items) => items.length));
  return {
    name: lists.sheetName,
    state: 'veryHidden',
    header: 'none',
    columns: columns.map(() => ({ kind: 'text', header: '' })),
    rows: Array.from({ length }, (_, i) => i),
    row: (i) => columns.map((items) => items[i] ?? null),
    protect: {},
  };
}

/** The `_meta` sheet: one key per row in A, its value in B (meta-sheet.ts reads it back). */
export function metaSheet(entries: readonly MetaEntry[], widths?: [number, number]): KeyValueSpec {
  return { name: META_SHEET, entries: [...entries], ...(widths ? { widths } : {}), state: 'veryHidden', protect: {} };
}
