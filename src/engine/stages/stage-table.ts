import type { StageTable, UnitInput } from '../types';

/** Copies a leaf's column into a keepStages table (unit → leaf → value), missing as null. */
export function keepStage(table: StageTable | undefined, units: readonly UnitInput[], n: number, code: string, col: Float64Array): void {
  if (!table) return;
  for (let u = 0; u < n; u++) (table[units[u].code] ??= {})[code] = col[u] === col[u] ? col[u] : null;
}
