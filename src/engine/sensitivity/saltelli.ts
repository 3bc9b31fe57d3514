import { DOMAIN_BOOTSTRAP, MATRIX_A, MATRIX_B, SampleDrawer } from './design';
import { evaluate, type IndexModel, type ModelOutput, type RunOptions } from './model';
import { Prng } from './prng';
import { quantileSorted } from './quantile';
import { RankCollector, type RankStatistics } from './rank-stats';
import type { Sample, Sources } from './sources';
import { DEFAULT_TOP, officialRanks } from './uncertainty';

/** The sensitivity of the output to one source. */
export interface SensitivityIndex {
  source: string;
  /** First-order index (Saltelli 2010): the share of the output's variance due to this source alone. */
  first: number;
  /** Total-effect index (Jansen 1999): the share due to this source with all its interactions. */
  total: number;
  /** Bootstrap percentile interval of each (5 %–95 % by default, as COINr's Si_q5 … STi_q95). */
  firstLow: number;
  firstHigh: number;
  totalLow: number;
  totalHigh: number;
}

export interface SensitivityResult {
  seed: number;
  /** N: rows of A and of B; the model ran N × (sources + 2) times. */
  samples: number;
  bootstrap: number;
  /** The interval's coverage (default 0.9: 5 %–95 %). */
  level: number;
  /** The variance of the output over the rows of A and B (what the indices divide by). */
  variance: number;
  indices: SensitivityIndex[];
}

export interface SensitivityOptions extends RunOptions {
  /** N, the base sample size; the model runs N × (d + 2) times. Default 1,000. */
  samples?: number;
  /** Bootstrap resamples for the intervals; default 1,000; 0 for none (the interval is then the estimate). */
  bootstrap?: number;
  /** Coverage of the bootstrap interval; default 0.9 (COINr's 5 % and 95 % quantiles). */
  level?: number;
}

/**
 * The outputs of a Saltelli design, laid out as COINr's `SA_estimate` reads them: y_A (N), y_B (N), then y_{A_B^i}
 * for each source i (N each).
 */
export interface SaltelliOutputs {
  n: number;
  d: number;
  y: Float64Array;
}

/**
 * First-order and total-effect indices from a Saltelli design's outputs, with bootstrap percentile intervals:
 *   V   = the sample variance of y_A and y_B together (n − 1 denominator),
 *   S_i = mean(y_B × (y_{A_B^i} − y_A)) / V                    (Saltelli et al. 2010, as COINr),
 *   ST_i = Σ (y_A − y_{A_B^i})² / (2N V)                        (Jansen 1999, as COINr).
 * The bootstrap resamples the N rows with replacement (one resample for all indices) and keeps V, as COINr does.
 */
export function estimateIndices(
  outputs: SaltelliOutputs,
  names: readonly string[],
  options: { seed: number; bootstrap?: number; level?: number },
): SensitivityResult {
  const { n, d, y } = outputs;
  if (y.length !== n * (d + 2)) throw new RangeError(`estimateIndices: ${y.length} outputs for N = ${n}, d = ${d}`);
  if (names.length !== d) throw new RangeError(`estimateIndices: ${names.length} names for ${d} sources`);
  const boot = options.bootstrap ?? 1000;
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw new RangeError(`estimateIndices: level must be in (0, 1) (got ${level})`);
  const yA = y.subarray(0, n);
  const yB = y.subarray(n, 2 * n);

  let mean = 0;
  for (let j = 0; j < 2 * n; j++) mean += y[j];
  mean /= 2 * n;
  let ss = 0;
  for (let j = 0; j < 2 * n; j++) ss += (y[j] - mean) * (y[j] - mean);
  const variance = 2 * n > 1 ? ss / (2 * n - 1) : 0;

  // The terms whose means are the estimators, per source: first-order and total-effect, N each.
  const firstTerms = new Float64Array(d * n);
  const totalTerms = new Float64Array(d * n);
  for (let i = 0; i < d; i++) {
    const yABi = y.subarray((2 + i) * n, (3 + i) * n);
    for (let j = 0; j < n; j++) {
      const diff = yABi[j] - yA[j];
      firstTerms[i * n + j] = yB[j] * diff;
      totalTerms[i * n + j] = diff * diff;
    }
  }
  // No output variance: no source moves the output; every index is 0 rather than 0 / 0.
  const first = (sum: number) => (variance > 0 ? sum / n / variance : 0);
  const total = (sum: number) => (variance > 0 ? sum / (2 * n * variance) : 0);

  const indices: SensitivityIndex[] = [];
  const sums = (terms: Float64Array, i: number) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += terms[i * n + j];
    return s;
  };
  for (let i = 0; i < d; i++) {
    const s = first(sums(firstTerms, i));
    const st = total(sums(totalTerms, i));
    indices.push({ source: names[i], first: s, total: st, firstLow: s, firstHigh: s, totalLow: st, totalHigh: st });
  }

  if (boot > 0) {
    const rng = new Prng();
    const pick = new Int32Array(n);
    const bootFirst = new Float64Array(d * boot);
    const bootTotal = new Float64Array(d * boot);
    for (let b = 0; b < boot; b++) {
      rng.reseed(options.seed, b, DOMAIN_BOOTSTRAP);
      for (let j = 0; j < n; j++) pick[j] = rng.nextInt(n);
      for (let i = 0; i < d; i++) {
        let sf = 0;
        let st = 0;
        for (let j = 0; j < n; j++) {
          sf += firstTerms[i * n + pick[j]];
          st += totalTerms[i * n + pick[j]];
        }
        bootFirst[i * boot + b] = first(sf);
        bootTotal[i * boot + b] = total(st);
      }
    }
    const lo = (1 - level) / 2;
    const hi = 1 - lo;
    for (let i = 0; i < d; i++) {
      const f = bootFirst.subarray(i * boot, (i + 1) * boot).sort();
      const t = bootTotal.subarray(i * boot, (i + 1) * boot).sort();
      indices[i].firstLow = quantileSorted(f, lo);
      indices[i].firstHigh = quantileSorted(f, hi);
      indices[i].totalLow = quantileSorted(t, lo);
      indices[i].totalHigh = quantileSorted(t, hi);
    }
  }
  return { seed: options.seed, samples: n, bootstrap: boot, level, variance, indices };
}

