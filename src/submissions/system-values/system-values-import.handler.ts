import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { InjectClock, type Clock } from '../../common/clock';
import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { CyclePhase } from '../../cycles/cycle-phase';
import type { CycleRow } from '../../cycles/cycle-row';
import { participantUnitsByCode } from '../../cycles/cycle-units.queries';
import { CyclesService } from '../../cycles/cycles.service';
import type { Framework, FrameworkNode } from '../../engine/framework.model';
import type { RawValue } from '../../engine/types';
import { leafIndex } from '../../frameworks/framework-tree';
import { FrameworksService } from '../../frameworks/frameworks.service';
import { unitsByCodesNewestFirst } from '../../units/units.queries';
import { csvNumberHint, type CsvDialect, describeCsvDialect, dialectNumber } from '../../workbooks/csv-dialect';
import { MAX_TEXT_ANSWER } from '../answer-value';
import type { ImportProblem, ImportReport } from '../import-job.entity';
import { ImportHandlerRegistry, type ImportRun } from '../imports/import-handler.registry';
import { SystemValue } from '../system-value.entity';
import { parseSystemValues, SYSTEM_VALUE_COLUMNS as COL, SystemValuesFileError, type SystemValueRow, type SystemValuesTable } from './parse-system-values';

/**
 * Imports the values of the system-measured indicators (`source: system`) of a cycle, for many units at once, from
 * an admin's CSV, XLSX or JSON file (parse-system-values.ts).
 *
 * Every row is checked against the cycle: the unit a participant (by its code), the indicator a leaf of the cycle's
 * framework measured by a national system, the value of the leaf's input type in the data-file spellings
 * (DESIGN.md: a boolean is true/false, 1/0 or có/không; a choice its option value; a number with a dot for
 * decimals, or a decimal comma in a ';'-separated CSV; a percent 0..100), each unit and indicator at most once. An
 * empty value is missing: its row is refused and said so, never stored as 0. The report has one entry per row, so that no
 * row is ever dropped silently. All or nothing: one refused row and nothing is applied; a dry run applies nothing.
 */

type RowOutcome = NonNullable<ImportReport['rows']>[number];

export interface Participant {
  unitId: string;
  code: string;
  name: string;
}

export interface StoredValue {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
}

export interface CheckContext {
  framework: Framework;
  /** The cycle's participants by unit code. */
  participants: Map<string, Participant[]>;
  /** Codes of units in the registry that are not participants: code → how to name them in a message. */
  otherUnits: Map<string, string>;
  stored: StoredValue[];
}

/** A row that passed: what it would write, and whether the same value is already stored. */
export interface CheckedValue {
  row: number;
  unitId: string;
  unitCode: string;
  indicatorCode: string;
  value: RawValue;
  unchanged: boolean;
}

export interface CheckedFile {
  values: CheckedValue[];
  rows: RowOutcome[];
  problems: ImportProblem[];
}

const MAX_NOTE = 4_000;
const TRUE_WORDS = new Set(['true', '1', 'có']);
const FALSE_WORDS = new Set(['false', '0', 'không']);
const IMPORTABLE_PHASES: readonly CyclePhase[] = [CyclePhase.Draft, CyclePhase.Open, CyclePhase.Review, CyclePhase.Scoring];

const isEmpty = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
const cellProblem = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && 'problem' in value && typeof (value as { problem: unknown }).problem === 'string'
    ? (value as { problem: string }).problem
    : undefined;
const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value));

/** JSON with object keys sorted: jsonb does not keep key order, and a stored value must compare equal to its file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The unit code of a cell: text as written, a whole number as digits (an XLSX cell typed as a number). */
function codeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  return undefined;
}

type Check = { ok: true; value: RawValue } | { ok: false; column: string; rule: string; message: string };
const refuse = (column: string, rule: string, message: string): Check => ({ ok: false, column, rule, message });

