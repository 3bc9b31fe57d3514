import type { NodeColumns } from '../aggregate';
import type { Aggregation, Normalization } from '../framework.model';
import type { ScoreOptions, StageTable, TreatmentLog, UnitInput, UnitNote } from '../types';

/**
 * What the early stages (parse … leaf values) leave for the later ones (normalise, aggregate, ranks): columns over
 * the units left after screening, in code order, keyed by plan node index. Frozen once made: the later stages copy
 * what they change, so the same columns can be scored again with other weights or methods, or a unit re-scored
 * against them, without parsing again.
 */
export interface ScoreColumns {
  options: ScoreOptions;
  /** Every unit given, sorted by code. */
  all: UnitInput[];
  /** Per unit of `all`: its notes so far; screened-out units keep theirs here. */
  notesAll: UnitNote[][];
  /** The units left after screening, in column order, and where each is in `all`. */
  units: UnitInput[];
  active: number[];
  n: number;
  /** Per unit left: its notes so far (a run adds to a copy). */
  notes: UnitNote[][];
  /** Normalised leaves: the number to normalise (denominated, imputed, treated). */
  inputs: Map<number, Float64Array>;
  /** Rule leaves: their values, points and status after the missing-value policy. */
  ruleLeaves: Map<number, NodeColumns>;
  /** The notes of the rule leaves' missing-value policy, kept apart so that each run merges them in leaf order. */
  ruleNotes: Map<number, LeafNotes>;
  treatment: TreatmentLog[];
  stages?: { denominated: StageTable; imputed: StageTable; treated: StageTable };
  /** Shared read-only columns of one value (a leaf's max, the absent points of a mean). */
  constant: (x: number) => Float64Array;
}

/** The units a stage works on: screening drops some, so it replaces these arrays rather than editing them. */
export interface WorkingSet {
  active: number[];
  units: UnitInput[];
  notes: UnitNote[][];
  /** Per leaf (plan node index). */
  cols: Map<number, Float64Array>;
  n: number;
}

export interface LeafNotes {
  units: number[];
  notes: UnitNote[];
}

/** What the later stages may change: by node code (the index itself: ROOT_CODE), as a framework with them would say. */
export interface ScoreOverrides {
  weights?: Record<string, number>;
  aggregation?: Record<string, Aggregation>;
  /** Normalised leaves only. */
  normalization?: Record<string, Normalization>;
}

/** A cache of constant columns of length n. */
export function constantColumns(n: number): (x: number) => Float64Array {
  const constants = new Map<number, Float64Array>();
  return (x) => {
    const key = x === x ? x : -0.5;
    let c = constants.get(key);
    if (!c) constants.set(key, (c = new Float64Array(n).fill(x)));
    return c;
  };
}
