import { In, type EntityManager } from 'typeorm';
import type { RawValue } from '../../engine/types';
import { SystemValue } from '../system-value.entity';

/**
 * The writes of system values taken from a monitored monthly series (source 'monitoring'), for the monitoring feature
 * that computes them (each feature owns its tables: it writes here, never names `system_values`). On the caller's
 * EntityManager, so that the whole taking is one transaction with its audit entry.
 */

/** A yearly leaf's value for a unit, taken from the series; sourceId is the monthly cycle it came from. */
export interface MonitoredValueRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
  sourceId: string;
}

/** A value as the cycle holds it now, with where it came from. */
export interface StoredSystemValueRow {
  unitId: string;
  indicatorCode: string;
  value: RawValue;
  source: string;
  sourceId: string | null;
}

/** The cycle's stored values of these indicators. */
export function systemValuesOfIndicators(manager: EntityManager, cycleId: string, indicatorCodes: readonly string[]): Promise<StoredSystemValueRow[]> {
  if (indicatorCodes.length === 0) return Promise.resolve([]);
  return manager.find(SystemValue, {
    where: { cycleId, indicatorCode: In([...indicatorCodes]) },
    select: { unitId: true, indicatorCode: true, value: true, source: true, sourceId: true },
  });
}

/**
 * Makes the cycle's values of these indicators the given ones: each row written (replacing whatever value the unit
 * had, imported or fed) with source 'monitoring'; a value of these indicators taken from monitoring before whose unit
 * has none now is removed (an imported or fed one is left alone). Returns how many were written and removed.
 */
export async function replaceMonitoredSystemValues(
  manager: EntityManager,
  cycleId: string,
  indicatorCodes: readonly string[],
  rows: readonly MonitoredValueRow[],
  at: Date,
): Promise<{ written: number; removed: number }> {
  const keep = new Set(rows.map((r) => `${r.unitId} ${r.indicatorCode}`));
  const before = await systemValuesOfIndicators(manager, cycleId, indicatorCodes);
  const gone = before.filter((v) => v.source === 'monitoring' && !keep.has(`${v.unitId} ${v.indicatorCode}`));
  for (const v of gone) await manager.delete(SystemValue, { cycleId, unitId: v.unitId, indicatorCode: v.indicatorCode });
  for (let i = 0; i < rows.length; i += 500) {
    await manager.upsert(
      SystemValue,
      rows.slice(i, i + 500).map((r) => ({
        cycleId,
        unitId: r.unitId,
        indicatorCode: r.indicatorCode,
        value: r.value as never,
        source: 'monitoring' as const,
        sourceId: r.sourceId,
        importJobId: null,
        importedAt: at,
      })),
      ['cycleId', 'unitId', 'indicatorCode'],
    );
  }
  return { written: rows.length, removed: gone.length };
}
