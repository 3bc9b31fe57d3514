import type { EntityManager } from 'typeorm';
import { copyRows, type CopyCell } from '../database/copy-rows';
import type { SystemValueSource } from './system-value.entity';

/**
 * System values written in bulk with COPY, for data made by a program (the feed benchmark's floor: a month of
 * 10,000 communes × 20 indicators in one statement), on the caller's EntityManager, so inside its transaction.
 */
export interface SystemValueCopyRow {
  unitId: string;
  indicatorCode: string;
  /** The value as JSON text. */
  value: string;
}

export async function copySystemValueRows(
  manager: EntityManager,
  cycleId: string,
  source: Exclude<SystemValueSource, 'import'>,
  sourceId: string,
  at: Date,
  rows: Iterable<SystemValueCopyRow>,
): Promise<void> {
  const importedAt = at.toISOString();
  await copyRows(
    manager,
    'system_values',
    ['cycle_id', 'unit_id', 'indicator_code', 'value', 'source', 'source_id', 'imported_at'],
    (function* (): Generator<CopyCell[]> {
      for (const r of rows) yield [cycleId, r.unitId, r.indicatorCode, r.value, source, sourceId, importedAt];
    })(),
  );
}