function checkNumber(leaf: FrameworkNode, raw: unknown, column: string, dialect: CsvDialect | undefined): Check {
  const input = leaf.input;
  const n = dialectNumber(raw, dialect);
  if (n === undefined) {
    const hint =
      csvNumberHint(raw, dialect) ||
      (typeof raw === 'string' && /^\s*[+-]?\d+(,\d+)?\s*%?\s*$/.test(raw)
        ? dialect?.decimalComma
          ? ' (a number is written without a % sign, e.g. 85,5)'
          : ' (a number is written with a dot for decimals and no % sign, e.g. 85.5; a decimal comma is read only in a file separated by \';\')'
        : '');
    return refuse(column, 'isNumber', `${show(raw)} is not a number${hint}`);
  }
  if (input?.type === 'integer' && !Number.isInteger(n)) return refuse(column, 'isInt', `${n} is not a whole number`);
  const min = input?.type === 'percent' ? Math.max(0, input.min ?? 0) : input?.min;
  const max = input?.type === 'percent' ? Math.min(100, input.max ?? 100) : input?.max;
  if (min !== undefined && n < min) return refuse(column, 'min', `${n} is below ${min}${input?.type === 'percent' ? ' (a percent is 0..100)' : ''}`);
  if (max !== undefined && n > max) return refuse(column, 'max', `${n} is above ${max}${input?.type === 'percent' ? ' (a percent is 0..100)' : ''}`);
  return { ok: true, value: n };
}

/** The row's value for the leaf, in the data-file spellings of its input type (a CSV's numbers in its dialect). */
export function checkValue(leaf: FrameworkNode, cells: Record<string, unknown>, dialect?: CsvDialect): Check[] {
  const input = leaf.input;
  const raw = cells[COL.value];
  if (input?.type === 'numbers') {
    const names = input.names ?? [];
    // JSON may carry the inputs as one object in value; CSV and XLSX carry one column per input.
    const fromValue = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && cellProblem(raw) === undefined ? (raw as Record<string, unknown>) : undefined;
    if (!fromValue && !isEmpty(raw)) {
      return [refuse(COL.value, 'numbersColumns', `${leaf.code} takes its inputs in the columns ${names.join(', ')}, not in value`)];
    }
    if (fromValue) {
      const extra = Object.keys(fromValue).filter((k) => !names.includes(k));
      if (extra.length) return [refuse(COL.value, 'unknownField', `${extra.join(', ')} is not an input of ${leaf.code} (${names.join(', ')})`)];
    }
    const out: Record<string, number> = {};
    const problems: Check[] = [];
    for (const name of names) {
      const part = fromValue && name in fromValue ? fromValue[name] : cells[name];
      const column = fromValue && name in fromValue ? `${COL.value}.${name}` : name;
      const problem = cellProblem(part);
      if (problem) problems.push(refuse(column, 'cell', problem));
      else if (part === undefined) problems.push(refuse(column, 'required', `needs both ${names.join(' and ')}; the column ${name} is missing`));
      else if (isEmpty(part)) problems.push(refuse(column, 'required', `needs both ${names.join(' and ')}; ${name} is empty`));
      else {
        const n = dialectNumber(part, dialect);
        if (n === undefined) problems.push(refuse(column, 'isNumber', `${show(part)} is not a number${csvNumberHint(part, dialect) || (dialect?.decimalComma ? '' : ' (a dot for decimals)')}`));
        else if (n < 0) problems.push(refuse(column, 'min', `${n} is below 0`));
        else out[name] = n;
      }
    }
    return problems.length ? problems : [{ ok: true, value: out }];
  }
  const problem = cellProblem(raw);
  if (problem) return [refuse(COL.value, 'cell', problem)];
  if (raw === undefined) return [refuse(COL.value, 'required', 'the column value is missing')];
  // Missing stays missing: the row is refused rather than stored as 0 (the scoring's missing policy decides later).
  if (isEmpty(raw)) return [refuse(COL.value, 'required', 'the value is empty: a missing value is not imported (nothing is stored, never 0); write the value or leave the row out')];
  if (typeof raw === 'object') return [refuse(COL.value, 'isScalar', `${show(raw)} is not a single value`)];
  switch (input?.type) {
    case 'boolean': {
      if (typeof raw === 'boolean') return [{ ok: true, value: raw }];
      const t = String(raw).trim().toLowerCase();
      if (TRUE_WORDS.has(t)) return [{ ok: true, value: true }];
      if (FALSE_WORDS.has(t)) return [{ ok: true, value: false }];
      return [refuse(COL.value, 'isBoolean', `${show(raw)} is not a yes/no value (true/false, 1/0 or có/không)`)];
    }
    case 'number':
    case 'integer':
    case 'percent':
      return [checkNumber(leaf, raw, COL.value, dialect)];
    case 'choice': {
      const options = leaf.scoring?.rule === 'choice' ? leaf.scoring.options.map((o) => String(o.value)) : [];
      const v = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
      return v !== undefined && options.includes(v) ? [{ ok: true, value: v }] : [refuse(COL.value, 'isIn', `${show(raw)} is not one of ${options.join(', ')}`)];
    }
    case 'text': {
      const text = typeof raw === 'string' ? raw : String(raw);
      return text.length > MAX_TEXT_ANSWER
        ? [refuse(COL.value, 'maxLength', `the text has ${text.length} characters, more than ${MAX_TEXT_ANSWER}`)]
        : [{ ok: true, value: text.normalize('NFC') }];
    }
    default:
      return [refuse(COL.value, 'inputType', `${leaf.code} takes no value`)];
  }
}

