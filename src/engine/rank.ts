/**
 * Standard competition ranking ("1224"): descending, equal values share the best rank and the next rank skips.
 * Callers pass values already rounded to the published precision; null takes no rank place and gets no rank.
 */
export function competitionRanks(values: ReadonlyArray<number | null>): (number | null)[] {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) order.push(i);
  }
  // Ties keep their input order (units are sorted by code), so the sort is deterministic.
  order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  const ranks: (number | null)[] = new Array<number | null>(values.length).fill(null);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    ranks[i] = k > 0 && values[order[k - 1]] === values[i] ? ranks[order[k - 1]] : k + 1;
  }
  return ranks;
}

/** Competition ranks within each group (e.g. ministries with and without public services). */
export function groupRanks(values: ReadonlyArray<number | null>, groups: readonly string[]): (number | null)[] {
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
