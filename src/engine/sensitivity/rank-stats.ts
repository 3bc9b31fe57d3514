import { quantileSorted } from './quantile';
import { CompetitionRanker } from './ranker';

/** What an uncertainty analysis says of each unit, one entry per unit in the model's order (typed columns). */
export interface RankStatistics {
  /** The number of model evaluations the statistics come from. */
  samples: number;
  /** The official rank each unit's statistics compare with (0: unranked). */
  official: Int32Array;
  median: Float64Array;
  /** The 5 % and 95 % quantiles of the rank (R's type 7, as COINr's Q5 and Q95). */
  q05: Float64Array;
  q95: Float64Array;
  mean: Float64Array;
  /** The share of samples in which the unit ranks within the top `top`. */
  pTop: Float64Array;
  /** The share of samples in which the unit has exactly its official rank. */
  pKeep: Float64Array;
  top: number;
  /** Ranks per unit and sample, unit-major (unit u's ranks at u × samples …), when asked to keep them. */
  ranks?: Int32Array;
}

/**
 * Collects the ranks of every sample into one Int32Array allocated up front (samples × units, sample-major: a
 * sample's ranks are one contiguous copy), ranking scores into reused buffers: nothing is allocated per sample.
 * The statistics read it back a block of units at a time (a cache-friendly transpose).
 */
export class RankCollector {
  private readonly matrix: Int32Array;
  private readonly ranks: Int32Array;
  private readonly ranker: CompetitionRanker;
  private filled = 0;

  constructor(
    readonly units: number,
    readonly capacity: number,
  ) {
    this.matrix = new Int32Array(units * capacity);
    this.ranks = new Int32Array(units);
    this.ranker = new CompetitionRanker(units);
  }

  /** Ranks one sample's scores (or takes its ranks as given) without storing them; returns a reused array. */
  rankOnly(values: ArrayLike<number>, given: 'scores' | 'ranks'): Int32Array {
    if (values.length !== this.units) throw new RangeError(`the model gave ${values.length} values for ${this.units} units`);
    if (given === 'scores') this.ranker.rank(values, this.ranks);
    else for (let u = 0; u < this.units; u++) this.ranks[u] = Number.isFinite(values[u]) && values[u] >= 1 ? values[u] : 0;
    return this.ranks;
  }

  /** Ranks one sample's scores (or takes its ranks as given), stores them and returns them (a reused array). */
  add(values: ArrayLike<number>, given: 'scores' | 'ranks'): Int32Array {
    if (this.filled >= this.capacity) throw new RangeError('more samples than declared');
    this.rankOnly(values, given);
    this.matrix.set(this.ranks, this.filled++ * this.units);
    return this.ranks;
  }

  /** The statistics per unit (and, with `keep`, every sample's ranks, unit-major). */
  statistics(official: ArrayLike<number>, top: number, keep = false): RankStatistics {
    const n = this.filled;
    const units = this.units;
    const out: RankStatistics = {
      samples: n,
      official: Int32Array.from({ length: units }, (_, u) => official[u] ?? 0),
      median: new Float64Array(units),
      q05: new Float64Array(units),
      q95: new Float64Array(units),
      mean: new Float64Array(units),
      pTop: new Float64Array(units),
      pKeep: new Float64Array(units),
      top,
    };
    if (keep) out.ranks = new Int32Array(units * n);
    const BLOCK = 64;
    const block = new Int32Array(Math.min(BLOCK, units) * n);
    for (let u0 = 0; u0 < units; u0 += BLOCK) {
      const width = Math.min(BLOCK, units - u0);
      for (let c = 0; c < n; c++) {
        const base = c * units + u0;
        for (let k = 0; k < width; k++) block[k * n + c] = this.matrix[base + k];
      }
      if (keep) out.ranks!.set(block.subarray(0, width * n), u0 * n);
      for (let k = 0; k < width; k++) this.summarise(block.subarray(k * n, (k + 1) * n), u0 + k, out);
    }
    return out;
  }

  /** One unit's statistics from its ranks over the samples (sorted here, in place). */
  private summarise(samples: Int32Array, u: number, out: RankStatistics): void {
    const n = samples.length;
    const top = out.top;
    const row = samples.sort();
    // Unranked samples (0) sort first; the statistics are over the ranked ones.
    let first = 0;
    while (first < n && row[first] === 0) first++;
    const ranked = row.subarray(first);
    const m = ranked.length;
    if (m === 0) {
      out.median[u] = out.q05[u] = out.q95[u] = out.mean[u] = NaN;
      return;
    }
    let sum = 0;
    let inTop = 0;
    let kept = 0;
    const own = out.official[u];
    for (let k = 0; k < m; k++) {
      const r = ranked[k];
      sum += r;
      if (r <= top) inTop++;
      if (r === own) kept++;
    }
    out.median[u] = quantileSorted(ranked, 0.5);
    out.q05[u] = quantileSorted(ranked, 0.05);
    out.q95[u] = quantileSorted(ranked, 0.95);
    out.mean[u] = sum / m;
    // Shares of all samples: a sample where the unit is unranked is one where it is neither in the top nor kept.
    out.pTop[u] = inTop / n;
    out.pKeep[u] = kept / n;
  }
}
