import { EngineFrameworkError } from './errors';
import type { Aggregation, Direction, Framework, FrameworkNode, Normalization } from './framework.model';
import type { ParseSpec, ValueKind } from './input';
import { compileRule, type LeafRule } from './rules';

/**
 * The framework compiled once per run into flat arrays: nodes in post-order (children before parents, the
 * implicit root last), so that scoring is a few loops over columns instead of a recursive walk per unit.
 */

export const ROOT_CODE = '__index__';

export interface PlanNode {
  index: number;
  code: string;
  /** Null for the implicit root. */
  node: FrameworkNode | null;
  parent: number;
  children: number[];
  isLeaf: boolean;
  aggregation: Aggregation;
  weight: number;
  /** maxPoints as declared (for a points group: or the children's sum); undefined when there is none. */
  maxPoints: number | undefined;
  // Leaves only
  mode?: 'rule' | 'normalize';
  rule?: LeafRule;
  parse?: ParseSpec;
  normalization?: Normalization;
  direction: Direction;
  denominator?: string;
}

export interface Plan {
  framework: Framework;
  nodes: PlanNode[];
  leaves: number[];
  groups: number[];
  root: number;
  byCode: Map<string, number>;
}

const SUM_TOLERANCE = 1e-9;

function leafParseSpec(node: FrameworkNode, rule: LeafRule | undefined): ParseSpec {
  const input = node.input;
  const fromRule: ValueKind = rule ? rule.kind : 'number';
  if (rule?.rule === 'manual') return { kind: 'none' };
  if (!input) {
    const choices = rule && 'values' in rule ? (rule.values as Set<string>) : undefined;
    return { kind: fromRule, choices };
  }
  let spec: ParseSpec;
  switch (input.type) {
    case 'boolean':
      spec = { kind: 'boolean' };
      break;
    case 'number':
    case 'integer':
    case 'percent':
      spec = {
        kind: 'number',
        integer: input.type === 'integer',
        min: input.type === 'percent' ? Math.max(0, input.min ?? 0) : input.min,
        max: input.type === 'percent' ? Math.min(100, input.max ?? 100) : input.max,
      };
      break;
    case 'choice':
      spec = { kind: 'choice', choices: rule && 'values' in rule ? (rule.values as Set<string>) : undefined };
      break;
    case 'numbers':
      if (!input.names || input.names.length === 0) throw new EngineFrameworkError('a numbers input needs names', node.code);
      spec = { kind: 'numbers', names: input.names };
      break;
    case 'text':
      spec = { kind: 'none' };
      break;
    default:
      throw new EngineFrameworkError(`unknown input type ${(input as { type: string }).type}`, node.code);
  }
  if (spec.kind !== fromRule) {
    throw new EngineFrameworkError(
      rule ? `input ${input.type} does not fit the ${rule.rule} rule` : `input ${input.type} cannot be normalised`,
      node.code,
    );
  }
  return spec;
}

