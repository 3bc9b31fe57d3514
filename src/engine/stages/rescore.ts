import { OK, type NodeColumns } from '../aggregate';
import { EngineFrameworkError, EngineInputError } from '../errors';
import { columnStats, normalizeColumn } from '../normalize';
import type { MissingPolicy } from '../framework.model';
import type { Plan, PlanNode } from '../plan';
import { rankWithinOf } from '../rank-results';
import { roundTo } from '../round';
import type { ScoreResult, UnitInput, UnitNote, UnitStatus } from '../types';
import { aggregateNodes } from './aggregate';
import { constantColumns, type ScoreColumns, type ScoreOverrides } from './columns';
import { leafColumns } from './missing';
import { withOverrides } from './overrides';
import { parseUnits } from './parse';

export interface RescoredUnit {
  code: string;
  status: UnitStatus;
  ranked: boolean;
  index: number | null;
  indexRounded: number | null;
  /** Against the others' frozen indexes, as rankColumns ranks (within the group when ranks do not cross groups). */
  rank: number | null;
  group?: string;
  groupRank?: number | null;
  /**
   * Leaves whose run statistics (min-max's min or max, the z-score's mean or sd) the changed answers move: a full
   * run would move the other units' values of these leaves too, so the rank is then an estimate. Empty: the index
   * and rank are what scorePlan gives for the changed answers.
   */
  moved: string[];
  notes: UnitNote[];
}

/**
 * One unit scored again with changed answers against the frozen columns of the others (`scored`: scoreColumns of
 * the same plan, columns and overrides). Every stage is the unit's own except normalisation by the run's min-max or
 * z-score, which is computed on the leaf's frozen column with this unit's entry replaced (or added, for a unit the
 * run screened out): the unit's value is then exactly what a full run gives it, and `moved` says where the others'
 * would change. Group-mean imputation and outlier treatment make every unit's values depend on every other's, so a
 * framework with either is refused: re-run prepareColumns instead.
 */
export function rescoreUnit(basePlan: Plan, columns: ScoreColumns, scored: ScoreResult, unit: UnitInput, overrides?: ScoreOverrides): RescoredUnit {
  const plan = withOverrides(basePlan, overrides);
  const { framework, nodes, leaves } = plan;
  const pipeline = framework.pipeline ?? {};
  const missing = framework.missing ?? 'zero';
  if (pipeline.impute || pipeline.treat || missing === 'group_mean') {
    throw new EngineFrameworkError('imputation and outlier treatment tie every unit to the others: re-score the whole run', framework.code);
  }
  const parsed = parseUnits(plan, [unit]);
  if (parsed.issues.length > 0) throw new EngineInputError(parsed.issues);
  const notes = parsed.notes[0];
  const noRank = { moved: [], notes };
  const screen = pipeline.screen;
  if (screen) {
    let count = parsed.present[0];
    if (screen.basis !== 'raw') {
      count = 0;
      for (const li of leaves) if (parsed.cols.get(li)![0] === parsed.cols.get(li)![0]) count++;
    }
    const share = leaves.length === 0 ? 1 : count / leaves.length;
    if (share < screen.minAvailability) {
      notes.push({ kind: 'screened_out', message: `only ${roundTo(share * 100, 1)}% of the indicators are present (minimum ${screen.minAvailability * 100}%)`, value: share });
      return { code: unit.code, status: 'screened_out', ranked: false, index: null, indexRounded: null, rank: null, ...noRank };
    }
  }

  const { at, replaces } = positionOf(columns.units, unit.code);
  const constant = constantColumns(1);
  const nodeCols = new Array<NodeColumns>(nodes.length);
  const moved: string[] = [];
  for (const li of leaves) {
    nodeCols[li] = unitLeafColumns(nodes[li], parsed.cols.get(li)![0], columns.inputs.get(li), at, replaces, missing, constant, moved, notes);
  }
  aggregateNodes(plan, nodeCols, 1, constant);
  const root = nodeCols[plan.root];
  const { scale, precision } = framework.result;
  const hasIndex = root.status[0] === OK;
  if (!hasIndex) notes.push({ kind: 'no_index', message: 'no index: every indicator is missing or not scored' });
  const index = hasIndex ? root.value[0] * scale : null;
  const indexRounded = hasIndex ? roundTo(root.value[0] * scale, precision) : null;
  const ranked = unit.ranked !== false && hasIndex;
  const rankWithin = rankWithinOf(plan, columns.options);
  const group = rankWithin ? (unit.groups?.[rankWithin] ?? '') : undefined;
  // Competition ranking: 1 + the ranked others strictly above.
  const rankAmong = (sameGroup: boolean): number | null => {
    if (!ranked) return null;
    let above = 0;
    for (const r of scored.units) {
      if (r.code === unit.code || !r.ranked || r.indexRounded === null) continue;
      if (sameGroup && (r.group ?? '') !== group) continue;
      if (r.indexRounded > indexRounded!) above++;
    }
    return 1 + above;
  };
  const acrossGroups = !(group !== undefined && columns.options.rankAcrossGroups === false);
  return {
    code: unit.code,
    status: hasIndex ? 'scored' : 'no_index',
    ranked,
    index,
    indexRounded,
    rank: rankAmong(!acrossGroups),
    ...(group !== undefined ? { group, groupRank: rankAmong(true) } : {}),
    moved,
    notes,
  };
}

