import { EngineFrameworkError } from '../errors';
import { checkNormalization, checkPillars, groupMax, ROOT_CODE, type Plan, type PlanNode } from '../plan';
import type { ScoreOverrides } from './columns';

/**
 * The plan as compilePlan would make it of the framework with these weights, aggregations and normalisations: the
 * same nodes in the same order (so the prepared columns still fit), checked as compilePlan checks them. Overrides
 * are per node: the framework's default aggregation is not among them, so a group that relies on it keeps it.
 */
export function withOverrides(plan: Plan, overrides: ScoreOverrides = {}): Plan {
  const { weights = {}, aggregation = {}, normalization = {} } = overrides;
  const changes = Object.keys(weights).length + Object.keys(aggregation).length + Object.keys(normalization).length;
  if (changes === 0) return plan;
  const nodes: PlanNode[] = plan.nodes.map((n) => ({ ...n }));
  const nodeOf = (code: string): PlanNode => {
    const i = plan.byCode.get(code) ?? (code === ROOT_CODE ? plan.root : undefined);
    if (i === undefined) throw new EngineFrameworkError('an override names no node', code);
    return nodes[i];
  };
  for (const [code, weight] of Object.entries(weights)) {
    if (!(Number.isFinite(weight) && weight >= 0)) throw new EngineFrameworkError('weight must be ≥ 0', code);
    nodeOf(code).weight = weight;
  }
  for (const [code, method] of Object.entries(normalization)) {
    const leaf = nodeOf(code);
    if (leaf.mode !== 'normalize') throw new EngineFrameworkError('only a normalised leaf can take another normalisation', code);
    checkNormalization(code, method, leaf.direction);
    leaf.normalization = method;
  }
  const regrouped = Object.entries(aggregation);
  for (const [code, method] of regrouped) {
    const group = nodeOf(code);
    if (group.isLeaf) throw new EngineFrameworkError('only a group has an aggregation', code);
    group.aggregation = method;
  }
  if (regrouped.length > 0) {
    // A points group's max is its children's sum, so a changed aggregation below can change the max above.
    for (const gi of plan.groups) {
      const g = nodes[gi];
      const declared = gi === plan.root ? undefined : g.node?.maxPoints;
      g.maxPoints = groupMax(gi === plan.root ? '(root)' : g.code, g.aggregation, declared, g.children.map((c) => nodes[c]));
    }
    checkPillars(plan.framework, nodes, plan.byCode);
  }
  return { ...plan, nodes };
}
