import { aggregateGroup, type NodeColumns } from '../aggregate';
import type { Plan } from '../plan';

/** Every group bottom-up (the plan's nodes are in post-order), by the plan's weights and aggregations. */
export function aggregateNodes(plan: Plan, nodeCols: NodeColumns[], n: number, constant: (x: number) => Float64Array): void {
  const { nodes } = plan;
  for (const gi of plan.groups) {
    const g = nodes[gi];
    const children = g.children.map((c) => ({ code: nodes[c].code, cols: nodeCols[c], weight: nodes[c].weight }));
    nodeCols[gi] = aggregateGroup(g.code, g.aggregation, g.maxPoints, children, n, constant);
  }
}
