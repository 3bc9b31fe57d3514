import { IsNull, type EntityManager } from 'typeorm';
import type { CycleRow } from './cycle-row';
import { Cycle } from './cycle.entity';

/**
 * Reads of cycles for other features (each feature owns its tables: they ask here or CyclesService, never import
 * its entity). Plain functions on the caller's EntityManager, so that they run in its transaction.
 */

/** The cycle, or null. */
export function findCycleRow(manager: EntityManager, id: string): Promise<CycleRow | null> {
  return manager.findOneBy(Cycle, { id });
}

/** The cycle; throws TypeORM's EntityNotFoundError if there is none (the caller's row names it). */
export function cycleRowById(manager: EntityManager, id: string): Promise<CycleRow> {
  return manager.findOneByOrFail(Cycle, { id });
}

/** The cycle of the year before for the same level and scope (the unit's "last year"), or null. */
export function previousYearCycle(manager: EntityManager, cycle: Pick<CycleRow, 'year' | 'level' | 'scopeUnitId'>): Promise<CycleRow | null> {
  return manager.findOneBy(Cycle, { year: cycle.year - 1, level: cycle.level, scopeUnitId: cycle.scopeUnitId ?? IsNull() });
}

/**
 * The months of a monthly series (its framework's code) for a level in one year, unscoped, in month order: what the
 * monitoring of that series reads month by month.
 */
export function seriesMonthCycles(manager: EntityManager, series: string, level: string, year: number): Promise<CycleRow[]> {
  return manager.find(Cycle, {
    where: { series, level: level as CycleRow['level'], year, period: 'month', scopeUnitId: IsNull() },
    order: { periodIndex: 'ASC' },
  });
}

/** One month (1-12) of a monthly series for a level, unscoped, or null. */
export function seriesMonthCycle(manager: EntityManager, series: string, level: string, year: number, month: number): Promise<CycleRow | null> {
  return manager.findOneBy(Cycle, { series, level: level as CycleRow['level'], year, period: 'month', periodIndex: month, scopeUnitId: IsNull() });
}

/** A monthly series at a level as the monitoring pages list it: how many months it has and its last one. */
export interface SeriesLevelRow {
  series: string;
  level: string;
  months: number;
  /** YYYY-MM. */
  first: string;
  last: string;
}

/** Every monthly series and level with at least one unscoped month, by series then level. */
export async function monthlySeriesLevels(manager: EntityManager): Promise<SeriesLevelRow[]> {
  const rows: { series: string; level: string; months: number; first: number; last: number }[] = await manager
    .createQueryBuilder(Cycle, 'c')
    .select('c.series', 'series')
    .addSelect('c.level', 'level')
    .addSelect('count(*)::int', 'months')
    .addSelect('min(c.year * 12 + c.period_index - 1)::int', 'first')
    .addSelect('max(c.year * 12 + c.period_index - 1)::int', 'last')
    .where("c.period = 'month' AND c.scope_unit_id IS NULL AND c.series IS NOT NULL")
    .groupBy('c.series')
    .addGroupBy('c.level')
    .orderBy('c.series')
    .addOrderBy('c.level')
    .getRawMany();
  const month = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  return rows.map((r) => ({ series: r.series, level: r.level, months: r.months, first: month(r.first), last: month(r.last) }));
}

/** The months of a monthly series at a level, unscoped, newest first. */
export function seriesMonthCyclesNewestFirst(manager: EntityManager, series: string, level: string): Promise<CycleRow[]> {
  return manager.find(Cycle, {
    where: { series, level: level as CycleRow['level'], period: 'month', scopeUnitId: IsNull() },
    order: { year: 'DESC', periodIndex: 'DESC' },
  });
}
