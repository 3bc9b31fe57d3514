import type { EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';

/**
 * Reads of a cycle's answers for other features (each feature owns its tables: they ask here, never name `answers`
 * or `submissions`). Plain SQL on the caller's EntityManager, so that it runs in its transaction: at commune scale a
 * cycle holds millions of answers.
 */

/** An answer with the unit that gave it. */
export interface UnitAnswerRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
  selfPoints: number | null;
}

/**
 * The cycle's answers, of every unit or only of these units' (by the answers' unit index), ordered by unit id and
 * indicator code.
 */
export function cycleAnswerValues(manager: EntityManager, cycleId: string, unitIds: readonly string[] | null = null): Promise<UnitAnswerRow[]> {
  return manager.query(
    `SELECT s.unit_id AS "unitId", a.indicator_code AS "indicatorCode", a.value, a.self_points AS "selfPoints"
       FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND ($2::uuid[] IS NULL OR s.unit_id = ANY($2::uuid[])) ORDER BY s.unit_id, a.indicator_code`,
    [cycleId, unitIds],
  );
}

/**
 * A unit's answers in one row, split by how its leaves are scored: the values of the rule-scored leaves (the empty
 * ones, SQL NULL or JSON null, left out) and the self points given to the hand-scored ones (`manualCodes`; the
 * missing ones left out), each an object by indicator code, null when it has none.
 */
export interface UnitAnswersRow {
  unitId: string;
  values: Record<string, RawValue> | null;
  points: Record<string, number> | null;
}

/**
 * The cycle's answers as cycleAnswerValues reads them, one row per submission (of every unit, or of these units'),
 * in no particular order: what a score run reads. At commune scale that is 10,000 rows instead of 2,000,000, each
 * built by PostgreSQL as JSON from the answers' primary key (no sort) and parsed once by JSON.parse (pg's json type),
 * which costs Node a third of reading the rows as objects. self_points as JSON: a number in the same shortest text
 * as pg's float8 (NaN and ±Infinity come as strings: pointsOf).
 */
export function cycleAnswersByUnit(
  manager: EntityManager,
  cycleId: string,
  manualCodes: readonly string[],
  unitIds: readonly string[] | null = null,
): Promise<UnitAnswersRow[]> {
  return manager.query(
    `SELECT s.unit_id AS "unitId", a.values AS "values", a.points
       FROM submissions s CROSS JOIN LATERAL (
         SELECT json_object_agg(indicator_code, value) FILTER (WHERE value <> 'null'::jsonb AND indicator_code <> ALL($3::text[])) AS values,
                json_object_agg(indicator_code, self_points) FILTER (WHERE self_points IS NOT NULL AND indicator_code = ANY($3::text[])) AS points
           FROM answers WHERE submission_id = s.id) a
      WHERE s.cycle_id = $1 AND ($2::uuid[] IS NULL OR s.unit_id = ANY($2::uuid[]))`,
    [cycleId, unitIds, manualCodes],
  );
}

/** When an answer of the cycle was first changed after that time, or null if none was. */
export async function firstAnswerChangeAfter(manager: EntityManager, cycleId: string, after: Date): Promise<Date | null> {
  const [row]: { since: Date | null }[] = await manager.query(
    `SELECT min(a.updated_at) AS since FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1 AND a.updated_at > $2`,
    [cycleId, after],
  );
  return row?.since ?? null;
}

/** A unit's answer as a score card shows it. */
export interface UnitAnswerWithNoteRow {
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
}

/** The unit's answers in the cycle, in no particular order. */
export function unitAnswersInCycle(manager: EntityManager, cycleId: string, unitId: string): Promise<UnitAnswerWithNoteRow[]> {
  return manager.query(
    `SELECT a.indicator_code AS "indicatorCode", a.value, a.note, a.self_points AS "selfPoints" FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND s.unit_id = $2`,
    [cycleId, unitId],
  );
}

/** The unit's answers in the cycle to these indicators (an unanswered one, or one of no submission, is absent). */
export function unitAnswersTo(manager: EntityManager, cycleId: string, unitId: string, indicatorCodes: readonly string[]): Promise<Array<{ indicatorCode: string; value: RawValue }>> {
  return manager.query(
    `SELECT a.indicator_code AS "indicatorCode", a.value FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND s.unit_id = $2 AND a.indicator_code = ANY($3::text[])`,
    [cycleId, unitId, indicatorCodes],
  );
}

/**
 * How many units answered the indicator in the cycle, and how many of them gave exactly this number: how rare it is
 * (plausibility.ts's exact 0 or 100 percent). Asked only for such an answer, so not on every save.
 */
export async function answerValueShare(manager: EntityManager, cycleId: string, indicatorCode: string, value: number): Promise<{ answers: number; same: number }> {
  const [row]: { answers: number; same: number }[] = await manager.query(
    `SELECT count(*)::int AS answers, count(*) FILTER (WHERE a.value = to_jsonb($3::float8))::int AS same
       FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND a.indicator_code = $2 AND a.value IS NOT NULL AND a.value <> 'null'::jsonb`,
    [cycleId, indicatorCode, value],
  );
  return row ?? { answers: 0, same: 0 };
}
