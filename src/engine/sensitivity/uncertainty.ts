import { evaluate, type IndexModel, type ModelOutput, type RunOptions } from './model';
import { MATRIX_A, SampleDrawer } from './design';
import { RankCollector, type RankStatistics } from './rank-stats';
import { competitionRanksInto } from '../rank';
import { nominalSample, type Sources } from './sources';

export interface UncertaintyOptions extends RunOptions {
  /** The number of units the model scores (the length of what it returns). */
  units: number;
  /** Monte Carlo samples; default 1,000. */
  samples?: number;
  /** The top of the table whose membership is reported (P(rank ≤ top)); default 10. */
  top?: number;
  /** The official ranks (0 or NaN: unranked); default the model's ranks under every source's nominal value. */
  official?: ArrayLike<number>;
  /** What the model returns; default 'scores'. */
  output?: ModelOutput;
  /** Keep every sample's ranks in the result (units × samples, unit-major). */
  keepRanks?: boolean;
}

export interface UncertaintyResult extends RankStatistics {
  seed: number;
  sources: string[];
}

export const DEFAULT_SAMPLES = 1000;
export const DEFAULT_TOP = 10;

/** The official ranks: the model under every source's nominal value. */
export function officialRanks<S extends Sources>(sources: S, model: IndexModel<S>, units: number, output: ModelOutput = 'scores'): Int32Array {
  const values = evaluate(model, nominalSample(sources), new Float64Array(units));
  const out = new Int32Array(units);
  if (output === 'ranks') for (let u = 0; u < units; u++) out[u] = Number.isFinite(values[u]) && values[u] >= 1 ? values[u] : 0;
  else competitionRanksInto(values, out, new Float64Array(units));
  return out;
}

/**
 * Monte Carlo uncertainty analysis: `samples` draws of every source (seeded; the draws of a sensitivity analysis'
 * matrix A with the same seed), the model run on each, and per unit the median rank, the 5–95 % rank interval, the
 * mean rank, the probability of the top `top` and of keeping the official rank.
 */
export function uncertainty<S extends Sources>(sources: S, model: IndexModel<S>, options: UncertaintyOptions): UncertaintyResult {
  const n = options.samples ?? DEFAULT_SAMPLES;
  const units = options.units;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`uncertainty: samples must be a positive integer (got ${n})`);
  if (!(Number.isInteger(units) && units >= 1)) throw new RangeError(`uncertainty: units must be a positive integer (got ${units})`);
  const output = options.output ?? 'scores';
  const official = options.official ?? officialRanks(sources, model, units, output);
  const drawer = new SampleDrawer(sources, options.seed);
  const collector = new RankCollector(units, n);
  const out = new Float64Array(units);
  for (let r = 0; r < n; r++) {
    collector.add(evaluate(model, drawer.fill(r, MATRIX_A), out), output);
    options.onProgress?.(r + 1, n);
  }
  const stats = collector.statistics(official, options.top ?? DEFAULT_TOP, options.keepRanks ?? false);
  return { ...stats, seed: options.seed, sources: drawer.keys };
}
