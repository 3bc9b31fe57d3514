import type { NodeColumns } from '../aggregate';
import { normalizeColumn } from '../normalize';
import type { Plan } from '../plan';
import type { StageTable, UnitNote } from '../types';
import type { ScoreColumns } from './columns';
import { leafColumns } from './missing';
import { keepStage } from './stage-table';

/**
 * Every leaf's columns for one run: normalised leaves are normalised by the plan's method (which a re-run may
 * change) and then meet the missing-value policy; rule leaves come as the early stages left them. Leaves are taken
 * in framework order so that each unit's notes read in that order, as they always have.
 */
export function normaliseLeaves(plan: Plan, columns: ScoreColumns, nodeCols: NodeColumns[], notes: UnitNote[][], normalised?: StageTable): void {
  const { nodes, leaves } = plan;
  const { n, units, constant } = columns;
  const missing = plan.framework.missing ?? 'zero';
  const push = (u: number, note: UnitNote): void => {
    notes[u].push(note);
  };
  for (const li of leaves) {
    const leaf = nodes[li];
    if (leaf.mode !== 'normalize') {
      nodeCols[li] = columns.ruleLeaves.get(li)!;
      const kept = columns.ruleNotes.get(li)!;
      for (let k = 0; k < kept.units.length; k++) notes[kept.units[k]].push(kept.notes[k]);
      continue;
    }
    const out = normalizeColumn(columns.inputs.get(li)!, leaf.normalization!, leaf.direction);
    if (out.degenerate && n > 0) {
      for (let u = 0; u < n; u++) notes[u].push({ kind: 'not_scored', node: leaf.code, message: `${out.degenerate}: every unit gets the middle of the scale` });
    }
    keepStage(normalised, units, n, leaf.code, out.values);
    const points = leaf.maxPoints === undefined ? constant(Number.NaN) : new Float64Array(n);
    nodeCols[li] = leafColumns(leaf, out.values, points, n, missing, constant, push);
  }
}
