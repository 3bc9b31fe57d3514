import type { EntityManager } from 'typeorm';
import type { UnitLevel } from './unit-level';
import type { UnitRef } from './unit.view';

/**
 * Reads of the unit registry for other features (each feature owns its tables: they ask here, never name `units`).
 * Plain functions on the caller's EntityManager, so that they run in its transaction; plain rows out.
 */

interface UnitRow {
  id: string;
  level: UnitLevel;
  code: string;
  name_vi: string;
}

const toRef = (r: UnitRow): UnitRef => ({ id: r.id, level: r.level, code: r.code, nameVi: r.name_vi });

/**
 * The units with these ids (and, given codes, only those of these codes), ordered by code as PostgreSQL orders it
 * (then id, so the order is total).
 */
export async function unitsByIdsByCode(manager: EntityManager, ids: readonly string[], codes?: readonly string[]): Promise<UnitRef[]> {
  if (ids.length === 0) return [];
  const rows: UnitRow[] = await manager.query(
    'SELECT id, level, code, name_vi FROM units WHERE id = ANY($1::uuid[]) AND ($2::text[] IS NULL OR code = ANY($2::text[])) ORDER BY code, id',
    [ids, codes ?? null],
  );
  return rows.map(toRef);
}

/** Every unit, of any time, that has one of these codes: the newest configuration first (valid_from descending). */
export async function unitsByCodesNewestFirst(manager: EntityManager, codes: readonly string[]): Promise<UnitRef[]> {
  if (codes.length === 0) return [];
  const rows: UnitRow[] = await manager.query('SELECT id, level, code, name_vi FROM units WHERE code = ANY($1) ORDER BY valid_from DESC', [codes]);
  return rows.map(toRef);
}

/** A unit's names, for a page or a workbook that shows them beside another feature's rows. */
export interface UnitNames {
  code: string;
  nameVi: string;
  nameEn: string | null;
}

/** The names of the units with these ids, by id (an unknown id is absent). */
export async function unitNamesByIds(manager: EntityManager, ids: readonly string[]): Promise<Map<string, UnitNames>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; code: string; name_vi: string; name_en: string | null }[] = await manager.query(
    'SELECT id, code, name_vi, name_en FROM units WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { code: r.code, nameVi: r.name_vi, nameEn: r.name_en }]));
}

/** Whether a unit with this id exists (of any time). */
export async function unitExists(manager: EntityManager, id: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM units WHERE id = $1', [id]);
  return rows.length > 0;
}
