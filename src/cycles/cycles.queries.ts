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

/**
 * The yearly assessment of the year before for the same level and scope (the unit's "last year"), or null: never a
 * month of a monitoring series, though those are cycles of that year and level too.
 */
export function previousYearCycle(manager: EntityManager, cycle: Pick<CycleRow, 'year' | 'level' | 'scopeUnitId'>): Promise<CycleRow | null> {
  return manager.findOneBy(Cycle, { year: cycle.year - 1, level: cycle.level, scopeUnitId: cycle.scopeUnitId ?? IsNull(), series: IsNull() });
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

/** A cycle row's columns, each as its property (`"scopeUnitId"`), from the entity's own mapping. */
function cycleColumns(manager: EntityManager, alias: string): string {
  return manager.connection
    .getMetadata(Cycle)
    .columns.map((c) => `${alias}.${c.databaseName} AS "${c.propertyName}"`)
    .join(', ');
}

/**
 * SQL for a relation of one row or none, for a write of another feature that reads the cycle with its own rows in
 * one round trip (a save's context): the cycle whose id is `cycleIdParam` (each column as its property, a CycleRow),
 * held FOR KEY SHARE when `lock` (as CyclesService.find's 'keyShare'); the unit's participation (`unitGroup`,
 * `ranked`, `extensionUntil`, null when the unit does not take part); and the yearly cycle of the year before for the
 * same level and scope as previousYearCycle finds it (`lastYearCycleId`, `lastYearFrameworkId`, or null).
 */
export function cycleWithParticipantSql(manager: EntityManager, cycleIdParam: string, unitIdParam: string, lock: boolean): string {
  return `(SELECT c.*, p.unit_id AS "participantUnitId", p.unit_group AS "unitGroup", p.ranked, p.extension_until AS "extensionUntil",
                  last.id AS "lastYearCycleId", last.framework_id AS "lastYearFrameworkId"
             FROM (SELECT ${cycleColumns(manager, 'cy')} FROM cycles cy WHERE cy.id = ${cycleIdParam}${lock ? ' FOR KEY SHARE' : ''}) c
             LEFT JOIN cycle_units p ON p.cycle_id = c.id AND p.unit_id = ${unitIdParam}
             LEFT JOIN LATERAL (SELECT ly.id, ly.framework_id FROM cycles ly
                                 WHERE ly.year = c.year - 1 AND ly.level = c.level AND ly.scope_unit_id IS NOT DISTINCT FROM c."scopeUnitId"
                                   AND ly.series IS NULL LIMIT 1) last ON true)`;
}
