/**
 * Standard competition ranking ("1224"): descending, equal values share the best rank and the next rank skips;
 * a unit's rank is 1 + the number of values strictly above its own. Callers pass values already rounded to the
 * published precision; null (or NaN) takes no rank place and gets no rank.
 */
export function competitionRanks(values: ReadonlyArray<number | null> | Float64Array): (number | null)[] {
  const n = values.length;
  const into = competitionRanksInto(values, new Int32Array(n), new Float64Array(n));
  const ranks: (number | null)[] = new Array<number | null>(n);
  for (let i = 0; i < n; i++) ranks[i] = into[i] === 0 ? null : into[i];
  return ranks;
}

/**
 * competitionRanks into arrays the caller keeps (no rank: 0), for a Monte Carlo loop that ranks thousands of times
 * and must not allocate each time. `scratch` needs values.length slots.
 */
export function competitionRanksInto(values: ArrayLike<number | null>, out: Int32Array, scratch: Float64Array): Int32Array {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) scratch[m++] = v;
  }
  // A typed-array sort is numeric, ascending and needs no comparator; ranks then come from a binary search.
  const asc = scratch.subarray(0, m).sort();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = 0;
      continue;
    }
    // 1 + the number of values strictly above v: the first index whose value is > v.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (asc[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = 1 + (m - lo);
  }
  return out;
}

/** Competition ranks within each group (e.g. ministries with and without public services). */
export function groupRanks(values: ReadonlyArray<number | null> | Float64Array, groups: readonly string[]): (number | null)[] {
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < values.length; i++) {
    const list = byGroup.get(groups[i]) ?? [];
    list.push(i);
    byGroup.set(groups[i], list);
  }
  const out: (number | null)[] = new Array<number | null>(values.length).fill(null);
  for (const members of byGroup.values()) {
    const ranks = competitionRanks(members.map((i) => values[i]));
    members.forEach((i, k) => (out[i] = ranks[k]));
  }
  return out;
}
