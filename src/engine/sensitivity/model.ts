import type { Sample, Sources } from './sources';

/**
 * The composite index under one sample of the uncertain choices: one value per unit, always in the same unit order
 * (NaN: the unit is not ranked in this sample). Write into `out` (a Float64Array of one slot per unit, reused from
 * sample to sample) and return nothing, or return an array of your own. The sample object and the typed arrays in it
 * are reused: read them, do not keep them.
 */
export type IndexModel<S extends Sources> = (sample: Sample<S>, out: Float64Array) => ArrayLike<number> | void;

/** What the model returns: index values to rank (standard competition ranking), or ranks it computed itself. */
export type ModelOutput = 'scores' | 'ranks';

export interface RunOptions {
  /** Reproducibility: the same seed, sources and model give the same results bit for bit. An integer. */
  seed: number;
  /** Called after each model evaluation (a queue job's progress). */
  onProgress?: (done: number, total: number) => void;
}

export function evaluate<S extends Sources>(model: IndexModel<S>, sample: Sample<S>, out: Float64Array): ArrayLike<number> {
  const given = model(sample, out);
  return (given as ArrayLike<number> | undefined) ?? out;
}
