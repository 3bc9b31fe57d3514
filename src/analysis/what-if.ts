import { compilePlan, prepareColumns, rescoreUnit, scoreColumns, UnitLeafScorer, type Plan, type RescoredUnit, type ScoreColumns } from '../engine';
import type { Framework } from '../engine/framework.model';
import type { PlanNode } from '../engine/plan';
import type { RawValue, ScoreOptions, ScoreResult, UnitInput, UnitResult } from '../engine/types';
import { leafStep, type LeafStep, type RawRange, type StepValue } from './what-if-steps';

/**
 * The frozen results a what-if is scored against: the run's (or publication's) inputs prepared and scored once, so
 * that a what-if costs only rescoreUnit. Pure: no I/O (the service loads and caches it; the bench builds it).
 */
export interface WhatIfBasis {
  framework: Framework;
  plan: Plan;
  columns: ScoreColumns;
  /** The basis' scoreColumns without its units' results (a what-if ranks against `ranked`): kept small. */
  scored: ScoreResult;
  /** The inputs by unit code. */
  inputs: Map<string, UnitInput>;
  /** Each unit's standing in the basis: the what-if's `before`. */
  results: Map<string, WhatIfStanding>;
  /** Leaf plan nodes by code. */
  leaves: Map<string, PlanNode>;
  /** Normalised leaves by the run's min-max or z-score: their raw range across the units (for the step). */
  ranges: Map<string, RawRange>;
  /**
   * Min-max leaves (plan index) → the two least and two greatest of the frozen column, or null when the framework
   * has a z-score leaf (whose mean and sd need the whole column): see unitColumns.
   */
  extremes: Map<number, Extremes> | null;
  /** The ranked units with an index, as few fields as rescoreUnit's rank reads, by indexRounded descending: see leanScored. */
  ranked: UnitResult[];
}

/** A column's two least and two greatest values (NaN skipped) and where the first of each is. */
interface Extremes {
  min: number;
  minAt: number;
  min2: number;
  max: number;
  maxAt: number;
  max2: number;
}

function extremesOf(col: Float64Array): Extremes {
  const e: Extremes = { min: Infinity, minAt: -1, min2: Infinity, max: -Infinity, maxAt: -1, max2: -Infinity };
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) continue;
    if (v < e.min) [e.min2, e.min, e.minAt] = [e.min, v, i];
    else if (v < e.min2) e.min2 = v;
    if (v > e.max) [e.max2, e.max, e.maxAt] = [e.max, v, i];
    else if (v > e.max2) e.max2 = v;
  }
  return e;
}

