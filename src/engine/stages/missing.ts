import { MISSING, NOT_SCORED, type NodeColumns } from '../aggregate';
import type { MissingPolicy } from '../framework.model';
import type { PlanNode } from '../plan';
import type { UnitNote } from '../types';

/**
 * A leaf's columns after the missing-value policy: a missing value is dropped (its weight renormalised away) or
 * counted as zero. `value` and `points` are changed in place (the caller owns them); a leaf with maxPoints 0 is
 * not scored at all. Notes go through `note` so that each stage can keep them where its runs need them.
 */
export function leafColumns(
  leaf: PlanNode,
  value: Float64Array,
  points: Float64Array,
  n: number,
  missing: MissingPolicy,
  constant: (x: number) => Float64Array,
  note: (u: number, note: UnitNote) => void,
): NodeColumns {
  const max = leaf.maxPoints;
  const status = new Uint8Array(n);
  if (max === 0) {
    status.fill(NOT_SCORED);
    value.fill(Number.NaN);
    return { value, points: constant(0), max: constant(0), status };
  }
  const scaled = leaf.mode === 'normalize' && max !== undefined;
  for (let u = 0; u < n; u++) {
    const v = value[u];
    if (v !== v) {
      if (missing === 'drop') {
        status[u] = MISSING;
        note(u, { kind: 'dropped', node: leaf.code, message: 'missing; left out and the weights renormalised' });
        continue;
      }
      value[u] = 0;
      if (points !== value && max !== undefined) points[u] = 0;
      note(u, { kind: 'zero', node: leaf.code, message: missing === 'zero' ? 'missing; counted as zero' : 'missing and nothing to impute from; counted as zero' });
    }
    if (scaled) points[u] = value[u] * max;
  }
  return { value, points, max: constant(max === undefined ? Number.NaN : max), status };
}
