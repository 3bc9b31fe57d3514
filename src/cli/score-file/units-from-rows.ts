import type { EngineInputError, Framework, FrameworkNode, RawValue, UnitInput } from '../../engine';
import { type CellValue, hasDecimalComma, isCellProblem, isEmptyCell } from '../../workbooks/cells';
import { clip } from '../../workbooks/cells';
import { csvNumberHint, type CsvDialect, dialectNumber } from '../../workbooks/csv-dialect';
import { CLI_WORDS_EN } from '../output/cli-words.en';
import type { CliWords } from '../output/cli-words.vi';
import type { DataTable } from './read-data-file';

/**
 * The rows of a data file as the engine's UnitInput[], or every problem of the file at once, each with the row
 * (as in the file: the header is row 1) and the column it is in.
 *
 * Columns (DESIGN.md, "In data files"): `code` (required), `name`, `ranked` (true/false, default true), the
 * declared group columns, one column per leaf code (for a `numbers` leaf one per name, `<leaf>.<name>`; for a
 * `manual` leaf its points), and one per denominator the leaves name. Any other column is an error.
 */

export interface DataProblem {
  row: number;
  column?: string;
  message: string;
}

export interface UnitRows {
  units: UnitInput[];
  /** Unit code → its name in the file ('' when there is no name column). */
  names: Map<string, string>;
  /** Notes that do not stop scoring (a leaf without a column: missing for every unit). */
  notes: string[];
  /** Unit code → the leaves whose cells are empty in its row (missing values), in the framework's order. */
  emptyCells: Map<string, string[]>;
}

export type UnitsFromRows = ({ ok: true } & UnitRows) | { ok: false; problems: DataProblem[] };

/** The words of the problems and notes, in the command's language (English unless given). */
export type DataWords = CliWords['data'];

export interface ColumnOptions {
  words?: DataWords;
  /** Columns declared as group columns (--groups). */
  groups?: string[];
  /** The column to rank within (--rank-within); it is a group column too. */
  rankWithin?: string;
}

export const RESERVED_COLUMNS = { code: 'code', name: 'name', ranked: 'ranked' } as const;

type LeafKind =
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number; integer: boolean }
  | { kind: 'choice'; options: string[] }
  | { kind: 'numbers'; names: string[] }
  | { kind: 'manual'; max: number }
  | { kind: 'text' };

type Column =
  | { role: 'code' | 'name' | 'ranked' | 'ignored' }
  | { role: 'group'; group: string }
  | { role: 'leaf'; leaf: string; spec: LeafKind }
  | { role: 'part'; leaf: string; part: string }
  | { role: 'denominator'; denominator: string };

// DESIGN.md: "a boolean is true/false (1/0 and có/không accepted)". Nothing else, whatever the engine would take.
const TRUE_WORDS = new Set(['true', '1', 'có']);
const FALSE_WORDS = new Set(['false', '0', 'không']);

export function leavesOf(framework: Framework): FrameworkNode[] {
  const out: FrameworkNode[] = [];
  const visit = (node: FrameworkNode): void => {
    if (node.children && node.children.length > 0) node.children.forEach(visit);
    else out.push(node);
  };
  framework.nodes.forEach(visit);
  return out;
}

/** What a leaf's cell must hold, from its input type, or from its rule when it declares no input. */
export function leafKind(leaf: FrameworkNode): LeafKind {
  const scoring = leaf.scoring;
  if (scoring?.rule === 'manual') return { kind: 'manual', max: leaf.maxPoints ?? 0 };
  const input = leaf.input;
  const options = scoring?.rule === 'choice' ? scoring.options.map((o) => String(o.value)) : [];
  switch (input?.type) {
    case 'boolean':
      return { kind: 'boolean' };
    case 'choice':
      return { kind: 'choice', options };
    case 'numbers':
      return { kind: 'numbers', names: input.names ?? [] };
    case 'text':
      return { kind: 'text' };
    case 'percent':
      return { kind: 'number', integer: false, min: Math.max(0, input.min ?? 0), max: Math.min(100, input.max ?? 100) };
    case 'number':
    case 'integer':
      return { kind: 'number', integer: input.type === 'integer', min: input.min, max: input.max };
    default:
      if (scoring?.rule === 'boolean') return { kind: 'boolean' };
      if (scoring?.rule === 'choice') return { kind: 'choice', options };
      return { kind: 'number', integer: false };
  }
}