/**
 * Runs a scalar target over a Saltelli design (matrices A and B, and A_B^i: A with source i from B) and estimates
 * each source's first-order and total-effect index. A source may be a vector (a set of weights): it then acts as one
 * group factor, as COINr's sources do.
 */
export function sensitivity<S extends Sources>(
  sources: S,
  target: (sample: Sample<S>) => number,
  options: SensitivityOptions,
): SensitivityResult {
  const n = options.samples ?? 1000;
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`sensitivity: samples must be an integer ≥ 2 (got ${n})`);
  const drawer = new SampleDrawer(sources, options.seed);
  const d = drawer.dimension;
  const y = new Float64Array(n * (d + 2));
  const total = y.length;
  let done = 0;
  const run = (k: number, row: number, matrix: number, swapped: number) => {
    y[k] = target(drawer.fill(row, matrix, swapped));
    options.onProgress?.(++done, total);
  };
  for (let r = 0; r < n; r++) run(r, r, MATRIX_A, -1);
  for (let r = 0; r < n; r++) run(n + r, r, MATRIX_B, -1);
  for (let i = 0; i < d; i++) for (let r = 0; r < n; r++) run((2 + i) * n + r, r, MATRIX_A, i);
  return estimateIndices({ n, d, y }, drawer.keys, options);
}

export interface RankSensitivityOptions extends SensitivityOptions {
  units: number;
  top?: number;
  official?: ArrayLike<number>;
  output?: ModelOutput;
}

export interface RankSensitivityResult {
  sensitivity: SensitivityResult;
  /** The rank statistics over the rows of A and B (2N samples), as COINr's RankStats in a sensitivity run. */
  uncertainty: RankStatistics;
}

/**
 * COINr's `get_sensitivity(SA_type = "SA")` on an index model: the target of each run is the mean absolute rank
 * change from the official ranks over the ranked units; the rank statistics come from the rows of A and B.
 */
export function rankSensitivity<S extends Sources>(sources: S, model: IndexModel<S>, options: RankSensitivityOptions): RankSensitivityResult {
  const units = options.units;
  const output = options.output ?? 'scores';
  const official = options.official ?? officialRanks(sources, model, units, output);
  const n = options.samples ?? 1000;
  const collector = new RankCollector(units, 2 * n);
  const out = new Float64Array(units);
  const scratch = new RankCollector(units, 1);
  let evaluations = 0;
  const target = (sample: Sample<S>): number => {
    const values = evaluate(model, sample, out);
    // The first 2N evaluations are the rows of A and B: their ranks feed the uncertainty statistics.
    const ranks = evaluations < 2 * n ? collector.add(values, output) : scratch.rankOnly(values, output);
    evaluations++;
    let sum = 0;
    let m = 0;
    for (let u = 0; u < units; u++) {
      if (ranks[u] > 0 && official[u] > 0) {
        sum += Math.abs(ranks[u] - official[u]);
        m++;
      }
    }
    return m > 0 ? sum / m : 0;
  };
  const sens = sensitivity(sources, target, { ...options, samples: n });
  return { sensitivity: sens, uncertainty: collector.statistics(official, options.top ?? DEFAULT_TOP) };
}
