import type ExcelJS from 'exceljs';
import { cellText } from './cells';
import { columnLetters, safeText } from './safe-workbook';

/**
 * Choice lists: the dropdowns of a workbook handed out to be filled in (yes/no, a choice indicator's options, a
 * review decision). The builder writes each distinct list once, as a column of a hidden sheet, and points the
 * cells' list validation at its range; the parser takes a typed or chosen text back to its value. Excel does not
 * enforce a dropdown on pasted values, so the parser checks every cell whatever the validation says.
 */

/** The hidden sheet that holds the lists. */
export const CHOICE_LIST_SHEET = 'Danh sách';

export const YES = 'Có';
export const NO = 'Không';

// What a yes/no cell may hold besides a boolean: Có/Không with or without accents, true/false, 1/0.
const TRUE_WORDS = new Set(['có', 'co', 'true', '1']);
const FALSE_WORDS = new Set(['không', 'khong', 'false', '0']);

/** A yes/no cell's value: a boolean cell, or Có/Không (with or without accents), true/false, 1/0; else undefined. */
export function cellYesNo(cell: { value: ExcelJS.CellValue }): boolean | undefined {
  if (typeof cell.value === 'boolean') return cell.value;
  const word = cellText(cell).trim().toLocaleLowerCase('vi');
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** An option as a framework declares it: the stored value and, optionally, its Vietnamese label. */
export interface ChoiceOption {
  value: string;
  label?: { vi?: string };
}

/** A framework leaf as a choice list sees it: only a `choice` rule has options. */
export interface ChoiceLeaf {
  scoring?: { rule: string; options?: readonly ChoiceOption[] };
}

export interface ChoiceEntry {
  value: string;
  /** What the cell shows and the dropdown offers: the Vietnamese label, or the value where labels are missing or repeat. */
  shown: string;
}

const fold = (s: string): string => s.normalize('NFC').toLocaleLowerCase('vi');

/** The options of a choice leaf as a workbook shows them (none for another rule). */
export function choiceEntries(leaf: ChoiceLeaf): ChoiceEntry[] {
  const options = leaf.scoring?.rule === 'choice' ? (leaf.scoring.options ?? []) : [];
  const labels = options.map((o) => o.label?.vi?.trim().normalize('NFC'));
  const lower = (s: string): string => s.toLocaleLowerCase('vi');
  const values = new Set(options.map((o) => lower(o.value)));
  // Labels are used only if every option has one, they are distinct, and none is another option's value.
  const usable =
    labels.every((l): l is string => !!l) &&
    new Set(labels.map(lower)).size === labels.length &&
    labels.every((l, i) => lower(l) === lower(options[i].value) || !values.has(lower(l)));
  return options.map((o, i) => ({ value: o.value, shown: usable ? (labels[i] as string) : o.value }));
}

/** The entry a cell's text names: by what the list shows first, then by the value itself; case and accents as typed. */
export function choiceOf(entries: readonly ChoiceEntry[], text: string): ChoiceEntry | undefined {
  const typed = fold(text);
  return entries.find((e) => fold(e.shown) === typed) ?? entries.find((e) => fold(e.value) === typed);
}

/** A range of a list sheet as a list validation's formula: 'Danh sách'!$C$1:$C$4. */
export const listRange = (sheetName: string, column: number, length: number): string => {
  const letter = columnLetters(column);
  return `'${sheetName}'!$${letter}$1:$${letter}$${length}`;
};

/**
 * The distinct lists of one workbook, each given the next column of the list sheet on first use: the same items
 * give the same range. Collect the ranges while laying out the rows, then write the list sheet (hidden-sheets.ts).
 */
export class ChoiceLists {
  private readonly lists = new Map<string, { items: readonly string[]; range: string }>();

  constructor(readonly sheetName = CHOICE_LIST_SHEET) {}

  rangeOf(items: readonly string[]): string {
    const id = JSON.stringify(items);
    let list = this.lists.get(id);
    if (!list) {
      list = { items, range: listRange(this.sheetName, this.lists.size + 1, items.length) };
      this.lists.set(id, list);
    }
    return list.range;
  }

  /** The lists as columns of a sheet (A, B, ...), every item through safeText. */
  columns(): string[][] {
    return [...this.lists.values()].map((list) => list.items.map((item) => safeText(item)));
  }
}

/** A list validation of a cell (blank allowed, anything else refused by Excel) pointing at a list's range. */
export const listValidation = (range: string): ExcelJS.DataValidation => ({ type: 'list', allowBlank: true, showErrorMessage: true, formulae: [range] });
