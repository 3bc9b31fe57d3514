import { EngineFrameworkError } from './errors';
import type { Aggregation } from './framework.model';

/** Per node and unit: scored, missing (dropped by the missing-value policy), or not scored (maxPoints 0). */
export const OK = 0;
export const MISSING = 1;
export const NOT_SCORED = 2;

export interface NodeColumns {
  value: Float64Array;
  /** NaN where the node has no maxPoints. */
  points: Float64Array;
  max: Float64Array;
  status: Uint8Array;
}

export interface ChildColumns {
  code: string;
  cols: NodeColumns;
  weight: number;
}

/**
 * Combines a group's children for every unit. Children are summed in framework order so results are the same bit
 * for bit whatever the caller's order. A missing child is left out: with `points` its max goes too, with means its
 * weight (the weights are renormalised). A child that is not scored (maxPoints 0) adds nothing and divides nothing.
 */
export function aggregateGroup(
  code: string,
  aggregation: Aggregation,
  declaredMax: number | undefined,
  children: ChildColumns[],
  n: number,
  constant: (x: number) => Float64Array = (x) => new Float64Array(n).fill(x),
): NodeColumns {
  const mode = aggregation === 'points' ? 0 : aggregation === 'weighted_mean' ? 1 : 2;
  const value = new Float64Array(n);
  const status = new Uint8Array(n);
  // A mean without maxPoints has no points: share one NaN column instead of filling two per group.
  const hasPoints = mode === 0 || declaredMax !== undefined;
  const points = hasPoints ? new Float64Array(n) : constant(Number.NaN);
  const max = hasPoints ? new Float64Array(n) : constant(Number.NaN);
  const out: NodeColumns = { value, points, max, status };
  const k = children.length;
  if (declaredMax === 0) {
    status.fill(NOT_SCORED);
    value.fill(Number.NaN);
    return out;
  }
  const cv = children.map((c) => c.cols.value);
  const cp = children.map((c) => c.cols.points);
  const cm = children.map((c) => c.cols.max);
  const cs = children.map((c) => c.cols.status);
  const w = children.map((c) => c.weight);

  for (let u = 0; u < n; u++) {
    let a = 0;
    let b = 0;
    let anyMissing = false;
    for (let j = 0; j < k; j++) {
      const s = cs[j][u];
      if (s === NOT_SCORED) continue;
      if (s === MISSING) {
        anyMissing = true;
        continue;
      }
      if (mode === 0) {
        a += cp[j][u];
        b += cm[j][u];
      } else {
        const wj = w[j];
        if (wj === 0) continue;
        const v = cv[j][u];
        if (mode === 1) a += wj * v;
        else {
          if (v < 0) throw new EngineFrameworkError(`geometric mean of a negative value (${children[j].code})`, code);
          a += wj * Math.log(v);
        }
        b += wj;
      }
    }
    if (b === 0) {
      status[u] = anyMissing ? MISSING : NOT_SCORED;
      value[u] = Number.NaN;
      if (hasPoints) {
        points[u] = mode === 0 ? 0 : Number.NaN;
        max[u] = mode === 0 ? 0 : Number.NaN;
      }
      continue;
    }
    if (mode === 0) {
      value[u] = a / b;
      points[u] = a;
      max[u] = b;
    } else {
      const v = mode === 1 ? a / b : Math.exp(a / b);
      value[u] = v;
      if (hasPoints) {
        points[u] = v * declaredMax!;
        max[u] = declaredMax!;
      }
    }
  }
  return out;
}