export function whatIfBasis(framework: Framework, units: readonly UnitInput[], parameters: ScoreOptions): WhatIfBasis {
  const plan = compilePlan(framework);
  const columns = prepareColumns(plan, units, parameters);
  const scored = scoreColumns(plan, columns);
  const leaves = new Map(plan.leaves.map((li) => [plan.nodes[li].code, plan.nodes[li]]));
  const ranges = new Map<string, RawRange>();
  for (const leaf of leaves.values()) {
    const m = leaf.normalization?.method;
    if (leaf.mode !== 'normalize' || (m !== 'minmax' && m !== 'zscore')) continue;
    let min = Infinity;
    let max = -Infinity;
    for (const u of units) {
      const v = u.values[leaf.code];
      const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (min <= max) ranges.set(leaf.code, { min, max });
  }
  const normalised = plan.leaves.filter((li) => plan.nodes[li].mode === 'normalize');
  const zscore = normalised.some((li) => plan.nodes[li].normalization?.method === 'zscore');
  const extremes = zscore ? null : new Map(normalised.filter((li) => plan.nodes[li].normalization?.method === 'minmax').map((li) => [li, extremesOf(columns.inputs.get(li)!)]));
  const ranked = scored.units
    .filter((r) => r.ranked && r.indexRounded !== null)
    .map((r) => ({ code: r.code, ranked: true, indexRounded: r.indexRounded, ...(r.group !== undefined ? { group: r.group } : {}) }) as UnitResult)
    .sort((a, b) => b.indexRounded! - a.indexRounded!);
  return {
    framework,
    plan,
    columns,
    scored: { ...scored, units: [] },
    inputs: new Map(units.map((u) => [u.code, u])),
    results: new Map(scored.units.map((r) => [r.code, standing(r)])),
    leaves,
    ranges,
    extremes,
    ranked,
  };
}

/**
 * The frozen results as rescoreUnit's rank reads them (1 + the ranked others strictly above): the ranked units in
 * small objects of their own, not the 10,000 full results spread over the heap, and, given `above`, only those
 * whose indexRounded is above it. A unit scored at `above` or higher has the same rank against these as against all;
 * one scored lower gets the rank of `above` (the cheapest steps drop such a step: it gains nothing).
 */
function leanScored(basis: WhatIfBasis, above: number | null): ScoreResult {
  let units = basis.ranked;
  if (above !== null) {
    let n = 0;
    while (n < units.length && units[n].indexRounded! > above) n++;
    units = units.slice(0, n);
  }
  return { ...basis.scored, units };
}

/**
 * The frozen columns as one unit's rescoreUnit reads them, at the cost of a few numbers: a min-max leaf's value of
 * the unit depends on the others only through their least and greatest value (normalizeColumn computes each entry
 * from the column's min and max alone), so its column is the unit's own entry and those two, which gives the same
 * value and the same `moved`, bit for bit, as the whole column (10,000 entries copied twice per leaf and call
 * otherwise). Rule leaves and fixed-bound normalisations read no column. With a z-score leaf, the whole columns.
 */
function unitColumns(basis: WhatIfBasis, unit: UnitInput): ScoreColumns {
  const { columns, extremes } = basis;
  if (!extremes) return columns;
  let lo = 0;
  let hi = columns.units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (columns.units[mid].code < unit.code) lo = mid + 1;
    else hi = mid;
  }
  const at = lo < columns.units.length && columns.units[lo].code === unit.code ? lo : -1;
  const inputs = new Map<number, Float64Array>();
  for (const [li, e] of extremes) {
    const own = at >= 0 ? columns.inputs.get(li)![at] : Number.NaN;
    const min = e.minAt === at ? e.min2 : e.min;
    const max = e.maxAt === at ? e.max2 : e.max;
    inputs.set(li, Float64Array.of(own, Number.isFinite(min) ? min : Number.NaN, Number.isFinite(max) ? max : Number.NaN));
  }
  return { ...columns, units: [unit], inputs };
}

/** A what-if's changes: leaf code → the value it would have (a hand-scored leaf: the points); null clears it. */
export type WhatIfChanges = Record<string, StepValue | Record<string, number>>;

export interface WhatIfStanding {
  index: number | null;
  indexRounded: number | null;
  /** What the ranking shows as the rank (within the group where ranks do not cross groups). */
  rank: number | null;
  groupRank: number | null;
}

export interface CheapestStep {
  code: string;
  nameVi: string;
  /** How the step was chosen (what-if-steps.ts): next_option, next_band, yes, plus_point, plus_tenth. */
  kind: LeafStep['kind'];
  from: RawValue;
  to: StepValue;
  index: number | null;
  indexRounded: number | null;
  rank: number | null;
  /** Places gained against the what-if's own rank (after its changes). */
  rankGain: number;
  indexGain: number;
  exact: boolean;
}

export interface WhatIfResult {
  unit: string;
  before: WhatIfStanding;
  after: WhatIfStanding;
  /** The min-max / z-score leaves whose run statistics the changes move: the rank after is then an estimate. */
  moved: string[];
  exact: boolean;
  /** The three single steps (on top of the changes) that gain the most rank places, then index. */
  cheapest: CheapestStep[];
}

export class UnknownWhatIfUnit extends Error {}

function standing(r: { index: number | null; indexRounded: number | null; rank: number | null; groupRank?: number | null }): WhatIfStanding {
  return { index: r.index, indexRounded: r.indexRounded, rank: r.rank, groupRank: r.groupRank ?? null };
}

/** The unit's input with the changes: a hand-scored leaf's change is points; another leaf's is its value, which then scores by its rule (a reviewer's points that replaced the rule's no longer apply). */
export function changedInput(basis: WhatIfBasis, unit: UnitInput, changes: WhatIfChanges): UnitInput {
  const values = { ...unit.values };
  const manualPoints = { ...unit.manualPoints };
  for (const [code, value] of Object.entries(changes)) {
    const leaf = basis.leaves.get(code);
    if (leaf?.rule?.rule === 'manual') {
      if (value === null) delete manualPoints[code];
      else manualPoints[code] = value as number;
    } else {
      values[code] = value;
      delete manualPoints[code];
    }
  }
  return { ...unit, values, manualPoints };
}

