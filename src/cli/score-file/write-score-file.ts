import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { roundTo, type Framework, type FrameworkNode, type ScoreResult, type UnitResult } from '../../engine';
import type { SheetSpec } from '../../workbooks/sheet-spec';
import { TEXT_FORMAT } from '../../workbooks/workbook-styles';
import { writeWorkbook } from '../../workbooks/write-workbook';
import { CLI_WORDS_VI } from '../output/cli-words.vi';
import { emptyCellsNote, type NoteWords } from './missing-notes';

/**
 * A score result as a table: one row per unit, sorted by rank then code (unranked units last), with the index,
 * every group (non-leaf node) value and every pillar value on the index's scale, rounded to the framework's
 * precision (what the ranks compare); written as CSV, XLSX or a text table.
 */

export type ColumnKind = 'rank' | 'text' | 'value';

export interface ScoreTableColumn {
  header: string;
  kind: ColumnKind;
  /** What the column holds, for a machine: rank, group, groupRank, code, name, index, node:<code>, pillar:<code>, note. */
  key?: string;
}

export type ScoreCell = string | number | null;

export interface ScoreTable {
  columns: ScoreTableColumn[];
  rows: ScoreCell[][];
  /** Decimals of the value columns: the framework's result.precision. */
  precision: number;
}

export const HEADERS = { rank: 'Hạng', code: 'Mã', name: 'Tên', index: 'Chỉ số', groupRank: 'Hạng trong nhóm', note: 'Ghi chú' } as const;

export type OutputFormat = 'csv' | 'xlsx';

export function outputFormatOf(path: string): OutputFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : undefined;
}

/** The non-leaf nodes in the framework's order (a group before its children). */
export function groupCodes(framework: Framework): string[] {
  const out: string[] = [];
  const visit = (node: FrameworkNode): void => {
    if (!node.children || node.children.length === 0) return;
    out.push(node.code);
    node.children.forEach(visit);
  };
  framework.nodes.forEach(visit);
  return out;
}

/** By rank, ties and unranked units by code; units without a rank come last. */
export function byRankThenCode(a: UnitResult, b: UnitResult): number {
  if (a.rank !== b.rank) {
    if (a.rank === null) return 1;
    if (b.rank === null) return -1;
    return a.rank - b.rank;
  }
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

function statusNote(unit: UnitResult, words: NoteWords): string {
  if (unit.status === 'screened_out') return words.screenedOut(unit.notes.find((n) => n.kind === 'screened_out')?.message);
  if (unit.status === 'no_index') return words.noIndex;
  if (!unit.ranked) return words.notRanked;
  return '';
}

/** The unit's status, then its empty cells and what the missing-value policy did with them. */
function noteOf(unit: UnitResult, framework: Framework, emptyLeaves: readonly string[], words: NoteWords): string {
  return [statusNote(unit, words), emptyCellsNote(unit, framework, emptyLeaves, words)].filter((note) => note !== '').join('; ');
}

export interface ScoreTableOptions {
  /** The column of the group ranks (--rank-within or the framework's result.rankWithin). */
  rankWithin?: string;
  /** Unit code → its leaves whose cells were empty in the data file. */
  emptyCells?: ReadonlyMap<string, readonly string[]>;
  /** The notes' words: Vietnamese unless given (the files' columns are Vietnamese). */
  notes?: NoteWords;
}

export function scoreTable(result: ScoreResult, framework: Framework, names: ReadonlyMap<string, string>, options: ScoreTableOptions = {}): ScoreTable {
  const { rankWithin, emptyCells, notes = CLI_WORDS_VI.notes } = options;
  const { scale, precision } = framework.result;
  const groups = groupCodes(framework);
  const pillars = (framework.pillars ?? []).map((p) => p.code);
  const onScale = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : roundTo(v * scale, precision));

  const columns: ScoreTableColumn[] = [{ header: HEADERS.rank, kind: 'rank', key: 'rank' }];
  if (rankWithin) columns.push({ header: rankWithin, kind: 'text', key: 'group' }, { header: HEADERS.groupRank, kind: 'rank', key: 'groupRank' });
  columns.push({ header: HEADERS.code, kind: 'text', key: 'code' }, { header: HEADERS.name, kind: 'text', key: 'name' }, { header: HEADERS.index, kind: 'value', key: 'index' });
  for (const code of groups) columns.push({ header: code, kind: 'value', key: `node:${code}` });
  for (const code of pillars) columns.push({ header: code, kind: 'value', key: `pillar:${code}` });
  columns.push({ header: HEADERS.note, kind: 'text', key: 'note' });

  const rows = [...result.units].sort(byRankThenCode).map((unit) => {
    const row: ScoreCell[] = [unit.rank];
    if (rankWithin) row.push(unit.group ?? '', unit.groupRank ?? null);
    row.push(unit.code, names.get(unit.code) ?? '', unit.indexRounded);
    for (const code of groups) row.push(onScale(unit.nodes[code]?.value));
    for (const code of pillars) row.push(onScale(unit.pillars[code]?.value));
    row.push(noteOf(unit, framework, emptyCells?.get(unit.code) ?? [], notes));
    return row;
  });
  return { columns, rows, precision };
}

