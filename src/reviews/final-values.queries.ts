import type { EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';
import { finalInForce } from './final-value.entity';

/**
 * Reads of the reviewed values for other features (each feature owns its tables: they ask here, never name
 * `final_values`). Plain SQL on the caller's EntityManager, so that it runs in its transaction.
 */

/** A unit's reviewed value and points of one indicator. */
export interface UnitFinalValueRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
  points: number | null;
}

/**
 * The cycle's final values in force (not waiting for the lead, not stale), of every unit or only of these units',
 * ordered by unit id and indicator code.
 */
export function finalValuesInForce(manager: EntityManager, cycleId: string, unitIds: readonly string[] | null = null): Promise<UnitFinalValueRow[]> {
  return manager.query(
    `SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", value, points FROM final_values
      WHERE cycle_id = $1 AND ${finalInForce()} AND ($2::uuid[] IS NULL OR unit_id = ANY($2::uuid[]))
      ORDER BY unit_id, indicator_code`,
    [cycleId, unitIds],
  );
}

/** A final value flagged for the lead: the reviewers disagree beyond the cycle's share. */
export interface FlaggedFinalRow {
  unitId: string;
  indicatorCode: string;
}

/**
 * The cycle's flagged final values waiting for the lead (a stale one waits for its reviewers instead: the lead is
 * refused it), ordered by unit id and indicator code.
 */
export function flaggedAwaitingLead(manager: EntityManager, cycleId: string): Promise<FlaggedFinalRow[]> {
  return manager.query(
    `SELECT unit_id AS "unitId", indicator_code AS "indicatorCode" FROM final_values
      WHERE cycle_id = $1 AND flagged AND decided_by_id IS NULL AND stale_since IS NULL ORDER BY unit_id, indicator_code`,
    [cycleId],
  );
}

/** The unit's reviewed values in force that have a value (SQL's NOT NULL), in no particular order. */
export function reviewedValuesOfUnit(manager: EntityManager, cycleId: string, unitId: string): Promise<{ indicatorCode: string; value: RawValue }[]> {
  return manager.query(
    `SELECT indicator_code AS "indicatorCode", value FROM final_values WHERE cycle_id = $1 AND unit_id = $2 AND value IS NOT NULL AND ${finalInForce()}`,
    [cycleId, unitId],
  );
}
