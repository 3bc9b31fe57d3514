import { MISSING, OK, type NodeColumns } from '../aggregate';
import type { PillarColumns } from '../pillars';
import type { Plan } from '../plan';
import type { NodeResult, NodeVisitor, PillarResult, RawValue, ScoreResult, StageTable, UnitInput, UnitNote, UnitResult } from '../types';
import { ENGINE_VERSION } from '../version';
import type { ScoreColumns } from './columns';
import { LazyUnitResult, type UnitHead, type UnitRecords } from './lazy-unit-result';
import { contributionMultipliers } from './multipliers';
import type { RankStage } from './ranks';

/**
 * Results per unit, screened-out units included so that nothing disappears silently. The per-node and per-pillar
 * records are built on first read: a national run has millions of them and most callers read a few.
 */
export function unitResults(
  plan: Plan,
  columns: ScoreColumns,
  nodeCols: NodeColumns[],
  pillars: PillarColumns[],
  ranks: RankStage,
  notes: UnitNote[][],
): UnitResult[] {
  const { scale } = plan.framework.result;
  const root = nodeCols[plan.root];
  const { eligible, indexRounded, groupOf, ranked } = ranks;
  const records = unitRecords(plan, columns, nodeCols, pillars, ranks, scale);
  const { all, active, notesAll } = columns;
  const results: UnitResult[] = [];
  let k = 0;
  for (let a = 0; a < all.length; a++) {
    const unit = all[a];
    if (active[k] !== a) {
      results.push({ code: unit.code, ranked: false, status: 'screened_out', index: null, indexRounded: null, rank: null, nodes: {}, pillars: {}, notes: notesAll[a].slice() });
      continue;
    }
    const u = k++;
    const hasIndex = root.status[u] === OK;
    if (!hasIndex) notes[u].push({ kind: 'no_index', message: 'no index: every indicator is missing or not scored' });
    const head: UnitHead = {
      code: unit.code,
      ranked: eligible[u],
      status: hasIndex ? 'scored' : 'no_index',
      index: hasIndex ? root.value[u] * scale : null,
      indexRounded: indexRounded[u],
      rank: ranked.rank[u],
    };
    results.push(new LazyUnitResult(records, u, unit, head, notes[u], groupOf ? { group: groupOf[u], groupRank: ranked.groupRank![u] } : undefined));
  }
  return results;
}

/** A node's columns and ranks, looked up once per run. */
interface NodeView {
  index: number;
  code: string;
  value: Float64Array;
  points: Float64Array;
  max: Float64Array;
  status: Uint8Array;
  /** 0 group, 1 leaf, 2 normalised leaf (with its input). */
  kind: 0 | 1 | 2;
  manual: boolean;
  input: Float64Array | undefined;
  rank: (number | null)[] | undefined;
  groupRank: (number | null)[] | undefined;
}

const finite = (x: number): number | null => (x === x ? x : null);

/**
 * One node's result as forEachNode passes it: every field of a NodeResult, those a record of the node's kind lacks
 * undefined, so one shape whatever the kind. `raw` is the unit's answer looked up by code, so only when read: a
 * consumer storing the results does not read it.
 */
class NodeCursor implements NodeResult {
  value: number | null = null;
  points: number | null = null;
  maxPoints: number | null = null;
  contribution: number | null = null;
  rank: number | null = null;
  groupRank: number | null | undefined = undefined;
  input: number | null | undefined = undefined;
  #view: NodeView | undefined = undefined;
  #unit: UnitInput | undefined = undefined;

  at(view: NodeView, unit: UnitInput): void {
    this.#view = view;
    this.#unit = unit;
  }

  get raw(): RawValue {
    const view = this.#view!;
    const unit = this.#unit!;
    return view.kind === 0 ? undefined : view.manual ? unit.manualPoints?.[view.code] : unit.values?.[view.code];
  }
}

/**
 * The per-node and per-pillar records of one unit, built when its result is first read. Each record is made whole
 * by one object literal of its kind (group, leaf, normalised leaf; with or without groupRank), keys in the order
 * they always had, rather than grown a key at a time: one shape per kind, no transitions. forEachNode's loop
 * (visitNodes) computes the same fields the same way into one reused cursor instead (for-each-node.spec.ts: bit
 * for bit the same); two loops, as calling back per node cost the records' readers a fifth more.
 */