/**
 * One leaf's columns of one unit from its parsed number (`x`: points for a rule leaf, the number for a normalised
 * one), as rescoreUnit scores it: the rule's points over its max, or the normalisation (min-max and z-score on the
 * `frozen` column with the unit's entry at `at`), then the missing-value policy. Shared with rescoreLeaf, which
 * re-scores one leaf of a unit: the same numbers, bit for bit.
 */
export function unitLeafColumns(
  leaf: PlanNode,
  x: number,
  frozen: Float64Array | undefined,
  at: number,
  replaces: boolean,
  missing: MissingPolicy,
  constant: (x: number) => Float64Array,
  moved: string[],
  notes: UnitNote[],
): NodeColumns {
  const push = (_: number, note: UnitNote): void => {
    notes.push(note);
  };
  if (leaf.mode !== 'normalize') {
    const max = leaf.maxPoints!;
    return leafColumns(leaf, Float64Array.of(max > 0 ? x / max : Number.NaN), Float64Array.of(x), 1, missing, constant, push);
  }
  const value = normaliseOne(leaf, frozen!, x, at, replaces, moved);
  if (value.degenerate) notes.push({ kind: 'not_scored', node: leaf.code, message: `${value.degenerate}: every unit gets the middle of the scale` });
  const points = leaf.maxPoints === undefined ? constant(Number.NaN) : new Float64Array(1);
  return leafColumns(leaf, Float64Array.of(value.value), points, 1, missing, constant, push);
}

/** Where the unit is (or would be, for a unit the run screened out) in the columns, which are in code order. */
export function positionOf(units: readonly UnitInput[], code: string): { at: number; replaces: boolean } {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (units[mid].code < code) lo = mid + 1;
    else hi = mid;
  }
  return { at: lo, replaces: lo < units.length && units[lo].code === code };
}

/**
 * A normalised leaf's value for the unit: methods of fixed bounds need only its own number; min-max and z-score
 * normalise the frozen column with the unit's number in its place, which sums in the same order as a full run.
 */
function normaliseOne(leaf: PlanNode, frozen: Float64Array, x: number, at: number, replaces: boolean, moved: string[]): { value: number; degenerate?: string } {
  const method = leaf.normalization!;
  if (method.method !== 'minmax' && method.method !== 'zscore') {
    return { value: normalizeColumn(Float64Array.of(x), method, leaf.direction).values[0] };
  }
  const col = new Float64Array(frozen.length + (replaces ? 0 : 1));
  col.set(frozen.subarray(0, at));
  col[at] = x;
  col.set(frozen.subarray(replaces ? at + 1 : at), at + 1);
  const out = normalizeColumn(col, method, leaf.direction);
  const before = columnStats(Float64Array.from(frozen, (v) => v * leaf.direction));
  const after = columnStats(Float64Array.from(col, (v) => v * leaf.direction));
  const same = method.method === 'minmax' ? Object.is(before.min, after.min) && Object.is(before.max, after.max) : Object.is(before.mean, after.mean) && Object.is(before.sd, after.sd);
  if (!same) moved.push(leaf.code);
  return { value: out.values[at], ...(out.degenerate ? { degenerate: out.degenerate } : {}) };
}
