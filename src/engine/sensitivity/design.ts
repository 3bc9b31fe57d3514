import { Prng } from './prng';
import type { Sample, Sources } from './sources';

/** Which matrix of a Saltelli design a row comes from. Uncertainty analysis uses matrix A's rows. */
export const MATRIX_A = 0;
export const MATRIX_B = 1;

/** Random-number domains: the draws of the sources, and the bootstrap of the sensitivity indices. */
export const DOMAIN_DRAWS = 0;
export const DOMAIN_BOOTSTRAP = 1;

/**
 * Fills one reused sample object with row `row` of matrix A or B, or of A_B^i (A's row with source i taken from B's).
 * Every (row, matrix, source) has its own random stream, so a draw is the same wherever it appears: A_B^i equals A
 * except in source i, where it equals B, bit for bit; and the first n rows are the same whatever the total n.
 */
export class SampleDrawer<S extends Sources> {
  readonly keys: string[];
  readonly sample: Sample<S>;
  private readonly holders: unknown[];
  private readonly rng = new Prng();

  constructor(
    private readonly sources: S,
    private readonly seed: number,
  ) {
    this.keys = Object.keys(sources);
    if (this.keys.length === 0) throw new RangeError('no sources of uncertainty declared');
    this.holders = this.keys.map((k) => sources[k].alloc());
    this.sample = {} as Sample<S>;
  }

  get dimension(): number {
    return this.keys.length;
  }

  fill(row: number, matrix: number, swapped = -1): Sample<S> {
    const d = this.keys.length;
    const out = this.sample as Record<string, unknown>;
    for (let i = 0; i < d; i++) {
      const m = i === swapped ? MATRIX_B : matrix;
      this.rng.reseed(this.seed, (row * 2 + m) * d + i, DOMAIN_DRAWS);
      const key = this.keys[i];
      out[key] = this.sources[key].draw(this.rng, this.holders[i]);
    }
    return this.sample;
  }
}
