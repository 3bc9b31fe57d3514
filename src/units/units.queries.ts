import { Brackets, In, type EntityManager } from 'typeorm';
import type { UnitLevel } from './unit-level';
import { Unit } from './unit.entity';
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

/** When any unit last changed (text, for a version stamp; '' with no units). */
export async function unitsLastChange(manager: EntityManager): Promise<string> {
  const [row]: { at: string }[] = await manager.query("SELECT coalesce(max(updated_at)::text, '') AS at FROM units");
  return row.at;
}

/** A unit with its ranking group, for a cycle that takes it in. */
export interface UnitWithGroup extends UnitRef {
  unitGroup: string | null;
}

const withGroup = (u: Unit): UnitWithGroup => ({ id: u.id, level: u.level, code: u.code, nameVi: u.nameVi, unitGroup: u.unitGroup });

/** The units with these ids (an unknown id is absent), in no particular order. */
export async function unitsWithGroupByIds(manager: EntityManager, ids: readonly string[]): Promise<UnitWithGroup[]> {
  if (ids.length === 0) return [];
  return (await manager.findBy(Unit, { id: In([...ids]) })).map(withGroup);
}

/** The units of a level valid on a day, only the children of `parentId` if given, in no particular order. */
export async function unitsValidOn(manager: EntityManager, level: UnitLevel, day: string, parentId: string | null): Promise<UnitWithGroup[]> {
  const qb = manager
    .createQueryBuilder(Unit, 'u')
    .where('u.level = :level AND u.valid_from <= :day', { level, day })
    .andWhere(new Brackets((w) => w.where('u.valid_to IS NULL').orWhere('u.valid_to >= :day', { day })));
  if (parentId) qb.andWhere('u.parent_id = :scope', { scope: parentId });
  return (await qb.getMany()).map(withGroup);
}

/** The units with these ids, by Vietnamese name (the registry's collation), then code. */
export async function unitsByIdsByName(manager: EntityManager, ids: readonly string[]): Promise<UnitRef[]> {
  if (ids.length === 0) return [];
  const rows: UnitRow[] = await manager.query('SELECT id, level, code, name_vi FROM units WHERE id = ANY($1::uuid[]) ORDER BY name_vi, code', [ids]);
  return rows.map(toRef);
}

/**
 * SQL for a relation (code, "nameVi") of the unit whose id is the given parameter, one row or none: for a statement
 * of another feature that reads the unit's label with its own rows in one round trip.
 */
export function unitLabelSql(unitIdParam: string): string {
  return `(SELECT code, name_vi AS "nameVi" FROM units WHERE id = ${unitIdParam})`;
}
