import type { Direction, Normalization } from './framework.model';

/**
 * Normalisation across the units of one run. Columns are Float64Arrays over the units (sorted by code), NaN for
 * a missing value, which stays missing. Statistics are summed in unit order, so the result does not depend on the
 * order the caller gave the units in.
 */

export interface ColumnStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n - 1), as R's sd() and COINr. */
  sd: number;
}

export function columnStats(x: ArrayLike<number>): ColumnStats {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : Number.NaN;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === v) ss += (v - mean) * (v - mean);
  }
  return { count, min, max, mean, sd: count > 1 ? Math.sqrt(ss / (count - 1)) : Number.NaN };
}

export interface NormalizeOutcome {
  values: Float64Array;
  /** Why the column could not be spread (all values equal): every unit got the midpoint. */
  degenerate?: string;
}

export function normalizeColumn(x: ArrayLike<number>, method: Normalization, direction: Direction): NormalizeOutcome {
  const n = x.length;
  const out = new Float64Array(n);
  switch (method.method) {
    case 'none': {
      for (let i = 0; i < n; i++) out[i] = x[i];
      return { values: out };
    }
    case 'minmax': {
      const lower = method.lower ?? 0;
      const upper = method.upper ?? 1;
      // Direction first, then the run's min and max, as COINr: (x·d - min) / (max - min) · (u - l) + l.
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = x[i] * direction;
      const s = columnStats(d);
      if (s.count > 0 && s.max === s.min) {
        // Nothing tells the units apart: all get the middle rather than a division by zero.
        for (let i = 0; i < n; i++) out[i] = d[i] === d[i] ? (lower + upper) / 2 : Number.NaN;
        return { values: out, degenerate: 'all values are equal' };
      }
      const range = s.max - s.min;
      for (let i = 0; i < n; i++) out[i] = ((d[i] - s.min) / range) * (upper - lower) + lower;
      return { values: out };
    }
    case 'zscore': {
      const m = method.mean ?? 0;
      const sd = method.sd ?? 1;
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = x[i] * direction;
      const s = columnStats(d);
      if (s.count > 0 && !(s.sd > 0)) {
        for (let i = 0; i < n; i++) out[i] = d[i] === d[i] ? m : Number.NaN;
        return { values: out, degenerate: s.count === 1 ? 'one value only' : 'all values are equal' };
      }
      for (let i = 0; i < n; i++) out[i] = ((d[i] - s.mean) / s.sd) * sd + m;
      return { values: out };
    }
    case 'goalposts': {
      const { min, max } = method;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const t = direction === 1 ? (v - min) / (max - min) : (max - v) / (max - min);
        out[i] = t < 0 ? 0 : t > 1 ? 1 : t;
      }
      return { values: out };
    }
    case 'target': {
      const { target } = method;
      for (let i = 0; i < n; i++) {
        const v = x[i];
        // Lower is better: at or under the target is full marks, above it the share target / value.
        const t = direction === 1 ? v / target : v <= target ? 1 : target / v;
        out[i] = t !== t ? t : t < 0 ? 0 : t > 1 ? 1 : t;
      }
      return { values: out };
    }
  }
}