/**
 * The unit scored with its inputs overlaid by the changes, against everyone else's frozen results, and the three
 * single steps from there that move its rank most. Throws UnknownWhatIfUnit for a unit not in the basis, the
 * engine's EngineInputError for a value a leaf refuses (the caller names the leaf); unknown leaf codes are the
 * caller's to refuse first.
 */
export function whatIf(basis: WhatIfBasis, unitCode: string, changes: WhatIfChanges, top = 3): WhatIfResult {
  const unit = basis.inputs.get(unitCode);
  const result = basis.results.get(unitCode);
  if (!unit || !result) throw new UnknownWhatIfUnit(unitCode);
  const input = changedInput(basis, unit, changes);
  const columns = unitColumns(basis, unit);
  const after = rescoreUnit(basis.plan, columns, leanScored(basis, null), input);
  return {
    unit: unitCode,
    before: result,
    after: standing(after),
    moved: after.moved,
    exact: after.moved.length === 0,
    cheapest: top > 0 ? cheapestSteps(basis, columns, input, after, top) : [],
  };
}

/**
 * Each leaf's one step from the changed input, re-scored; the `top` best by rank gain, index gain, then code. A rank
 * is 1 + the others strictly above the rounded index, so it never worsens as the index grows: the order by rank gain
 * then index gain is the order by index. Every step is therefore scored without ranks (no others), and only the
 * `top` best are scored again for their rank, against the others above the what-if's own index (leanScored). A step
 * changes one leaf, so it is scored by UnitLeafScorer: that leaf and its ancestors, the same index as rescoreUnit's.
 */
function cheapestSteps(basis: WhatIfBasis, columns: ScoreColumns, input: UnitInput, after: RescoredUnit, top: number): CheapestStep[] {
  const baseIndex = after.index ?? 0;
  // The changed input scored once; each step then re-scores only its leaf and the leaf's ancestors.
  const scorer = new UnitLeafScorer(basis.plan, columns, input);
  const gains: Array<{ code: string; leaf: PlanNode; step: LeafStep; from: RawValue; index: number }> = [];
  // One copy of the answers, each step set in it and put back: ~175 copies of 200 answers a what-if otherwise.
  const work = changedInput(basis, input, {});
  for (const [code, leaf] of basis.leaves) {
    const manual = leaf.rule?.rule === 'manual';
    const from = manual ? (input.manualPoints?.[code] ?? null) : (input.values[code] ?? null);
    const step = leafStep(leaf, from, input.manualPoints?.[code], basis.ranges.get(code));
    if (!step) continue;
    const index = withStep(basis, work, code, step.to, () => scorer.withLeaf(code, work).index);
    // A step that does not raise the index gains no rank either.
    if (index !== null && index > baseIndex) gains.push({ code, leaf, step, from, index });
  }
  gains.sort((a, b) => b.index - a.index || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const scored = leanScored(basis, after.indexRounded);
  return gains.slice(0, top).map((g) => {
    const moved = rescoreUnit(basis.plan, columns, scored, changedInput(basis, input, { [g.code]: g.step.to }));
    return {
      code: g.code,
      nameVi: g.leaf.node!.name.vi,
      kind: g.step.kind,
      from: g.from,
      to: g.step.to,
      index: moved.index,
      indexRounded: moved.indexRounded,
      rank: moved.rank,
      rankGain: after.rank !== null && moved.rank !== null ? after.rank - moved.rank : 0,
      indexGain: (moved.index ?? 0) - baseIndex,
      exact: moved.moved.length === 0,
    };
  });
}

/** `score` with the leaf's answer in `work` set to `to` (as changedInput sets it), then put back as it was. */
function withStep<T>(basis: WhatIfBasis, work: UnitInput, code: string, to: StepValue, score: () => T): T {
  const manual = basis.leaves.get(code)?.rule?.rule === 'manual';
  const values = work.values;
  const points = work.manualPoints!;
  const [hadValue, value, hadPoints, given] = [Object.hasOwn(values, code), values[code], Object.hasOwn(points, code), points[code]];
  if (manual) {
    if (to === null) delete points[code];
    else points[code] = to as number;
  } else {
    values[code] = to;
    delete points[code];
  }
  try {
    return score();
  } finally {
    if (hadValue) values[code] = value;
    else delete values[code];
    if (hadPoints) points[code] = given;
    else delete points[code];
  }
}
