import { quantileSorted } from './quantile';
import { competitionRanksInto } from './ranks';

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
 * Collects the ranks of every sample into one unit-major Int32Array allocated up front (units × samples), ranking
 * scores into reused buffers: nothing is allocated per sample.
 */
export class RankCollector {
  private readonly matrix: Int32Array;
  private readonly ranks: Int32Array;
  private readonly scratch: Float64Array;
  private filled = 0;

  constructor(
    readonly units: number,
    readonly capacity: number,
  ) {
    this.matrix = new Int32Array(units * capacity);
    this.ranks = new Int32Array(units);
    this.scratch = new Float64Array(units);
  }

  /** Ranks one sample's scores (or takes its ranks as given) without storing them; returns a reused array. */
  rankOnly(values: ArrayLike<number>, given: 'scores' | 'ranks'): Int32Array {
    if (values.length !== this.units) throw new RangeError(`the model gave ${values.length} values for ${this.units} units`);
    if (given === 'scores') competitionRanksInto(values, this.ranks, this.scratch);
    else for (let u = 0; u < this.units; u++) this.ranks[u] = Number.isFinite(values[u]) && values[u] >= 1 ? values[u] : 0;
    return this.ranks;
  }

  /** Ranks one sample's scores (or takes its ranks as given), stores them and returns them (a reused array). */
  add(values: ArrayLike<number>, given: 'scores' | 'ranks'): Int32Array {
    if (this.filled >= this.capacity) throw new RangeError('more samples than declared');
    this.rankOnly(values, given);
    const col = this.filled++;
    for (let u = 0; u < this.units; u++) this.matrix[u * this.capacity + col] = this.ranks[u];
    return this.ranks;
  }

  /** The statistics per unit; sorts each unit's ranks in place unless `keep` (then on a copy, kept in the result). */
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
    if (keep) {
      out.ranks = new Int32Array(units * n);
      for (let u = 0; u < units; u++) out.ranks.set(this.matrix.subarray(u * this.capacity, u * this.capacity + n), u * n);
    }
    for (let u = 0; u < units; u++) {
      const row = this.matrix.subarray(u * this.capacity, u * this.capacity + n).sort();
      // Unranked samples (0) sort first; the statistics are over the ranked ones.
      let first = 0;
      while (first < n && row[first] === 0) first++;
      const ranked = row.subarray(first);
      const m = ranked.length;
      if (m === 0) {
        out.median[u] = out.q05[u] = out.q95[u] = out.mean[u] = NaN;
        continue;
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
    return out;
  }
}