export function compilePlan(framework: Framework): Plan {
  if (!framework || !Array.isArray(framework.nodes) || framework.nodes.length === 0) {
    throw new EngineFrameworkError('the framework has no nodes');
  }
  const scale = framework.result?.scale;
  const precision = framework.result?.precision;
  if (!(Number.isFinite(scale) && scale > 0)) throw new EngineFrameworkError('result.scale must be a positive number');
  if (!(Number.isInteger(precision) && precision >= 0 && precision <= 15)) {
    throw new EngineFrameworkError('result.precision must be a whole number in 0..15');
  }
  const nodes: PlanNode[] = [];
  const byCode = new Map<string, number>();
  const defaultAggregation = framework.aggregation;

  const visit = (n: FrameworkNode): number => {
    if (!n || typeof n.code !== 'string' || n.code === '') throw new EngineFrameworkError('a node has no code');
    if (byCode.has(n.code) || n.code === ROOT_CODE) throw new EngineFrameworkError('the code is used twice', n.code);
    byCode.set(n.code, -1);
    const weight = n.weight ?? 1;
    if (!(Number.isFinite(weight) && weight >= 0)) throw new EngineFrameworkError('weight must be ≥ 0', n.code);
    if (n.maxPoints !== undefined && !(Number.isFinite(n.maxPoints) && n.maxPoints >= 0)) {
      throw new EngineFrameworkError('maxPoints must be ≥ 0', n.code);
    }
    const direction = n.direction ?? 1;
    if (direction !== 1 && direction !== -1) throw new EngineFrameworkError('direction must be 1 or -1', n.code);

    if (n.children && n.children.length > 0) {
      if (n.scoring || n.input) throw new EngineFrameworkError('a group cannot have scoring or input', n.code);
      const children = n.children.map(visit);
      const aggregation = n.aggregation ?? defaultAggregation;
      const maxPoints = groupMax(n.code, aggregation, n.maxPoints, children.map((c) => nodes[c]));
      const index = nodes.length;
      nodes.push({ index, code: n.code, node: n, parent: -1, children, isLeaf: false, aggregation, weight, maxPoints, direction });
      for (const c of children) nodes[c].parent = index;
      byCode.set(n.code, index);
      return index;
    }

    const normalization = n.normalization && n.normalization.method !== 'none' ? n.normalization : undefined;
    let mode: 'rule' | 'normalize';
    let rule: LeafRule | undefined;
    if (n.scoring) {
      if (normalization) throw new EngineFrameworkError('a leaf is scored by a rule or normalised, not both', n.code);
      if (n.maxPoints === undefined) throw new EngineFrameworkError('a rule leaf needs maxPoints', n.code);
      // A rule says itself what is better (its bands or options); flipping it as well would be guesswork.
      if (direction === -1) throw new EngineFrameworkError('direction -1 is for normalised leaves; a rule leaf states lower-is-better in its bands or options', n.code);
      mode = 'rule';
      rule = compileRule(n, n.maxPoints);
    } else {
      mode = 'normalize';
      checkNormalization(n.code, n.normalization ?? { method: 'none' }, direction);
    }
    const index = nodes.length;
    nodes.push({
      index,
      code: n.code,
      node: n,
      parent: -1,
      children: [],
      isLeaf: true,
      aggregation: defaultAggregation,
      weight,
      maxPoints: n.maxPoints,
      mode,
      rule,
      parse: leafParseSpec(n, rule),
      normalization: n.normalization ?? { method: 'none' },
      direction,
      denominator: n.denominator,
    });
    byCode.set(n.code, index);
    return index;
  };

  const top = framework.nodes.map(visit);
  const rootAggregation = framework.aggregation;
  const root = nodes.length;
  nodes.push({
    index: root,
    code: ROOT_CODE,
    node: null,
    parent: -1,
    children: top,
    isLeaf: false,
    aggregation: rootAggregation,
    weight: 1,
    maxPoints: groupMax('(root)', rootAggregation, undefined, top.map((c) => nodes[c])),
    direction: 1,
  });
  for (const c of top) nodes[c].parent = root;

  checkPillars(framework, nodes, byCode);
  return {
    framework,
    nodes,
    leaves: nodes.filter((n) => n.isLeaf).map((n) => n.index),
    groups: nodes.filter((n) => !n.isLeaf).map((n) => n.index),
    root,
    byCode,
  };
}

/** Pillars name nodes, and a points pillar needs every member's maxPoints. */
export function checkPillars(framework: Framework, nodes: readonly PlanNode[], byCode: ReadonlyMap<string, number>): void {
  for (const p of framework.pillars ?? []) {
    const aggregation = p.aggregation ?? framework.aggregation;
    for (const m of p.members) {
      if (!byCode.has(m.node)) throw new EngineFrameworkError(`pillar member ${m.node} is not a node`, p.code);
      if (aggregation === 'points' && nodes[byCode.get(m.node)!].maxPoints === undefined) {
        throw new EngineFrameworkError(`points aggregation needs maxPoints on ${m.node}`, p.code);
      }
    }
  }
}

export function groupMax(code: string, aggregation: Aggregation, declared: number | undefined, children: PlanNode[]): number | undefined {
  if (!['points', 'weighted_mean', 'geometric_mean'].includes(aggregation)) {
    throw new EngineFrameworkError(`unknown aggregation ${String(aggregation)}`, code);
  }
  if (aggregation !== 'points') return declared;
  let sum = 0;
  for (const c of children) {
    if (c.maxPoints === undefined) throw new EngineFrameworkError(`points aggregation needs maxPoints on ${c.code}`, code);
    sum += c.maxPoints;
  }
  if (declared !== undefined && Math.abs(declared - sum) > SUM_TOLERANCE * Math.max(1, sum)) {
    throw new EngineFrameworkError(`maxPoints ${declared} is not the children's sum ${sum}`, code);
  }
  return declared ?? sum;
}

export function checkNormalization(code: string, n: Normalization, direction: Direction): void {
  const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  switch (n.method) {
    case 'none':
      if (direction === -1) throw new EngineFrameworkError('direction -1 needs a normalisation to flip', code);
      return;
    case 'minmax':
      if ((n.lower !== undefined && !finite(n.lower)) || (n.upper !== undefined && !finite(n.upper))) {
        throw new EngineFrameworkError('minmax lower/upper must be numbers', code);
      }
      if ((n.lower ?? 0) >= (n.upper ?? 1)) throw new EngineFrameworkError('minmax lower must be below upper', code);
      return;
    case 'zscore':
      if ((n.mean !== undefined && !finite(n.mean)) || (n.sd !== undefined && !(finite(n.sd) && n.sd > 0))) {
        throw new EngineFrameworkError('zscore mean must be a number and sd positive', code);
      }
      return;
    case 'goalposts':
      if (!finite(n.min) || !finite(n.max) || n.min >= n.max) {
        throw new EngineFrameworkError('goalposts need numbers min < max', code);
      }
      return;
    case 'target':
      if (!finite(n.target) || n.target <= 0) throw new EngineFrameworkError('target must be a positive number', code);
      return;
    default:
      throw new EngineFrameworkError(`unknown normalisation ${(n as { method: string }).method}`, code);
  }
}
