/**
 * Group-mean imputation: a missing value takes the mean of the same leaf over the units of its group (a unit
 * group column, e.g. EurAsia_group), summed in unit order. Where the group has no value at all, the mean over
 * every unit is used; where no unit has one, the value stays missing for the missing-value policy.
 */

export interface Imputation {
  unit: number;
  value: number;
  /** 'group' or 'all' (the group had no value). */
  from: 'group' | 'all';
}

export function imputeGroupMean(x: Float64Array, groups: readonly string[]): Imputation[] {
  const n = x.length;
  let anyMissing = false;
  for (let i = 0; i < n && !anyMissing; i++) anyMissing = x[i] !== x[i];
  if (!anyMissing) return [];
  const sums = new Map<string, { sum: number; count: number }>();
  let allSum = 0;
  let allCount = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) continue;
    const g = sums.get(groups[i]) ?? { sum: 0, count: 0 };
    g.sum += v;
    g.count++;
    sums.set(groups[i], g);
    allSum += v;
    allCount++;
  }
  const out: Imputation[] = [];
  for (let i = 0; i < n; i++) {
    if (x[i] === x[i]) continue;
    const g = sums.get(groups[i]);
    if (g && g.count > 0) {
      x[i] = g.sum / g.count;
      out.push({ unit: i, value: x[i], from: 'group' });
    } else if (allCount > 0) {
      x[i] = allSum / allCount;
      out.push({ unit: i, value: x[i], from: 'all' });
    }
  }
  return out;
}
