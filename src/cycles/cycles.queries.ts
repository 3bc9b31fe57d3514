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
