import { childMultipliers, MISSING, OK, type NodeColumns } from '../aggregate';
import type { PillarColumns } from '../pillars';
import type { Plan } from '../plan';
import type { NodeResult, PillarResult, ScoreResult, StageTable, UnitInput, UnitNote, UnitResult } from '../types';
import { ENGINE_VERSION } from '../version';
import type { ScoreColumns } from './columns';
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
  const { nodes } = plan;
  const { scale } = plan.framework.result;
  const root = nodeCols[plan.root];
  const { eligible, indexRounded, groupOf, ranked } = ranks;
  const pillarRanks = ranked.pillars;

  // Contributions, top-down for one unit when its node results are read.
  const multipliersOf = (u: number): Float64Array => {
    const m = new Float64Array(nodes.length);
    m[plan.root] = scale;
    for (let gi = plan.groups.length - 1; gi >= 0; gi--) {
      const g = nodes[plan.groups[gi]];
      childMultipliers(g.aggregation, m, g.index, nodeCols[g.index], g.children, nodes, nodeCols, u);
    }
    return m;
  };
  const finite = (x: number): number | null => (x === x ? x : null);
  const views = nodes
    .filter((node) => node.index !== plan.root)
    .map((node) => ({
      index: node.index,
      code: node.code,
      cols: nodeCols[node.index],
      leaf: node.isLeaf,
      manual: node.rule?.rule === 'manual',
      input: columns.inputs.get(node.index),
      rank: ranked.nodes.get(node.index)?.all,
      groupRank: ranked.nodes.get(node.index)?.group,
    }));
  const nodeResultsOf = (u: number, unit: UnitInput): Record<string, NodeResult> => {
    const out: Record<string, NodeResult> = {};
    const mult = multipliersOf(u);
    for (const view of views) {
      const c = view.cols;
      const status = c.status[u];
      const points = c.points[u];
      const max = c.max[u];
      const r: NodeResult = {
        value: status === OK ? c.value[u] : null,
        points: status === MISSING || points !== points ? null : points,
        maxPoints: status === MISSING || max !== max ? null : max,
        contribution: status === OK ? finite(mult[view.index] * c.value[u]) : status === MISSING ? null : 0,
        rank: view.rank ? view.rank[u] : null,
      };
      if (groupOf) r.groupRank = view.groupRank ? view.groupRank[u] : null;
      if (view.leaf) {
        r.raw = view.manual ? unit.manualPoints?.[view.code] : unit.values?.[view.code];
        if (view.input) r.input = finite(view.input[u]);
      }
      out[view.code] = r;
    }
    return out;
  };
  const pillarResultsOf = (u: number): Record<string, PillarResult> => {
    const out: Record<string, PillarResult> = {};
    pillars.forEach((p, j) => {
      const ok = p.cols.status[u] === OK;
      const r: PillarResult = {
        value: ok ? p.cols.value[u] : null,
        points: ok ? finite(p.cols.points[u]) : null,
        maxPoints: ok ? finite(p.cols.max[u]) : null,
        rank: pillarRanks[j].all?.[u] ?? null,
      };
      if (groupOf) r.groupRank = pillarRanks[j].group?.[u] ?? null;
      out[p.code] = r;
    });
    return out;
  };
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
    const result = {
      code: unit.code,
      ranked: eligible[u],
      status: hasIndex ? 'scored' : 'no_index',
      index: hasIndex ? root.value[u] * scale : null,
      indexRounded: indexRounded[u],
      rank: ranked.rank[u],
    } as UnitResult;
    if (groupOf) {
      result.group = groupOf[u];
      result.groupRank = ranked.groupRank![u];
    }
    lazy(result, 'nodes', () => nodeResultsOf(u, unit));
    lazy(result, 'pillars', () => pillarResultsOf(u));
    result.notes = notes[u];
    results.push(result);
  }
  return results;
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

/** An enumerable property computed on first read and then kept (so JSON, spread and toEqual see a plain value). */
function lazy<T extends object, K extends keyof T>(target: T, key: K, build: () => T[K]): void {
  const define = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = build();
      define(value);
      return value;
    },
    set: define,
  });
}
