import type { NodeColumns } from '../aggregate';
import type { Plan } from '../plan';
import type { LeafNotes, WorkingSet } from './columns';
import { leafColumns } from './missing';

/**
 * The rule leaves' values (points / max) and the missing-value policy on them: nothing of it depends on weights,
 * aggregation or normalisation, so it is done once, before the stages a re-run repeats. The notes are kept per leaf
 * for the runs to merge in leaf order with the normalised leaves' own.
 */
export function ruleLeafValues(plan: Plan, w: WorkingSet, constant: (x: number) => Float64Array): { cols: Map<number, NodeColumns>; notes: Map<number, LeafNotes> } {
  const missing = plan.framework.missing ?? 'zero';
  const cols = new Map<number, NodeColumns>();
  const notes = new Map<number, LeafNotes>();
  const n = w.n;
  for (const li of plan.leaves) {
    const leaf = plan.nodes[li];
    if (leaf.mode === 'normalize') continue;
    const max = leaf.maxPoints!;
    // A rule leaf's column already holds its points.
    const points = w.cols.get(li)!;
    const value = new Float64Array(n);
    for (let u = 0; u < n; u++) value[u] = max > 0 ? points[u] / max : Number.NaN;
    const kept: LeafNotes = { units: [], notes: [] };
    cols.set(li, leafColumns(leaf, value, points, n, missing, constant, (u, note) => {
      kept.units.push(u);
      kept.notes.push(note);
    }));
    notes.set(li, kept);
  }
  return { cols, notes };
}
