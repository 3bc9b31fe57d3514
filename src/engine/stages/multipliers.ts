import { OK, type NodeColumns } from '../aggregate';
import type { Plan } from '../plan';

/** One group's part of the top-down walk, its children's columns looked up once per run instead of once per unit. */
interface GroupStep {
  index: number;
  /** 0 points, 1 weighted mean, 2 geometric mean. */
  mode: 0 | 1 | 2;
  parentStatus: Uint8Array;
  parentMax: Float64Array;
  children: number[];
  childStatus: Uint8Array[];
  childMax: Float64Array[];
  childWeight: number[];
}

/**
 * For one unit, each node's multiplier m such that its contribution to the index is m × its value, filled into `m`
 * (one array per run, reused unit after unit) top-down from the root's `scale`. With points a child's share of the
 * parent value is value × max_child / max_parent, with a weighted mean value × w / Σw. A geometric mean is not
 * additive, so below it there is no contribution (NaN). The same sums in the same order as ever, so bit for bit.
 */
export function contributionMultipliers(plan: Plan, nodeCols: NodeColumns[], scale: number): (u: number, m: Float64Array) => void {
  const { nodes } = plan;
  const steps: GroupStep[] = [];
  for (let gi = plan.groups.length - 1; gi >= 0; gi--) {
    const g = nodes[plan.groups[gi]];
    steps.push({
      index: g.index,
      mode: g.aggregation === 'points' ? 0 : g.aggregation === 'weighted_mean' ? 1 : 2,
      parentStatus: nodeCols[g.index].status,
      parentMax: nodeCols[g.index].max,
      children: g.children,
      childStatus: g.children.map((c) => nodeCols[c].status),
      childMax: g.children.map((c) => nodeCols[c].max),
      childWeight: g.children.map((c) => nodes[c].weight),
    });
  }
  const root = plan.root;
  return (u, m) => {
    m[root] = scale;
    for (const s of steps) {
      const pm = m[s.index];
      const { children, childStatus, childWeight } = s;
      const k = children.length;
      let sumW = 0;
      if (s.mode === 1) {
        for (let j = 0; j < k; j++) if (childStatus[j][u] === OK && childWeight[j] > 0) sumW += childWeight[j];
      }
      const parentOk = s.parentStatus[u] === OK;
      for (let j = 0; j < k; j++) {
        const c = children[j];
        if (s.mode === 2 || pm !== pm) m[c] = Number.NaN;
        else if (childStatus[j][u] !== OK || !parentOk) m[c] = 0;
        else m[c] = s.mode === 0 ? (pm * s.childMax[j][u]) / s.parentMax[u] : (pm * childWeight[j]) / sumW;
      }
    }
  };
}
