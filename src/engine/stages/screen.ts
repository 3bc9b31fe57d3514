import { roundTo } from '../round';
import type { Plan } from '../plan';
import type { WorkingSet } from './columns';

/**
 * Leaves out the units whose share of present leaves is below the framework's minimum, with a note saying so.
 * The share is the raw answers' (basis raw: before imputation, so dropped units do not feed the group means) or
 * what imputation left (COINr's order).
 */
export function screenUnits(plan: Plan, w: WorkingSet, share: (u: number) => number): void {
  const min = plan.framework.pipeline!.screen!.minAvailability;
  const keepIdx: number[] = [];
  for (let u = 0; u < w.n; u++) {
    const s = share(u);
    if (s >= min) keepIdx.push(u);
    else w.notes[u].push({ kind: 'screened_out', message: `only ${roundTo(s * 100, 1)}% of the indicators are present (minimum ${min * 100}%)`, value: s });
  }
  if (keepIdx.length === w.n) return;
  w.active = keepIdx.map((u) => w.active[u]);
  w.units = keepIdx.map((u) => w.units[u]);
  w.notes = keepIdx.map((u) => w.notes[u]);
  for (const li of plan.leaves) {
    const src = w.cols.get(li)!;
    w.cols.set(li, Float64Array.from(keepIdx, (u) => src[u]));
  }
  w.n = keepIdx.length;
}

/** Each unit's share of leaves present after imputation: what screening counts by default. */
export function presentShare(plan: Plan, w: WorkingSet): (u: number) => number {
  const count = new Float64Array(w.n);
  for (const li of plan.leaves) {
    const col = w.cols.get(li)!;
    for (let u = 0; u < w.n; u++) if (col[u] === col[u]) count[u]++;
  }
  const leaves = plan.leaves.length;
  return (u) => (leaves === 0 ? 1 : count[u] / leaves);
}