function unitRecords(plan: Plan, columns: ScoreColumns, nodeCols: NodeColumns[], pillars: PillarColumns[], ranks: RankStage, scale: number): UnitRecords {
  const { nodes } = plan;
  const { groupOf, ranked } = ranks;
  const pillarRanks = ranked.pillars;
  const views: NodeView[] = nodes
    .filter((node) => node.index !== plan.root)
    .map((node) => {
      const c = nodeCols[node.index];
      const input = node.isLeaf ? columns.inputs.get(node.index) : undefined;
      return {
        index: node.index,
        code: node.code,
        value: c.value,
        points: c.points,
        max: c.max,
        status: c.status,
        kind: !node.isLeaf ? 0 : input ? 2 : 1,
        manual: node.rule?.rule === 'manual',
        input,
        rank: ranked.nodes.get(node.index)?.all,
        groupRank: ranked.nodes.get(node.index)?.group,
      };
    });
  const multipliers = contributionMultipliers(plan, nodeCols, scale);
  const grouped = groupOf !== undefined;
  // Filled and read within one unit's records or visit, so one array and one cursor serve every unit; a visit
  // started from within another's visitor gets its own.
  const mult = new Float64Array(nodes.length);
  const cursor = new NodeCursor();
  let busy = false;
  /** forEachNode's loop: nodesOf's fields, node by node, into the cursor. */
  const visitNodes = (u: number, unit: UnitInput, visit: NodeVisitor): void => {
    const nested = busy;
    const m = nested ? new Float64Array(nodes.length) : mult;
    const c = nested ? new NodeCursor() : cursor;
    busy = true;
    try {
      multipliers(u, m);
      for (let j = 0; j < views.length; j++) {
        const view = views[j];
        const status = view.status[u];
        const p = view.points[u];
        const mx = view.max[u];
        c.value = status === OK ? view.value[u] : null;
        c.points = status === MISSING || p !== p ? null : p;
        c.maxPoints = status === MISSING || mx !== mx ? null : mx;
        c.contribution = status === OK ? finite(m[view.index] * view.value[u]) : status === MISSING ? null : 0;
        c.rank = view.rank ? view.rank[u] : null;
        c.groupRank = grouped ? (view.groupRank ? view.groupRank[u] : null) : undefined;
        c.input = view.kind === 2 ? finite(view.input![u]) : undefined;
        c.at(view, unit);
        visit(view.code, c);
      }
    } finally {
      if (!nested) busy = false;
    }
  };
  return {
    visitNodes,
    nodesOf: (u, unit) => {
      const out: Record<string, NodeResult> = {};
      // Read from within a visitor: the visit's array is in use.
      const m = busy ? new Float64Array(nodes.length) : mult;
      multipliers(u, m);
      for (let j = 0; j < views.length; j++) {
        const view = views[j];
        const status = view.status[u];
        const p = view.points[u];
        const mx = view.max[u];
        const value = status === OK ? view.value[u] : null;
        const points = status === MISSING || p !== p ? null : p;
        const maxPoints = status === MISSING || mx !== mx ? null : mx;
        const contribution = status === OK ? finite(m[view.index] * view.value[u]) : status === MISSING ? null : 0;
        const rank = view.rank ? view.rank[u] : null;
        let r: NodeResult;
        if (view.kind === 0) {
          r = grouped
            ? { value, points, maxPoints, contribution, rank, groupRank: view.groupRank ? view.groupRank[u] : null }
            : { value, points, maxPoints, contribution, rank };
        } else {
          const raw = view.manual ? unit.manualPoints?.[view.code] : unit.values?.[view.code];
          if (view.kind === 1) {
            r = grouped
              ? { value, points, maxPoints, contribution, rank, groupRank: view.groupRank ? view.groupRank[u] : null, raw }
              : { value, points, maxPoints, contribution, rank, raw };
          } else {
            const input = finite(view.input![u]);
            r = grouped
              ? { value, points, maxPoints, contribution, rank, groupRank: view.groupRank ? view.groupRank[u] : null, raw, input }
              : { value, points, maxPoints, contribution, rank, raw, input };
          }
        }
        out[view.code] = r;
      }
      return out;
    },
    pillarsOf: (u) => {
      const out: Record<string, PillarResult> = {};
      pillars.forEach((p, j) => {
        const ok = p.cols.status[u] === OK;
        const r: PillarResult = {
          value: ok ? p.cols.value[u] : null,
          points: ok ? finite(p.cols.points[u]) : null,
          maxPoints: ok ? finite(p.cols.max[u]) : null,
          rank: pillarRanks[j].all?.[u] ?? null,
        };
        if (grouped) r.groupRank = pillarRanks[j].group?.[u] ?? null;
        out[p.code] = r;
      });
      return out;
    },
  };
}

export function scoreResult(plan: Plan, units: UnitResult[], rankedCount: number, columns: ScoreColumns, normalised: StageTable | undefined): ScoreResult {
  const { framework } = plan;
  const stages = columns.stages && normalised ? { ...columns.stages, normalised } : undefined;
  return {
    engineVersion: ENGINE_VERSION,
    framework: { code: framework.code, version: framework.version },
    units,
    rankedCount,
    treatment: columns.treatment.slice(),
    ...(stages ? { stages } : {}),
  };
}