/** The group columns the framework itself names (imputation by group, ranking within a group). */
export function frameworkGroupColumns(framework: Framework): string[] {
  const named = [framework.pipeline?.impute?.group, framework.result.rankWithin];
  return [...new Set(named.filter((g): g is string => typeof g === 'string' && g !== ''))];
}

function columnPlan(framework: Framework, options: ColumnOptions): Map<string, Column> {
  const plan = new Map<string, Column>();
  for (const group of [...(options.groups ?? []), options.rankWithin ?? '', ...frameworkGroupColumns(framework)]) {
    if (group !== '') plan.set(group, { role: 'group', group });
  }
  for (const leaf of leavesOf(framework)) {
    const spec = leafKind(leaf);
    if (spec.kind === 'numbers') {
      for (const part of spec.names) plan.set(`${leaf.code}.${part}`, { role: 'part', leaf: leaf.code, part });
    } else {
      plan.set(leaf.code, { role: 'leaf', leaf: leaf.code, spec });
    }
    if (leaf.denominator) plan.set(leaf.denominator, { role: 'denominator', denominator: leaf.denominator });
  }
  plan.set(RESERVED_COLUMNS.code, { role: 'code' });
  plan.set(RESERVED_COLUMNS.name, { role: 'name' });
  plan.set(RESERVED_COLUMNS.ranked, { role: 'ranked' });
  return plan;
}

function unknownColumnMessage(column: string, framework: Framework, plan: Map<string, Column>, words: DataWords): string {
  const lower = column.toLowerCase();
  const near = [...plan.keys()].find((known) => known.toLowerCase() === lower);
  const numbers = leavesOf(framework).find((leaf) => leaf.code === column && leafKind(leaf).kind === 'numbers');
  const parts = numbers ? (numbers.input?.names ?? []).map((n) => `${column}.${n}`) : undefined;
  return words.unknownColumn(column, `${framework.code} ${framework.version}`, { near, parts });
}

const describe = (value: CellValue): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function notANumber(value: CellValue, dialect: CsvDialect | undefined, words: DataWords): string {
  // csvNumberHint says whether "1.234" is ambiguous in this dialect; its reason is said in the command's words.
  const [whole, part] = typeof value === 'string' ? value.trim().split('.') : [];
  const ambiguous = csvNumberHint(value, dialect) !== '' ? words.ambiguous(String(value).trim(), whole, part) : '';
  const hint = ambiguous || (typeof value === 'string' && hasDecimalComma(value) ? words.useDot : '');
  return `${words.notANumber(describe(value))}${hint}`;
}

/** How a header with no known column was read, and how to save the file instead. */
function headerReadAs(columns: readonly string[], dialect: CsvDialect, words: DataWords): string {
  const separator = dialect.separator === '\t' ? 'tab' : `'${dialect.separator}'`;
  return words.headerReadAs(columns.length, separator, clip(columns.map((c) => JSON.stringify(c)).join(', '), 120));
}

function cellBoolean(value: CellValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return undefined;
}

const cellText = (value: CellValue): string => (value === null || isCellProblem(value) ? '' : String(value).trim());

/** One leaf cell to the value the engine is given, or why it is refused. */
function leafValue(value: CellValue, spec: LeafKind, dialect: CsvDialect | undefined, words: DataWords): { value: RawValue } | { problem: string } {
  switch (spec.kind) {
    case 'text':
      return { value: cellText(value) };
    case 'boolean': {
      const b = cellBoolean(value);
      return b === undefined ? { problem: words.notYesNo(describe(value)) } : { value: b };
    }
    case 'choice': {
      const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : undefined;
      if (text === undefined || !spec.options.includes(text)) {
        return { problem: words.notAnOption(describe(value), spec.options) };
      }
      return { value: text };
    }
    case 'manual': {
      const n = dialectNumber(value, dialect);
      if (n === undefined) return { problem: notANumber(value, dialect, words) };
      if (n < 0 || n > spec.max) return { problem: words.pointsOutside(String(n), String(spec.max)) };
      return { value: n };
    }
    case 'number': {
      const n = dialectNumber(value, dialect);
      if (n === undefined) return { problem: notANumber(value, dialect, words) };
      if (spec.integer && !Number.isInteger(n)) return { problem: words.notWhole(String(n)) };
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        return { problem: words.outside(String(n), String(spec.min ?? '-∞'), String(spec.max ?? '∞')) };
      }
      return { value: n };
    }
    case 'numbers':
      // Parts are read one by one (role 'part'); a leaf column of a numbers leaf never gets here.
      return { problem: words.onePerInput };
  }
}

