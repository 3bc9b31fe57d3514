import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { copyRows } from '../database/copy-rows';
import type { UnitLevel } from './unit-level';

/**
 * Registry rows written in bulk, for data made by a program rather than loaded from the registry's files (the
 * benchmark's communes): one COPY, as 10,000 rows one by one through the service would take minutes.
 */

export interface NewUnitRow {
  level: UnitLevel;
  code: string;
  nameVi: string;
  validFrom: string;
  parentId: string | null;
}

/** One unit (version 1), its id back. */
export async function insertUnitRow(manager: EntityManager, unit: NewUnitRow): Promise<string> {
  const [row]: { id: string }[] = await manager.query(
    'INSERT INTO units (level, code, name_vi, valid_from, parent_id, version) VALUES ($1, $2, $3, $4, $5, 1) RETURNING id',
    [unit.level, unit.code, unit.nameVi, unit.validFrom, unit.parentId],
  );
  return row.id;
}

/** Units (version 1) streamed with COPY, on the client's connection. */
export async function copyUnitRows(target: PoolClient | EntityManager, units: Iterable<NewUnitRow>): Promise<void> {
  await copyRows(
    target,
    'units',
    ['level', 'code', 'name_vi', 'valid_from', 'parent_id', 'version'],
    (function* () {
      for (const u of units) yield [u.level, u.code, u.nameVi, u.validFrom, u.parentId, 1];
    })(),
  );
}

/** The units of a level, ordered by code as PostgreSQL orders it. */
export function unitIdsAndCodesOfLevel(manager: EntityManager, level: UnitLevel): Promise<{ id: string; code: string }[]> {
  return manager.query('SELECT id, code FROM units WHERE level = $1 ORDER BY code', [level]);
}

/** VACUUM (ANALYZE) of the registry, after a bulk write, so that statistics and the visibility map catch up. */
export async function vacuumUnits(manager: EntityManager): Promise<void> {
  await manager.query('VACUUM (ANALYZE) units');
}
