import { aggregateGroup, OK, type NodeColumns } from '../engine/aggregate';
import { normalizeColumn } from '../engine/normalize';
import type { Plan } from '../engine/plan';
import type { ScoreColumns } from '../engine/stages/columns';
import { leafColumns } from '../engine/stages/missing';
import { normaliseLeaves } from '../engine/stages/normalise';
import { aggregateNodes } from '../engine/stages/aggregate';
import type { UnitNote } from '../engine/types';

/** Cells of leaves given other values in one sample (the reviewers' spread): rule leaves' points, normalised leaves' inputs. */
export interface LeafCellValues {
  /** Per leaf (plan node index): the unit positions (column order) and the values, in parallel. */
  byLeaf: Map<number, { units: Int32Array; values: Float64Array }>;
}

const NO_NOTE = (): void => undefined;

/**
 * The index alone, per sample of an analysis, the same bit for bit as scoreColumns' `index` for the same plan (a
 * withOverrides of the official one): the stage functions scoreColumns runs (normalise, the missing-value policy,
 * aggregateGroup bottom-up) on the same columns, in the same order, but only where the sample changed something.
 * The official run's node columns are kept; a sample recomputes a leaf only when its normalisation or cells differ
 * and a group only when its aggregation, max, a child's weight or a child's columns differ (a weight at the pillars
 * recomputes the root alone). Normalised leaves under another method are computed once per method and kept. No
 * pillars, no ranks of nodes, no per-unit results: those are what make a full run expensive, and no sample reads them.
 */
export class LeanIndex {
  readonly n: number;
  private readonly official: NodeColumns[];
  private readonly cols: NodeColumns[];
  private readonly dirty: Uint8Array;
  private readonly normalised = new Map<number, Map<object, NodeColumns>>();
  /** Reused copies of the rule leaves whose cells a sample changes. */
  private readonly ruleCopies = new Map<number, NodeColumns>();

  constructor(
    private readonly plan: Plan,
    private readonly columns: ScoreColumns,
  ) {
    this.n = columns.n;
    const nodeCols = new Array<NodeColumns>(plan.nodes.length);
    const notes: UnitNote[][] = Array.from({ length: columns.n }, () => []);
    normaliseLeaves(plan, columns, nodeCols, notes);
    aggregateNodes(plan, nodeCols, columns.n, columns.constant);
    this.official = nodeCols;
    this.cols = nodeCols.slice();
    this.dirty = new Uint8Array(plan.nodes.length);
  }

  /**
   * Each unit's index (root value × scale; NaN: no index) under `sample` (the official plan with overrides: the same
   * nodes in the same order) and, optionally, some leaf cells changed. Writes into `out` and returns it.
   */
  index(sample: Plan, out: Float64Array, cells?: LeafCellValues): Float64Array {
    const { plan, cols, dirty, official, n } = this;
    const nodes = plan.nodes;
    const next = sample.nodes;
    const constant = this.columns.constant;
    // Post-order: every child is settled before its parent.
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      const b = next[i];
      const changed = cells?.byLeaf.get(i);
      if (a.isLeaf) {
        if (b.mode === 'normalize' && (b.normalization !== a.normalization || changed)) {
          cols[i] = this.normalisedLeaf(i, b.normalization!, changed);
          dirty[i] = 1;
        } else if (changed) {
          cols[i] = this.ruleLeafWith(i, changed);
          dirty[i] = 1;
        } else {
          cols[i] = official[i];
          dirty[i] = 0;
        }
        continue;
      }
      let d = b.aggregation !== a.aggregation || b.maxPoints !== a.maxPoints;
      for (const c of b.children) if (dirty[c] || next[c].weight !== nodes[c].weight) d = true;
      if (!d) {
        cols[i] = official[i];
        dirty[i] = 0;
        continue;
      }
      const children = b.children.map((c) => ({ code: next[c].code, cols: cols[c], weight: next[c].weight }));
      cols[i] = aggregateGroup(b.code, b.aggregation, b.maxPoints, children, n, constant);
      dirty[i] = 1;
    }
    const root = cols[plan.root];
    const { scale } = plan.framework.result;
    for (let u = 0; u < n; u++) out[u] = root.status[u] === OK ? root.value[u] * scale : Number.NaN;
    return out;
  }

  /** A normalised leaf under `method` (as normaliseLeaves makes it), kept per method when no cell of it changed. */
  private normalisedLeaf(li: number, method: NonNullable<Plan['nodes'][number]['normalization']>, changed?: { units: Int32Array; values: Float64Array }): NodeColumns {
    const leaf = this.plan.nodes[li];
    const { n, constant } = this.columns;
    const missing = this.plan.framework.missing ?? 'zero';
    let input = this.columns.inputs.get(li)!;
    if (changed) {
      input = input.slice();
      for (let k = 0; k < changed.units.length; k++) if (changed.values[k] === changed.values[k]) input[changed.units[k]] = changed.values[k];
    } else {
      const kept = this.normalised.get(li)?.get(method);
      if (kept) return kept;
    }
    const out = normalizeColumn(input, method, leaf.direction);
    const points = leaf.maxPoints === undefined ? constant(Number.NaN) : new Float64Array(n);
    const cols = leafColumns(leaf, out.values, points, n, missing, constant, NO_NOTE);
    if (!changed) {
      let byMethod = this.normalised.get(li);
      if (!byMethod) this.normalised.set(li, (byMethod = new Map()));
      byMethod.set(method, cols);
    }
    return cols;
  }

  /**
   * A rule leaf with some units' points replaced, as prepareColumns would make it of inputs with those manual points
   * (points p, value p / max, scored); a NaN value leaves the cell as it was. The copy is reused from sample to sample.
   */
  private ruleLeafWith(li: number, changed: { units: Int32Array; values: Float64Array }): NodeColumns {
    const base = this.official[li];
    const max = this.plan.nodes[li].maxPoints!;
    let copy = this.ruleCopies.get(li);
    if (!copy) {
      copy = { value: base.value.slice(), points: base.points.slice(), max: base.max, status: base.status.slice() };
      this.ruleCopies.set(li, copy);
    } else {
      copy.value.set(base.value);
      copy.points.set(base.points);
      copy.status.set(base.status);
    }
    if (max === 0) return copy;
    for (let k = 0; k < changed.units.length; k++) {
      const p = changed.values[k];
      if (p !== p) continue;
      const u = changed.units[k];
      copy.points[u] = p;
      copy.value[u] = p / max;
      copy.status[u] = OK;
    }
    return copy;
  }
}