/** The rows of a data file as UnitInput[], or all of its problems, sorted by row and then by column order. */
export function unitsFromRows(table: DataTable, framework: Framework, options: ColumnOptions = {}): UnitsFromRows {
  const plan = columnPlan(framework, options);
  const words = options.words ?? CLI_WORDS_EN.data;
  const problems: DataProblem[] = [];
  const columns: Array<Column & { index: number; name: string }> = [];
  const seen = new Map<string, number>();

  table.columns.forEach((name, index) => {
    if (name === '') {
      const used = table.rows.find((r) => !isEmptyCell(r.cells[index]));
      if (used) problems.push({ row: used.row, column: `#${index + 1}`, message: words.unnamedColumn(index + 1) });
      return;
    }
    if (seen.has(name)) {
      problems.push({ row: 1, column: name, message: words.columnTwice(name, seen.get(name)! + 1, index + 1) });
      return;
    }
    seen.set(name, index);
    const role = plan.get(name);
    if (!role) problems.push({ row: 1, column: name, message: unknownColumnMessage(name, framework, plan, words) });
    else columns.push({ ...role, index, name });
  });
  if (columns.length === 0 && seen.size > 0) {
    // Not one known column: the file is not a data file, or its separator is not ',', ';' or tab. One message that
    // shows the header as read says more than a refusal of each name.
    const readAs = table.dialect ? headerReadAs(table.columns, table.dialect, words) : words.headerNeeded;
    return { ok: false, problems: [{ row: 1, message: words.noKnownColumn(`${framework.code} ${framework.version}`, readAs) }] };
  }
  if (!seen.has(RESERVED_COLUMNS.code)) {
    problems.push({ row: 1, column: RESERVED_COLUMNS.code, message: words.noCodeColumn });
  }
  for (const declared of [...(options.groups ?? []), ...(options.rankWithin ? [options.rankWithin] : [])]) {
    if (!seen.has(declared) && plan.get(declared)?.role === 'group') problems.push({ row: 1, column: declared, message: words.groupNotInFile(declared) });
  }
  const declaredGroups = [...(options.groups ?? []), ...(options.rankWithin ? [options.rankWithin] : [])];
  for (const g of declaredGroups.filter((g) => plan.get(g)?.role !== 'group')) {
    problems.push({ row: 1, column: g, message: words.notAGroup(g) });
  }
  for (const leaf of leavesOf(framework)) {
    const spec = leafKind(leaf);
    if (spec.kind !== 'numbers') continue;
    const wanted = spec.names.map((n) => `${leaf.code}.${n}`);
    const present = wanted.filter((w) => seen.has(w));
    for (const absent of present.length > 0 ? wanted.filter((w) => !seen.has(w)) : []) {
      problems.push({ row: 1, column: absent, message: words.partMissing(absent, leaf.code, wanted) });
    }
  }
  // The rows are checked even when the header has problems, so that one run lists every mistake of the file.
  const units: UnitInput[] = [];
  const names = new Map<string, string>();
  const rowOfCode = new Map<string, number>();
  const emptyCells = new Map<string, string[]>();
  const leafOrder = leavesOf(framework).map((leaf) => leaf.code);
  for (const { row, cells } of table.rows) {
    const unit: UnitInput = { code: '', values: {} };
    const empty = new Set<string>();
    const parts = new Map<string, Array<{ part: string; column: string; value: number | null }>>();
    let name = '';
    for (const column of columns) {
      const cell = cells[column.index];
      const complain = (message: string): void => void problems.push({ row, column: column.name, message });
      if (isCellProblem(cell)) {
        complain(cell.problem);
        continue;
      }
      const isEmpty = isEmptyCell(cell);
      switch (column.role) {
        case 'code': {
          const code = cellText(cell);
          if (code === '') complain(words.codeMissing);
          else if (rowOfCode.has(code)) complain(words.codeTwice(code, rowOfCode.get(code)!));
          else rowOfCode.set(code, row);
          unit.code = code;
          break;
        }
        case 'name':
          name = cellText(cell);
          break;
        case 'ranked': {
          if (isEmpty) break;
          const b = cellBoolean(cell);
          if (b === undefined) complain(words.notYesNo(describe(cell)));
          else unit.ranked = b;
          break;
        }
        case 'group':
          (unit.groups ??= {})[column.group] = cellText(cell);
          break;
        case 'denominator': {
          if (isEmpty) break;
          const n = dialectNumber(cell, table.dialect);
          if (n === undefined) complain(notANumber(cell, table.dialect, words));
          else (unit.denominators ??= {})[column.denominator] = n;
          break;
        }
        case 'part': {
          const list = parts.get(column.leaf) ?? [];
          parts.set(column.leaf, list);
          if (isEmpty) list.push({ part: column.part, column: column.name, value: null });
          else {
            const n = dialectNumber(cell, table.dialect);
            if (n === undefined) complain(notANumber(cell, table.dialect, words));
            else list.push({ part: column.part, column: column.name, value: n });
          }
          break;
        }
        case 'leaf': {
          if (isEmpty && column.spec.kind !== 'text') empty.add(column.leaf);
          if (isEmpty) break;
          const parsed = leafValue(cell, column.spec, table.dialect, words);
          if ('problem' in parsed) complain(parsed.problem);
          else if (column.spec.kind === 'manual') (unit.manualPoints ??= {})[column.leaf] = parsed.value as number;
          else unit.values[column.leaf] = parsed.value;
          break;
        }
      }
    }
    for (const [leaf, list] of parts) {
      const given = list.filter((p) => p.value !== null);
      if (given.length === 0) empty.add(leaf);
      if (given.length === 0) continue;
      const missing = list.find((p) => p.value === null);
      if (missing) {
        problems.push({ row, column: missing.column, message: words.partsIncomplete(given.map((p) => p.column), leaf) });
      } else if (given.length === list.length) {
        unit.values[leaf] = Object.fromEntries(given.map((p) => [p.part, p.value as number]));
      }
    }
    names.set(unit.code, name);
    units.push(unit);
    if (empty.size > 0) emptyCells.set(unit.code, leafOrder.filter((code) => empty.has(code)));
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems, table) };
  return { ok: true, units, names, notes: missingColumnNotes(framework, seen, words), emptyCells };
}

