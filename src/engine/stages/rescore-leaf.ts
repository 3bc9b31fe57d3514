import { OK, aggregateGroup, type NodeColumns } from '../aggregate';
import { EngineFrameworkError, EngineInputError } from '../errors';
import type { Plan } from '../plan';
import { roundTo } from '../round';
import type { UnitInput, UnitNote, UnitStatus } from '../types';
import { aggregateNodes } from './aggregate';
import { constantColumns, type ScoreColumns, type ScoreOverrides } from './columns';
import { withOverrides } from './overrides';
import { parseUnits } from './parse';
import { positionOf, unitLeafColumns } from './rescore';

/** A unit's index with one leaf's answer changed, as rescoreUnit gives it (no rank: see RescoredUnit for that). */
export interface RescoredLeaf {
  status: UnitStatus;
  index: number | null;
  indexRounded: number | null;
}

/**
 * One unit scored once, kept so that "this unit with one leaf's answer changed" costs that leaf and its ancestors:
 * the answer parsed again, the leaf scored as rescoreUnit scores it (unitLeafColumns: its rule, or its normalisation
 * against the frozen column with the unit's entry replaced), and each group from the leaf's parent up to the index
 * aggregated again from its children's kept columns by aggregateGroup, children in the plan's order: the index is
 * rescoreUnit's for the same answers, bit for bit, at a few hundredths of its cost (rescoreUnit parses every answer,
 * runs every formula and rebuilds the whole tree). A leaf's answer reaches no other node (a formula reads only its
 * own leaf's named numbers; groups have no formulas), so nothing else can change. The screen's share of answered
 * leaves is the kept count with this leaf's own count replaced.
 */
export class UnitLeafScorer {
  private readonly plan: Plan;
  private readonly columns: ScoreColumns;
  private readonly nodeCols: NodeColumns[];
  /** Per leaf: the kept answer's count towards the screen (parseUnits' `present`, or 1 when its number is not NaN). */
  private readonly counts = new Map<number, number>();
  private readonly count: number;
  private readonly at: number;
  private readonly replaces: boolean;
  private readonly constant = constantColumns(1);

  /** The unit (its kept answers) scored once, with rescoreUnit's plan, columns and overrides; throws as rescoreUnit does. */
  constructor(basePlan: Plan, columns: ScoreColumns, unit: UnitInput, overrides?: ScoreOverrides) {
    const plan = withOverrides(basePlan, overrides);
    this.plan = plan;
    this.columns = columns;
    const { framework, nodes, leaves } = plan;
    const pipeline = framework.pipeline ?? {};
    if (pipeline.impute || pipeline.treat || framework.missing === 'group_mean') {
      throw new EngineFrameworkError('imputation and outlier treatment tie every unit to the others: re-score the whole run', framework.code);
    }
    const parsed = parseUnits(plan, [unit]);
    if (parsed.issues.length > 0) throw new EngineInputError(parsed.issues);
    let count = 0;
    for (const li of leaves) {
      const c = this.leafCount(li, parsed.cols.get(li)![0], () => this.parseLeaf(li, unit).present[0]);
      this.counts.set(li, c);
      count += c;
    }
    this.count = pipeline.screen?.basis === 'raw' ? parsed.present[0] : count;
    ({ at: this.at, replaces: this.replaces } = positionOf(columns.units, unit.code));
    const nodeCols = new Array<NodeColumns>(nodes.length);
    const missing = framework.missing ?? 'zero';
    for (const li of leaves) nodeCols[li] = unitLeafColumns(nodes[li], parsed.cols.get(li)![0], columns.inputs.get(li), this.at, this.replaces, missing, this.constant, [], []);
    aggregateNodes(plan, nodeCols, 1, this.constant);
    this.nodeCols = nodeCols;
  }

  /**
   * The unit's index with `unit`'s answer of the leaf `code` in place of the kept one: `unit` is the kept unit with
   * that one answer (or the hand-scored points) changed; its other answers are not read. Throws EngineInputError
   * for an answer the leaf refuses, as rescoreUnit does.
   */
  withLeaf(code: string, unit: UnitInput): RescoredLeaf {
    const { plan, columns } = this;
    const { framework, nodes } = plan;
    const li = plan.byCode.get(code);
    if (li === undefined || !nodes[li].isLeaf) throw new EngineFrameworkError('no such leaf', code);
    const parsed = this.parseLeaf(li, unit);
    if (parsed.issues.length > 0) throw new EngineInputError(parsed.issues);
    const x = parsed.cols.get(li)![0];
    const screen = framework.pipeline?.screen;
    if (screen) {
      const own = this.leafCount(li, x, () => parsed.present[0]);
      const count = this.count - this.counts.get(li)! + own;
      const share = plan.leaves.length === 0 ? 1 : count / plan.leaves.length;
      if (share < screen.minAvailability) return { status: 'screened_out', index: null, indexRounded: null };
    }
    const notes: UnitNote[] = [];
    let cols = unitLeafColumns(nodes[li], x, columns.inputs.get(li), this.at, this.replaces, framework.missing ?? 'zero', this.constant, [], notes);
    let child = li;
    for (let gi = nodes[li].parent; gi !== -1; gi = nodes[gi].parent) {
      const g = nodes[gi];
      const children = g.children.map((c) => ({ code: nodes[c].code, cols: c === child ? cols : this.nodeCols[c], weight: nodes[c].weight }));
      cols = aggregateGroup(g.code, g.aggregation, g.maxPoints, children, 1, this.constant);
      child = gi;
    }
    const { scale, precision } = framework.result;
    if (cols.status[0] !== OK) return { status: 'no_index', index: null, indexRounded: null };
    return { status: 'scored', index: cols.value[0] * scale, indexRounded: roundTo(cols.value[0] * scale, precision) };
  }

  /** parseUnits of the one leaf: the same parse, notes and issues as in the whole unit's. */
  private parseLeaf(li: number, unit: UnitInput): ReturnType<typeof parseUnits> {
    return parseUnits({ ...this.plan, leaves: [li] }, [unit]);
  }

  /** A leaf's count towards the screen: parseUnits' present with the raw basis, else whether its number is one. */
  private leafCount(li: number, x: number, present: () => number): number {
    if (!this.plan.framework.pipeline?.screen) return 0;
    if (this.plan.framework.pipeline.screen.basis === 'raw') return present();
    return x === x ? 1 : 0;
  }
}
