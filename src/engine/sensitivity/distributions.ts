import type { Prng } from './prng';

/** A uniform double in [lo, hi). */
export function uniform(rng: Prng, lo = 0, hi = 1): number {
  return lo + (hi - lo) * rng.next();
}

/** A standard normal deviate: Marsaglia's polar method (the second deviate is discarded: no hidden state). */
export function standardNormal(rng: Prng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, 1) deviate: Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for
 * shape < 1, Gamma(shape + 1) × U^(1/shape).
 */
export function gamma(rng: Prng, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma: shape must be > 0 (got ${shape})`);
  if (shape < 1) {
    const u = 1 - rng.next(); // (0, 1]
    return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next(); // (0, 1]: log(u) is finite
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Dirichlet(alpha) draw into `out` (length of alpha): independent Gamma(alpha_i) deviates over their sum. */
export function dirichlet(rng: Prng, alpha: ArrayLike<number>, out: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < alpha.length; i++) {
    const g = gamma(rng, alpha[i]);
    out[i] = g;
    sum += g;
  }
  // Only concentrations far below any sensible use underflow every deviate to 0: then spread evenly.
  if (!(sum > 0)) {
    for (let i = 0; i < alpha.length; i++) out[i] = 1 / alpha.length;
    return out;
  }
  for (let i = 0; i < alpha.length; i++) out[i] /= sum;
  return out;
}
