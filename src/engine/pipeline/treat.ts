import type { Pipeline } from '../framework.model';
import { kurtosis, skewness } from './moments';

export type TreatSpec = NonNullable<Pipeline['treat']>;

export interface TreatOutcome {
  values: Float64Array;
  skew: number;
  kurtosis: number;
  passed: boolean;
  /** Indices of the points winsorisation changed (empty when it passed or was undone for the log). */
  changed: number[];
  logged: boolean;
  after?: { skew: number; kurtosis: number; passed: boolean };
}

/** Passes when |skew| < skew threshold or kurtosis < kurtosis threshold (COINr's check_SkewKurt). */
export function passesSkewKurt(skew: number, kurt: number, spec: TreatSpec): boolean {
  // Too few points to measure shape (NaN) is not an outlier problem.
  if (!Number.isFinite(skew) || !Number.isFinite(kurt)) return true;
  return Math.abs(skew) < spec.skew || kurt < spec.kurtosis;
}

/**
 * COINr's winsorisation: while the column fails, move every point equal to the maximum down to the next-highest
 * value (the minimum up to the next-lowest when skew < 0), one step at a time, until it passes or maxWinsorised
 * points were changed; if it still fails, take the log of the untreated column instead (fallback 'log').
 */
export function treatColumn(x: ArrayLike<number>, spec: TreatSpec): TreatOutcome {
  const n = x.length;
  const values = Float64Array.from(x);
  const skew0 = skewness(values);
  const kurt0 = kurtosis(values);
  if (passesSkewKurt(skew0, kurt0, spec)) {
    return { values, skew: skew0, kurtosis: kurt0, passed: true, changed: [], logged: false };
  }
  const changed = new Set<number>();
  let skew = skew0;
  let kurt = kurt0;
  while (!passesSkewKurt(skew, kurt, spec) && changed.size < spec.maxWinsorised) {
    const high = skew >= 0;
    let extreme = high ? -Infinity : Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v && (high ? v > extreme : v < extreme)) extreme = v;
    }
    let next = high ? -Infinity : Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v && v !== extreme && (high ? v > next : v < next)) next = v;
    }
    if (!Number.isFinite(next)) break;
    for (let i = 0; i < n; i++) {
      if (values[i] === extreme) {
        values[i] = next;
        changed.add(i);
      }
    }
    skew = skewness(values);
    kurt = kurtosis(values);
  }
  const passed = passesSkewKurt(skew, kurt, spec);
  if (passed || (spec.fallback ?? 'log') === 'none') {
    return {
      values,
      skew: skew0,
      kurtosis: kurt0,
      passed: false,
      changed: [...changed].sort((a, b) => a - b),
      logged: false,
      after: { skew, kurtosis: kurt, passed },
    };
  }
  const logged = logTransform(x);
  const ls = skewness(logged);
  const lk = kurtosis(logged);
  return {
    values: logged,
    skew: skew0,
    kurtosis: kurt0,
    passed: false,
    changed: [],
    logged: true,
    after: { skew: ls, kurtosis: lk, passed: passesSkewKurt(ls, lk, spec) },
  };
}

/**
 * The COIN Tool's log (COINr log_CT): ln((max - 1)(x - min) / (max - min) + 1), which keeps the range's
 * ends (min → 0, max → ln(max)) and is defined for zero and negative values, unlike a plain log.
 */
export function logTransform(x: ArrayLike<number>): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = max === min ? 0 : Math.log(((max - 1) * (v - min)) / (max - min) + 1);
  }
  return out;
}