/** Text that a spreadsheet would take for a formula gets a leading apostrophe in CSV (OWASP "CSV injection"). */
export function csvSafeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function scoreCsv(table: ScoreTable): string {
  const cell = (value: ScoreCell, kind: ColumnKind): string => {
    if (value === null) return '';
    if (typeof value === 'number') return kind === 'value' ? value.toFixed(table.precision) : String(value);
    return csvSafeText(value);
  };
  const records = [table.columns.map((c) => csvSafeText(c.header)), ...table.rows.map((row) => row.map((v, i) => cell(v, table.columns[i].kind)))];
  // The BOM makes Excel read the Vietnamese headers and names as UTF-8.
  return stringify(records, { bom: true });
}

/** "Kết quả": the table, ranks as whole numbers, values to the framework's precision, text always as text. */
export function scoreSheet(table: ScoreTable): SheetSpec<ScoreCell[]> {
  const valueFormat = table.precision > 0 ? `0.${'0'.repeat(table.precision)}` : '0';
  return {
    name: 'Kết quả',
    header: { font: { bold: true } },
    frozen: {},
    columns: table.columns.map((c) => ({
      header: c.header,
      width: c.kind === 'text' ? 24 : 12,
      // A string is always written as a string cell (never as a formula, whatever it starts with).
      kind: c.kind === 'text' ? 'text' : 'value',
      numFmt: c.kind === 'text' ? TEXT_FORMAT : c.kind === 'rank' ? '0' : valueFormat,
      wholeColumn: true,
    })),
    rows: table.rows,
  };
}

export function scoreWorkbook(table: ScoreTable): Promise<ExcelJS.Workbook> {
  return writeWorkbook({ sheets: [scoreSheet(table)] });
}

/** Aligned text for the terminal; `decimal` writes a value to the precision (a dot unless given, as in the files). */
export function scoreText(table: ScoreTable, decimal: (value: number, digits: number) => string = (v, d) => v.toFixed(d)): string {
  const text = (value: ScoreCell, kind: ColumnKind): string =>
    value === null ? '—' : typeof value === 'number' && kind === 'value' ? decimal(value, table.precision) : String(value);
  const grid = [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((v, i) => text(v, table.columns[i].kind)))];
  const widths = table.columns.map((_, i) => Math.max(...grid.map((r) => [...r[i]].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (table.columns[i].kind === 'text' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return grid.map(line).join('\n');
}

/** Written to a temporary file beside the target and renamed, so a failure never leaves half a file. */
export async function writeScoreFile(path: string, table: ScoreTable): Promise<void> {
  const format = outputFormatOf(path);
  if (!format) throw new Error(`${basename(path)}: the output must be .csv or .xlsx`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (format === 'csv') await writeFile(temporary, scoreCsv(table), 'utf8');
    else await (await scoreWorkbook(table)).xlsx.writeFile(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