function missingColumnNotes(framework: Framework, seen: Map<string, number>, words: DataWords): string[] {
  const notes: string[] = [];
  const absent = leavesOf(framework)
    .filter((leaf) => leafKind(leaf).kind !== 'text')
    .filter((leaf) => {
      const spec = leafKind(leaf);
      const names = spec.kind === 'numbers' ? spec.names.map((n) => `${leaf.code}.${n}`) : [leaf.code];
      return !names.some((n) => seen.has(n));
    })
    .map((leaf) => leaf.code);
  if (absent.length > 0) {
    const policy = framework.missing ?? 'zero';
    notes.push(words.noColumnFor(absent.length, absent, policy));
  }
  for (const group of frameworkGroupColumns(framework)) {
    if (!seen.has(group)) notes.push(words.noGroupColumn(group));
  }
  return notes;
}

/**
 * The engine's input issues as data problems: its unit is the row, its indicator the column (for a `numbers`
 * leaf, its first input's column). A data file that passed unitsFromRows should not get here; this is the net.
 */
export function problemsFromEngine(error: EngineInputError, table: DataTable, framework: Framework): DataProblem[] {
  const codeColumn = table.columns.indexOf(RESERVED_COLUMNS.code);
  const rowOf = new Map<string, number>();
  for (const r of table.rows) {
    const code = cellText(r.cells[codeColumn] ?? null);
    if (!rowOf.has(code)) rowOf.set(code, r.row);
  }
  const columnOf = (indicator: string | undefined): string => {
    if (!indicator) return RESERVED_COLUMNS.code;
    const leaf = leavesOf(framework).find((l) => l.code === indicator);
    const spec = leaf ? leafKind(leaf) : undefined;
    return spec?.kind === 'numbers' ? `${indicator}.${spec.names[0]}` : indicator;
  };
  const problems = error.issues.map((issue) => ({
    row: rowOf.get(issue.unit) ?? 1,
    column: columnOf(issue.indicator),
    message: issue.message,
  }));
  return sortProblems(problems, table);
}

function sortProblems(problems: DataProblem[], table: DataTable): DataProblem[] {
  const order = (column: string | undefined): number => {
    const i = column === undefined ? -1 : table.columns.indexOf(column);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...problems].sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
}

/** "row 2, column A.2: …" in the words given. */
export const problemFormat =
  (words: DataWords) =>
  (problem: DataProblem): string =>
    `${words.at(problem.row, problem.column)}: ${problem.message}`;

export const formatProblem = problemFormat(CLI_WORDS_EN.data);
