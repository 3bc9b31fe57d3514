import { dirichlet, uniform } from './distributions';
import type { Prng } from './prng';

/**
 * A declared source of uncertainty: what the official run used (`nominal`) and how to draw an alternative.
 * `alloc` makes the holder a draw is written into, once per run, so that a Monte Carlo loop draws without
 * allocating (weights into a Float64Array); sources of immutable values (a choice among options) ignore it.
 */
export interface Source<T> {
  readonly kind: string;
  readonly nominal: T;
  alloc(): T;
  draw(rng: Prng, into: T): T;
}

/** The sources of an analysis by name; their order (the object's key order) is the order of the sensitivity indices. */
export type Sources = Readonly<Record<string, Source<unknown>>>;

/** One draw of every source: what the caller's model is given. The same object is reused from sample to sample. */
export type Sample<S extends Sources> = { -readonly [K in keyof S]: S[K] extends Source<infer T> ? T : never };

/** The official choices: every source's nominal value. */
export function nominalSample<S extends Sources>(sources: S): Sample<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sources)) out[key] = sources[key].nominal;
  return out as Sample<S>;
}

function checkWeights(weights: readonly number[], what: string): void {
  if (weights.length === 0) throw new RangeError(`${what}: no weights`);
  for (const w of weights) if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`${what}: weight ${w} is not a finite number ≥ 0`);
}

/**
 * Weights each moved independently by up to ± `factor` of their official value: w × (1 + factor × U(−1, 1)), as
 * COINr's `get_noisy_weights` (its NoiseFactor). Not renormalised: weighted means divide by their sum anyway.
 */
export function weightRange(weights: readonly number[], factor: number): Source<Float64Array> {
  checkWeights(weights, 'weightRange');
  if (!(factor >= 0 && factor < 1)) throw new RangeError(`weightRange: factor must be in [0, 1) (got ${factor})`);
  const nominal = Float64Array.from(weights);
  return {
    kind: 'weights',
    nominal,
    alloc: () => new Float64Array(weights.length),
    draw(rng, into) {
      for (let i = 0; i < nominal.length; i++) into[i] = nominal[i] * (1 + factor * uniform(rng, -1, 1));
      return into;
    },
  };
}

/**
 * Weights drawn from a Dirichlet centred on the official ones: shares ~ Dirichlet(concentration × w / Σw), scaled
 * back to Σw. The mean of each weight is its official value; the larger the concentration, the tighter the draws
 * (the variance of a share p is p(1 − p) / (concentration + 1)). Zero weights stay zero.
 */
export function weightDirichlet(weights: readonly number[], concentration: number): Source<Float64Array> {
  checkWeights(weights, 'weightDirichlet');
  if (!(concentration > 0) || !Number.isFinite(concentration)) {
    throw new RangeError(`weightDirichlet: concentration must be > 0 (got ${concentration})`);
  }
  const nominal = Float64Array.from(weights);
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new RangeError('weightDirichlet: the weights sum to 0');
  const positive = weights.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0);
  const alpha = Float64Array.from(positive, (i) => (concentration * weights[i]) / total);
  const shares = new Float64Array(positive.length);
  return {
    kind: 'weights',
    nominal,
    alloc: () => new Float64Array(weights.length),
    draw(rng, into) {
      into.fill(0);
      dirichlet(rng, alpha, shares);
      for (let k = 0; k < positive.length; k++) into[positive[k]] = shares[k] * total;
      return into;
    },
  };
}

/**
 * One of a list of alternatives, each equally likely: the aggregation (arithmetic / geometric), a normalisation, an
 * imputation, or anything the caller's model knows how to apply. The first option is the official one unless
 * `nominal` says otherwise.
 */
export function choice<T>(options: readonly T[], nominal: T = options[0]): Source<T> {
  if (options.length === 0) throw new RangeError('choice: no options');
  return {
    kind: 'choice',
    nominal,
    alloc: () => nominal,
    draw: (rng) => options[rng.nextInt(options.length)],
  };
}

/** The aggregation alternatives of a composite index. */
export type AggregationChoice = 'arithmetic' | 'geometric';

export function aggregationChoice(
  options: readonly AggregationChoice[] = ['arithmetic', 'geometric'],
  nominal: AggregationChoice = options[0],
): Source<AggregationChoice> {
  return { ...choice(options, nominal), kind: 'aggregation' };
}

/** A continuous input uniform on [lo, hi) (a parameter, or the X_i of a test function). */
export function uniformSource(lo = 0, hi = 1, nominal = (lo + hi) / 2): Source<number> {
  if (!(hi > lo)) throw new RangeError(`uniformSource: need lo < hi (got ${lo}, ${hi})`);
  return { kind: 'uniform', nominal, alloc: () => nominal, draw: (rng) => uniform(rng, lo, hi) };
}

/**
 * Candidate values per cell (a unit's leaf, a reviewer's spread): each cell's value is drawn among its candidates,
 * equally likely, independently of the other cells. `candidates[c]` lists cell c's values (an empty list or a single
 * value: the cell never moves); `nominal[c]` is the official value (default: the first candidate, NaN for none).
 * A draw is a Float64Array of one value per cell, written in place.
 */
export function candidates(cells: readonly (readonly number[])[], nominal?: readonly number[]): Source<Float64Array> {
  const n = cells.length;
  const offsets = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) offsets[c + 1] = offsets[c] + cells[c].length;
  const flat = new Float64Array(offsets[n]);
  for (let c = 0; c < n; c++) flat.set(cells[c], offsets[c]);
  const official = Float64Array.from({ length: n }, (_, c) => nominal?.[c] ?? (cells[c].length ? cells[c][0] : NaN));
  return {
    kind: 'candidates',
    nominal: official,
    alloc: () => new Float64Array(n),
    draw(rng, into) {
      for (let c = 0; c < n; c++) {
        const k = offsets[c + 1] - offsets[c];
        into[c] = k === 0 ? official[c] : k === 1 ? flat[offsets[c]] : flat[offsets[c] + rng.nextInt(k)];
      }
      return into;
    },
  };
}