/** Every row of the file checked against the cycle: one outcome per row, each refusal with its row and column. */
export function checkSystemValueRows(table: SystemValuesTable, ctx: CheckContext): CheckedFile {
  const leaves = leafIndex(ctx.framework);
  const systemLeaves = [...leaves.values()].map((e) => e.node).filter((n) => n.source === 'system');
  const partColumns = new Set(systemLeaves.flatMap((n) => (n.input?.type === 'numbers' ? (n.input.names ?? []) : [])));
  const knownColumns = new Set<string>([...Object.values(COL), ...partColumns]);
  const stored = new Map(ctx.stored.map((s) => [`${s.unitId}|${s.indicatorCode}`, canonicalJson(s.value)]));

  interface Pending {
    entry: RowOutcome;
    problems: ImportProblem[];
    value?: CheckedValue;
    key?: string;
  }
  const pending: Pending[] = table.rows.map((r) => checkRow(r));

  function checkRow(r: SystemValueRow): Pending {
    const problems: ImportProblem[] = [];
    const refuseRow = (column: string | undefined, rule: string, message: string) => problems.push({ row: r.row, column, rule, message });
    const unitRaw = r.cells[COL.unit];
    const indicatorRaw = r.cells[COL.indicator];
    const unitCode = codeText(unitRaw);
    const indicatorCode = typeof indicatorRaw === 'string' ? indicatorRaw.trim() : undefined;
    const entry: RowOutcome = { row: r.row, outcome: 'refused' };
    if (unitCode) entry.unit = unitCode;
    if (indicatorCode) entry.indicator = indicatorCode;
    if (r.problem) refuseRow(r.problem.column, r.problem.rule, r.problem.message);
    // An entry that is no object has no columns to check.
    if (r.problem && r.problem.column === undefined) return { entry, problems };

    for (const [column, cell] of Object.entries(r.cells)) {
      if (knownColumns.has(column) || isEmpty(cell)) continue;
      refuseRow(
        column,
        'unknownColumn',
        column.startsWith('#')
          ? `a value in column ${column.slice(1)}, which has no name in the header`
          : `the column ${column} is not one of ${[...knownColumns].join(', ')}`,
      );
    }

    // The unit: a participant of the cycle, by its code.
    let participant: Participant | undefined;
    if (unitRaw === undefined) refuseRow(COL.unit, 'required', 'the column unit is missing');
    else if (cellProblem(unitRaw)) refuseRow(COL.unit, 'cell', cellProblem(unitRaw) as string);
    else if (isEmpty(unitRaw)) refuseRow(COL.unit, 'required', 'the unit code is empty');
    else if (unitCode === undefined) refuseRow(COL.unit, 'isCode', `${show(unitRaw)} is not a unit code`);
    else {
      const matches = ctx.participants.get(unitCode) ?? [];
      if (matches.length === 1) participant = matches[0];
      else if (matches.length > 1) refuseRow(COL.unit, 'ambiguous', `the code ${unitCode} names ${matches.length} participants of this cycle`);
      else if (ctx.otherUnits.has(unitCode)) refuseRow(COL.unit, 'participant', `${ctx.otherUnits.get(unitCode)} is not a participant of this cycle`);
      else {
        const padded = [...ctx.participants.keys()].find((code) => /^\d+$/.test(unitCode) && code !== unitCode && /^0+\d+$/.test(code) && Number(code) === Number(unitCode));
        refuseRow(COL.unit, 'exists', `there is no unit with the code ${show(unitCode)}${padded ? ` (did you mean ${padded}? write the code as text, with its leading zero)` : ''}`);
      }
    }

    // The indicator: a leaf of the cycle's framework measured by a national system.
    let leaf: FrameworkNode | undefined;
    if (indicatorRaw === undefined) refuseRow(COL.indicator, 'required', 'the column indicator is missing');
    else if (cellProblem(indicatorRaw)) refuseRow(COL.indicator, 'cell', cellProblem(indicatorRaw) as string);
    else if (isEmpty(indicatorRaw)) refuseRow(COL.indicator, 'required', 'the indicator code is empty');
    else if (indicatorCode === undefined) refuseRow(COL.indicator, 'isCode', `${show(indicatorRaw)} is not an indicator code`);
    else {
      const node = leaves.get(indicatorCode)?.node;
      const near = node ? undefined : [...leaves.keys()].find((code) => code.toLowerCase() === indicatorCode.toLowerCase());
      if (!node) {
        refuseRow(
          COL.indicator,
          'exists',
          `${indicatorCode} is not an indicator of ${ctx.framework.code} ${ctx.framework.version}${near ? ` (did you mean ${near}?)` : ''}`,
        );
      } else if (node.source !== 'system') {
        refuseRow(COL.indicator, 'systemMeasured', `${node.code} is not measured by a national system (its source is ${node.source ?? 'self'}): the unit answers it in its self-assessment`);
      } else leaf = node;
    }

    // The value, once the indicator says what it must be.
    let value: RawValue | undefined;
    if (leaf) {
      const parts = new Set(leaf.input?.type === 'numbers' ? (leaf.input.names ?? []) : []);
      for (const column of partColumns) {
        if (!parts.has(column) && !isEmpty(r.cells[column])) {
          refuseRow(column, 'numbersOnly', `the column ${column} is for the indicators with several inputs; ${leaf.code} takes one value`);
        }
      }
      for (const check of checkValue(leaf, r.cells, table.dialect)) {
        if (check.ok) value = check.value;
        else refuseRow(check.column, check.rule, `${unitCode ?? '?'} ${leaf.code}: ${check.message}`);
      }
    }

    for (const column of [COL.note, COL.source]) {
      const cell = r.cells[column];
      if (isEmpty(cell)) continue;
      if (cellProblem(cell)) refuseRow(column, 'cell', cellProblem(cell) as string);
      else if (typeof cell === 'object') refuseRow(column, 'isString', `${column} must be text`);
      else if (String(cell).length > MAX_NOTE) refuseRow(column, 'maxLength', `${column} has ${String(cell).length} characters, more than ${MAX_NOTE}`);
    }

    if (problems.length > 0 || !participant || !leaf || value === undefined) {
      return { entry, problems, key: participant && leaf ? `${participant.unitId}|${leaf.code}` : undefined };
    }
    const key = `${participant.unitId}|${leaf.code}`;
    const checked: CheckedValue = {
      row: r.row,
      unitId: participant.unitId,
      unitCode: participant.code,
      indicatorCode: leaf.code,
      value,
      unchanged: stored.get(key) === canonicalJson(value),
    };
    return { entry, problems, value: checked, key };
  }

  // One unit and indicator, one row: which of two would be meant is not ours to guess, so all of them are refused.
  const byKey = new Map<string, Pending[]>();
  for (const p of pending) if (p.key) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      const others = group.filter((o) => o !== p).map((o) => o.entry.row);
      p.problems.push({
        row: p.entry.row,
        column: COL.indicator,
        rule: 'unique',
        message: `${p.entry.unit} ${p.entry.indicator} is given more than once (also in row ${others.join(', ')})`,
      });
      p.value = undefined;
    }
  }

  const problems = pending.flatMap((p) => p.problems);
  const refusedRows = pending.filter((p) => p.problems.length > 0).length;
  const rows = pending.map((p): RowOutcome => {
    if (p.problems.length > 0) {
      return { ...p.entry, outcome: 'refused', message: p.problems.map((x) => `${x.column ?? 'row'}: ${x.message}`).join('; ') };
    }
    const v = p.value as CheckedValue;
    if (v.unchanged) return { ...p.entry, outcome: 'unchanged', message: 'the same value is already stored' };
    // In a file with refused rows nothing is applied, this valid row included.
    return refusedRows > 0
      ? { ...p.entry, outcome: 'refused', message: `valid, would apply; not applied because ${refusedRows} row(s) of the file are refused` }
      : { ...p.entry, outcome: 'applied' };
  });
  return { values: pending.flatMap((p) => (p.value && p.problems.length === 0 ? [p.value] : [])), rows, problems };
}

