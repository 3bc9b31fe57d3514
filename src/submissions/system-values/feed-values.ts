import type { EntityManager } from 'typeorm';
import { participantUnitsWithCodes } from '../../cycles/cycle-units.queries';
import type { Framework } from '../../engine/framework.model';
import { unitsByCodesNewestFirst } from '../../units/units.queries';
import { checkSystemValueRows, type CheckedValue, type Participant } from './system-values-import.handler';
import { SYSTEM_VALUE_COLUMNS as COL, type SystemValueRow } from './parse-system-values';

/**
 * The values a national system pushes through the feed API (the monitoring feature's PUT /api/v1/feeds/…), checked
 * and written here, where `system_values` lives (each feature owns its tables). A feed row is checked by the same
 * rules as a row of the admin's file import (checkSystemValueRows: the unit a participant, the indicator a
 * `source: system` leaf, the value of its input type, each unit and indicator once), so there is one validator.
 */

/** One row of a push: a unit's code, a leaf's code, and a value, or the counts of a `numbers` leaf as inputs. */
export interface FeedRowInput {
  unit?: unknown;
  indicator?: unknown;
  value?: unknown;
  inputs?: unknown;
  [other: string]: unknown;
}

/** A refused row: its index in `values` (from 0), what it named, the field (unit, indicator, value, inputs.<name>) and the rule. */
export interface FeedProblem {
  index: number;
  unit?: string;
  indicator?: string;
  field: string;
  rule: string;
  message: string;
}

export interface CheckedFeed {
  /** The rows that passed (none are written when problems is not empty), each saying whether it is already stored. */
  values: CheckedValue[];
  problems: FeedProblem[];
}

