import type { Aggregation, Framework, FrameworkNode, LocalizedText } from './framework.model';
import type { RawValue, ScoreResult, UnitNote, UnitResult } from './types';

/**
 * Why a unit has its index: for every node, from the raw value through the rule's points or the normalised
 * value, to its share of the parent's value and its contribution to the index.
 */
export interface Explanation {
  code: string;
  name?: LocalizedText;
  kind: 'index' | 'group' | 'leaf';
  /** Groups: how the children are combined. */
  aggregation?: Aggregation;
  weight?: number;
  /** Leaves: the rule, or the normalisation method. */
  method?: string;
  raw?: RawValue;
  /** The number that was normalised, after denomination, imputation and treatment. */
  input?: number | null;
  value: number | null;
  points: number | null;
  maxPoints: number | null;
  /** What this node adds to its parent's value (points / parent max, or weight share × value); null below a geometric mean. */
  shareOfParent: number | null;
  /** In index units; the leaves' contributions sum to the index (when no geometric mean is involved). */
  contribution: number | null;
  notes: UnitNote[];
  children?: Explanation[];
}

export function explainUnit(framework: Framework, result: ScoreResult | UnitResult, unitCode?: string): Explanation {
  const unit = 'units' in result ? result.units.find((u) => u.code === unitCode) : result;
  if (!unit) throw new Error(`no result for unit ${unitCode}`);
  const scale = framework.result.scale;

  const explainChildren = (children: FrameworkNode[], aggregation: Aggregation, parentMax: number | null): Explanation[] => {
    let sumW = 0;
    for (const c of children) if (unit.nodes[c.code]?.value != null) sumW += c.weight ?? 1;
    return children.map((c) => {
      const e = explainNode(c);
      const w = c.weight ?? 1;
      if (e.value === null || aggregation === 'geometric_mean') e.shareOfParent = aggregation === 'geometric_mean' ? null : 0;
      else if (aggregation === 'points') e.shareOfParent = parentMax ? (e.points ?? 0) / parentMax : null;
      else e.shareOfParent = sumW > 0 ? (w / sumW) * e.value : null;
      return e;
    });
  };

  const explainNode = (node: FrameworkNode): Explanation => {
    const r = unit.nodes[node.code];
    const isLeaf = !node.children || node.children.length === 0;
    const e: Explanation = {
      code: node.code,
      name: node.name,
      kind: isLeaf ? 'leaf' : 'group',
      weight: node.weight ?? 1,
      value: r?.value ?? null,
      points: r?.points ?? null,
      maxPoints: r?.maxPoints ?? null,
      shareOfParent: null,
      contribution: r?.contribution ?? null,
      notes: unit.notes.filter((n) => n.node === node.code),
    };
    if (isLeaf) {
      e.method = node.scoring ? node.scoring.rule : (node.normalization?.method ?? 'none');
      e.raw = r?.raw;
      if (r && 'input' in r) e.input = r.input;
    } else {
      e.aggregation = node.aggregation ?? framework.aggregation;
      e.children = explainChildren(node.children!, e.aggregation, e.maxPoints);
    }
    return e;
  };

  const rootMax = framework.aggregation === 'points' ? sumMax(unit, framework.nodes) : null;
  return {
    code: framework.code,
    name: framework.name,
    kind: 'index',
    aggregation: framework.aggregation,
    value: unit.index === null ? null : unit.index / scale,
    points: rootMax === null ? null : framework.nodes.reduce((s, n) => s + (unit.nodes[n.code]?.points ?? 0), 0),
    maxPoints: rootMax,
    shareOfParent: null,
    contribution: unit.index,
    notes: unit.notes.filter((n) => n.node === undefined),
    children: explainChildren(framework.nodes, framework.aggregation, rootMax),
  };
}

function sumMax(unit: UnitResult, nodes: FrameworkNode[]): number {
  let s = 0;
  for (const n of nodes) s += unit.nodes[n.code]?.maxPoints ?? 0;
  return s;
}

const fmt = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '—' : String(Number(x.toFixed(digits))));

/** A readable indented rendering, for the CLI and logs. */
export function explanationLines(e: Explanation, lang: 'vi' | 'en' = 'en', depth = 0): string[] {
  const name = e.name ? (lang === 'en' ? (e.name.en ?? e.name.vi) : e.name.vi) : '';
  const pad = '  '.repeat(depth);
  const parts: string[] = [];
  if (e.kind === 'leaf') {
    parts.push(`raw ${e.raw === undefined ? '—' : JSON.stringify(e.raw)}`);
    if (e.input !== undefined) parts.push(`input ${fmt(e.input)}`);
    parts.push(`${e.method} → value ${fmt(e.value)}`);
  } else parts.push(`${e.aggregation} → value ${fmt(e.value)}`);
  if (e.maxPoints !== null) parts.push(`points ${fmt(e.points)}/${fmt(e.maxPoints)}`);
  if (e.shareOfParent !== null) parts.push(`adds ${fmt(e.shareOfParent, 6)} to its parent`);
  if (e.contribution !== null) parts.push(`contributes ${fmt(e.contribution, 6)} to the index`);
  const lines = [`${pad}${e.code}${name ? ` (${name})` : ''}: ${parts.join('; ')}`];
  for (const n of e.notes) lines.push(`${pad}  ! ${n.kind}: ${n.message}`);
  for (const c of e.children ?? []) lines.push(...explanationLines(c, lang, depth + 1));
  return lines;
}
