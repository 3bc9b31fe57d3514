import { aggregateGroup, type NodeColumns } from './aggregate';
import type { Plan } from './plan';

export interface PillarColumns {
  code: string;
  cols: NodeColumns;
}

/**
 * Pillars are a many-to-many view over the tree: with `points` (the default when the framework aggregates by points)
 * a pillar's value is Σ points / Σ max of its members; with a mean, the weighted mean of their values.
 */
export function scorePillars(plan: Plan, nodeCols: NodeColumns[], n: number): PillarColumns[] {
  return (plan.framework.pillars ?? []).map((p) => {
    const aggregation = p.aggregation ?? plan.framework.aggregation;
    const children = p.members.map((m) => {
      const i = plan.byCode.get(m.node)!;
      return { code: m.node, cols: nodeCols[i], weight: m.weight ?? 1 };
    });
    return { code: p.code, cols: aggregateGroup(p.code, aggregation, undefined, children, n) };
  });
}