const FIELDS = new Set(['unit', 'indicator', 'value', 'inputs']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field of the feed's body a column of the file checker names. */
function fieldOf(column: string | undefined, usedInputs: boolean): string {
  if (column === undefined) return 'row';
  if (column === COL.value && usedInputs) return 'inputs';
  if (column.startsWith(`${COL.value}.`)) return `inputs.${column.slice(COL.value.length + 1)}`;
  return column;
}

/** Checks a push against the cycle (its participants, its framework, what it holds): every problem at once. */
export async function checkFeedValues(manager: EntityManager, cycleId: string, framework: Framework, rows: readonly unknown[]): Promise<CheckedFeed> {
  const shapeProblems: FeedProblem[] = [];
  const usedInputs = new Set<number>();
  const fileRows: SystemValueRow[] = rows.map((raw, index) => {
    if (!isObject(raw)) {
      shapeProblems.push({ index, field: 'row', rule: 'isObject', message: 'a row is an object { unit, indicator, value } or { unit, indicator, inputs }' });
      return { row: index, cells: {}, problem: { rule: 'isObject', message: 'not an object' } };
    }
    const row = raw as FeedRowInput;
    const named = { unit: typeof row.unit === 'string' ? row.unit : undefined, indicator: typeof row.indicator === 'string' ? row.indicator : undefined };
    for (const key of Object.keys(row)) {
      if (!FIELDS.has(key)) shapeProblems.push({ index, ...named, field: key, rule: 'unknownField', message: `${key} is not a field of a row (unit, indicator, value, inputs)` });
    }
    if (row.value !== undefined && row.inputs !== undefined) {
      shapeProblems.push({ index, ...named, field: 'inputs', rule: 'valueOrInputs', message: 'a row gives value or inputs, not both' });
    }
    if (row.inputs !== undefined && !isObject(row.inputs)) {
      shapeProblems.push({ index, ...named, field: 'inputs', rule: 'isObject', message: 'inputs is an object of counts, e.g. { "online": 120, "total": 150 }' });
    }
    if (row.inputs !== undefined) usedInputs.add(index);
    // The file checker reads a `numbers` leaf's inputs from an object in value (as in a JSON file).
    return { row: index, cells: { [COL.unit]: row.unit, [COL.indicator]: row.indicator, [COL.value]: row.inputs ?? row.value } };
  });

  const codes = [...new Set(fileRows.map((r) => r.cells[COL.unit]).filter((c): c is string => typeof c === 'string').map((c) => c.trim()))];
  // Only the participants the push names (a month of 10,000 communes comes in pushes of a few hundred), and the
  // registry's other units of those codes, to say why one is refused.
  const participants = new Map<string, Participant[]>();
  const taking = await participantUnitsWithCodes(manager, cycleId, codes);
  for (const r of taking) participants.set(r.code, [...(participants.get(r.code) ?? []), { unitId: r.id, code: r.code, name: r.nameVi }]);
  const otherUnits = new Map<string, string>();
  const missing = codes.filter((c) => !participants.has(c));
  if (missing.length > 0) {
    for (const o of await unitsByCodesNewestFirst(manager, missing)) if (!otherUnits.has(o.code)) otherUnits.set(o.code, `${o.code} ${o.nameVi} (${o.level})`);
  }
  const unitIds = [...new Set(codes.flatMap((c) => (participants.get(c) ?? []).map((p) => p.unitId)))];
  const stored: { unitId: string; indicatorCode: string; value: never }[] = unitIds.length
    ? await manager.query('SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", value FROM system_values WHERE cycle_id = $1 AND unit_id = ANY($2::uuid[])', [cycleId, unitIds])
    : [];

  const checked = checkSystemValueRows({ format: 'json', columns: [COL.unit, COL.indicator, COL.value], rows: fileRows.filter((r) => !r.problem) }, { framework, participants, otherUnits, stored });
  const byIndex = new Map(fileRows.map((r) => [r.row, r]));
  const problems = [
    ...shapeProblems,
    ...checked.problems.map((p): FeedProblem => {
      const cells = byIndex.get(p.row ?? -1)?.cells ?? {};
      const unit = typeof cells[COL.unit] === 'string' ? (cells[COL.unit] as string) : undefined;
      const indicator = typeof cells[COL.indicator] === 'string' ? (cells[COL.indicator] as string) : undefined;
      const inputs = usedInputs.has(p.row ?? -1);
      let message = p.message;
      if (p.rule === 'numbersColumns') message = `${indicator} gives its counts as inputs (${message.replace(/^.* the columns (.*), not in value$/, '$1')}), not one value`;
      if (p.rule === 'isScalar' && inputs) message = `${indicator} takes one value, not inputs`;
      return { index: p.row ?? -1, ...(unit && { unit }), ...(indicator && { indicator }), field: fieldOf(p.column, inputs), rule: p.rule, message };
    }),
  ].sort((a, b) => a.index - b.index);
  return { values: problems.length ? [] : checked.values, problems };
}

/**
 * Writes the changed values of a checked push (those not `unchanged`) as source 'feed' of the batch `batchId`, in one
 * statement: a value already the same is left as it was (its batch and time too), so a push repeated changes nothing.
 * The caller's transaction holds the batch row and the audit entry with it. Returns how many rows were written.
 */
export async function writeFeedValues(manager: EntityManager, cycleId: string, values: readonly CheckedValue[], batchId: string, at: Date): Promise<number> {
  const changed = values.filter((v) => !v.unchanged);
  let written = 0;
  for (let i = 0; i < changed.length; i += 10_000) {
    const chunk = changed.slice(i, i + 10_000);
    const result: unknown[] = await manager.query(
      `INSERT INTO system_values (cycle_id, unit_id, indicator_code, value, import_job_id, source, source_id, imported_at)
       SELECT $1, u, i, v, NULL, 'feed', $5, $6 FROM unnest($2::uuid[], $3::varchar[], $4::jsonb[]) AS t(u, i, v)
       ON CONFLICT (cycle_id, unit_id, indicator_code) DO UPDATE
         SET value = EXCLUDED.value, import_job_id = NULL, source = 'feed', source_id = EXCLUDED.source_id, imported_at = EXCLUDED.imported_at
         WHERE system_values.value IS DISTINCT FROM EXCLUDED.value
       RETURNING 1`,
      [cycleId, chunk.map((v) => v.unitId), chunk.map((v) => v.indicatorCode), chunk.map((v) => JSON.stringify(v.value)), batchId, at],
    );
    written += result.length;
  }
  return written;
}