/** Imports rows in chunks: one statement of 100,000 rows would pass PostgreSQL's limit of bound parameters. */
const UPSERT_CHUNK = 1_000;

@Injectable()
export class SystemValuesImportHandler implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
    private readonly registry: ImportHandlerRegistry,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register('system_values', (run) => this.run(run));
  }

  async run({ job, actor, file, progress }: ImportRun): Promise<ImportReport> {
    let table: SystemValuesTable;
    try {
      table = await parseSystemValues(file);
    } catch (error) {
      if (!(error instanceof SystemValuesFileError)) throw error;
      return { read: 0, applied: 0, problems: [{ row: error.where.row, column: error.where.column, rule: error.rule, message: error.message }], rows: [] };
    }
    await progress(30);
    return this.db.transaction(async (manager) => {
      const cycle = await this.cycles.find(manager, job.cycleId);
      assertImportable(cycle);
      const framework = (await this.frameworks.find(manager, cycle.frameworkId)).document;
      const codes = [...new Set(table.rows.map((r) => codeText(r.cells[COL.unit])).filter((c): c is string => !!c))];
      const { participants, otherUnits } = await this.units(manager, cycle, codes);
      const stored = await manager.find(SystemValue, { where: { cycleId: cycle.id }, select: { unitId: true, indicatorCode: true, value: true } });
      const checked = checkSystemValueRows(table, { framework, participants, otherUnits, stored });
      await progress(60);
      const changed = checked.values.filter((v) => !v.unchanged);
      const report: ImportReport = { read: table.rows.length, applied: 0, problems: checked.problems, rows: checked.rows, ...dialectOf(table) };
      if (checked.problems.length > 0) return report;
      if (job.dryRun) {
        return {
          ...report,
          applied: changed.length,
          rows: checked.rows.map((r) => (r.outcome === 'applied' ? { ...r, message: 'would apply (dry run: nothing was written)' } : r)),
        };
      }
      const importedAt = this.clock.now();
      for (let i = 0; i < changed.length; i += UPSERT_CHUNK) {
        await manager.upsert(
          SystemValue,
          changed.slice(i, i + UPSERT_CHUNK).map((v) => ({
            cycleId: cycle.id,
            unitId: v.unitId,
            indicatorCode: v.indicatorCode,
            value: v.value as never,
            importJobId: job.id,
            importedAt,
          })),
          ['cycleId', 'unitId', 'indicatorCode'],
        );
      }
      await this.audit.record(manager, actor, {
        action: 'system_values.import',
        entityType: 'cycle',
        entityId: cycle.id,
        after: { importJobId: job.id, count: changed.length, unchanged: checked.values.length - changed.length, rows: table.rows.length },
      });
      await progress(90);
      return { ...report, applied: changed.length };
    });
  }

  /** The cycle's participants by code, and the other registry units the file names (for a clear refusal). */
  private async units(manager: EntityManager, cycle: CycleRow, codes: string[]): Promise<Pick<CheckContext, 'participants' | 'otherUnits'>> {
    const rows = await participantUnitsByCode(manager, cycle.id);
    const participants = new Map<string, Participant[]>();
    for (const r of rows) {
      const p = { unitId: r.id, code: r.code, name: r.nameVi };
      participants.set(p.code, [...(participants.get(p.code) ?? []), p]);
    }
    const missing = codes.filter((c) => !participants.has(c));
    const otherUnits = new Map<string, string>();
    if (missing.length > 0) {
      const others = await unitsByCodesNewestFirst(manager, missing);
      for (const o of others) if (!otherUnits.has(o.code)) otherUnits.set(o.code, `${o.code} ${o.nameVi} (${o.level})`);
    }
    return { participants, otherUnits };
  }
}

/** How a CSV was read, for the report: a person who saved it with ';' and decimal commas sees that it was understood. */
function dialectOf(table: SystemValuesTable): Pick<ImportReport, 'dialect'> {
  return table.dialect ? { dialect: { ...table.dialect, description: describeCsvDialect(table.dialect) } } : {};
}

/** System values change until the cycle is published; after that only a corrected publication changes anything. */
export function assertImportable(cycle: Pick<CycleRow, 'phase'>): void {
  if (!IMPORTABLE_PHASES.includes(cycle.phase)) {
    throw new DomainException(ErrorCode.WrongPhase, `the cycle is ${cycle.phase}: its system-measured values can no longer be imported`);
  }
}
