import type { EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';

/**
 * Reads of the values national systems measured, for other features (each feature owns its tables: they ask here,
 * never name `system_values`). Plain SQL on the caller's EntityManager, so that it runs in its transaction.
 */

/** A unit's value of one indicator, as a national system measured it. */
export interface UnitSystemValueRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
}

/** The cycle's system values, of every unit or only of these units', ordered by unit id and indicator code. */
export function cycleSystemValues(manager: EntityManager, cycleId: string, unitIds: readonly string[] | null = null): Promise<UnitSystemValueRow[]> {
  return manager.query(
    `SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", value FROM system_values
      WHERE cycle_id = $1 AND ($2::uuid[] IS NULL OR unit_id = ANY($2::uuid[])) ORDER BY unit_id, indicator_code`,
    [cycleId, unitIds],
  );
}

/** When a system value of the cycle was first imported after that time, or null if none was. */
export async function firstSystemValueImportAfter(manager: EntityManager, cycleId: string, after: Date): Promise<Date | null> {
  const [row]: { since: Date | null }[] = await manager.query(
    'SELECT min(imported_at) AS since FROM system_values WHERE cycle_id = $1 AND imported_at > $2',
    [cycleId, after],
  );
  return row?.since ?? null;
}

/** The unit's system values in the cycle, in no particular order. */
export function unitSystemValuesInCycle(manager: EntityManager, cycleId: string, unitId: string): Promise<{ indicatorCode: string; value: RawValue }[]> {
  return manager.query('SELECT indicator_code AS "indicatorCode", value FROM system_values WHERE cycle_id = $1 AND unit_id = $2', [cycleId, unitId]);
}
