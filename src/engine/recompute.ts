import type { Aggregation, Framework, FrameworkNode } from './framework.model';

const isLeaf = (n: FrameworkNode) => !n.children?.length;

/** The main indicators: the groups whose children are all leaves (Nhận thức số, Thể chế số, ... in the DTI). */
export function mainIndicators(framework: Framework): FrameworkNode[] {
  const out: FrameworkNode[] = [];
  const walk = (nodes: FrameworkNode[]) => {
    for (const node of nodes) {
      if (isLeaf(node)) continue;
      if (node.children!.every(isLeaf)) out.push(node);
      else walk(node.children!);
    }
  };
  walk(framework.nodes);
  return out;
}

function maxOf(node: FrameworkNode): number {
  if (node.maxPoints !== undefined) return node.maxPoints;
  return (node.children ?? []).reduce((sum, c) => sum + maxOf(c), 0);
}

function combine(aggregation: Aggregation, children: { value: number; weight: number; max: number }[]): number | null {
  if (children.length === 0) return null;
  switch (aggregation) {
    case 'points': {
      const max = children.reduce((s, c) => s + c.max, 0);
      return max > 0 ? children.reduce((s, c) => s + c.value * c.max, 0) / max : null;
    }
    case 'weighted_mean': {
      const w = children.reduce((s, c) => s + c.weight, 0);
      return w > 0 ? children.reduce((s, c) => s + c.value * c.weight, 0) / w : null;
    }
    case 'geometric_mean': {
      const w = children.reduce((s, c) => s + c.weight, 0);
      return w > 0 ? Math.exp(children.reduce((s, c) => s + (c.weight / w) * Math.log(Math.max(c.value, 1e-300)), 0)) : null;
    }
  }
}

/**
 * The index from given values (0..1) of some nodes, aggregated up the tree by the framework's own rules, as if
 * those nodes had been scored so: the rule used for DTI 2024 after the 2025 merger, where a merged province's value
 * is the average of its predecessors' main-indicator values, then recomputed. Nodes with maxPoints 0 add nothing.
 */
export function indexFromNodeValues(framework: Framework, values: Readonly<Record<string, number>>): number | null {
  const valueOf = (node: FrameworkNode, inherited: Aggregation): number | null => {
    if (values[node.code] !== undefined) return values[node.code];
    if (isLeaf(node)) return null;
    const aggregation = node.aggregation ?? inherited;
    const children = node.children!.flatMap((c) => {
      if (aggregation === 'points' && maxOf(c) === 0) return [];
      const v = valueOf(c, framework.aggregation);
      return v === null ? [] : [{ value: v, weight: c.weight ?? 1, max: maxOf(c) }];
    });
    return combine(aggregation, children);
  };
  const root: FrameworkNode = { code: '\u0000root', name: { vi: '' }, children: framework.nodes, aggregation: framework.aggregation };
  const value = valueOf(root, framework.aggregation);
  return value === null ? null : value * framework.result.scale;
}
