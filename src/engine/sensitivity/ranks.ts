/**
 * Standard competition ranks ("1224"), as the engine's `competitionRanks` gives them (descending; ties share the
 * best rank; a non-finite value gets no rank, written here as 0), but into arrays the caller keeps: a Monte Carlo
 * loop ranks thousands of times and must not allocate each time. The spec checks it against `competitionRanks`.
 *
 * `scratch` needs values.length slots. Callers that publish ranks round the values first, as the engine does.
 */
export function competitionRanksInto(values: ArrayLike<number>, out: Int32Array, scratch: Float64Array): Int32Array {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isFinite(v)) scratch[m++] = v;
  }
  const asc = scratch.subarray(0, m).sort();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
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
