import type { ScoredUnits, UnitScore } from '../scoring/score-results';

/**
 * The engine's results from a snapshot's own framework and inputs, as verify meets the snapshot's results (in its
 * order, each code once): the recomputed result to compare each with, then what is left to say once all are met.
 */
export interface Recomputed {
  /** The recomputed result of the snapshot's unit of this code (undefined: none), shaped as stored. */
  unit(snapshot: UnitScore): Promise<UnitScore | undefined>;
  /** After the snapshot's `count` results: units recomputed but not met, a count that differs, ranks that differ. */
  finish(count: number): Promise<string[]>;
}

/**
 * All units scored at once (a framework that normalises across units needs them all: scoreUnits, or unitsScorer
 * fed as they are read), each shaped when met.
 */
export function recomputeWhole(scored: ScoredUnits): Recomputed {
  const byCodeOf = new Map(scored.units.map((u, i) => [u.code, i]));
  const unseen = new Set(byCodeOf.keys());
  return {
    unit: async (snapshot) => {
      unseen.delete(snapshot.code);
      const at = byCodeOf.get(snapshot.code);
      return at === undefined ? undefined : scored.unitScore(at);
    },
    finish: async (count) => {
      const problems = [...unseen].map((code) => `${code}: recomputed but not in the snapshot`);
      if (scored.units.length !== count) problems.push(`the snapshot has ${count} results, the recomputation ${scored.units.length}`);
      return problems;
    },
  };
}

/**
 * No recomputation (the snapshot's inputs could not be scored as they stand, said as a problem of their own): each
 * snapshot result is taken as it is, so that the frozen rows are still compared with the snapshot's.
 */
export function notRecomputed(): Recomputed {
  return { unit: async (snapshot) => snapshot, finish: async () => [] };
}
