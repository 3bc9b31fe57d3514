import type { Framework, FrameworkNode, InputSpec, ScoringRule } from '../engine/framework.model';
import type { FieldChange, FrameworkDiff } from '../frameworks/framework-diff';
import { localName, type Lang } from './i18n';

/** One node of a framework as its page shows it: a group with its children, or an indicator with how it is answered and scored. */
export interface TreeNode {
  code: string;
  name: string;
  kind: 'group' | 'leaf';
  depth: number;
  maxPoints: number | null;
  weight: number | null;
  aggregation: string | null;
  input: string | null;
  scoring: string | null;
  source: string | null;
  evidence: string | null;
  required: boolean;
  illustrative: boolean;
  children: TreeNode[];
}

export interface PillarView {
  code: string;
  name: string;
  aggregation: string | null;
  members: string[];
}

const localText = (text: { vi: string; en?: string } | undefined, lang: Lang) => (text ? localName({ nameVi: text.vi, nameEn: text.en }, lang) : '');

/** An input as words of the file's own vocabulary: "percent 0–100", "numbers (numerator, denominator)". */
export function inputText(input: InputSpec | undefined): string | null {
  if (!input) return null;
  const range = input.min !== undefined || input.max !== undefined ? ` ${input.min ?? '…'}–${input.max ?? '…'}` : '';
  const names = input.names?.length ? ` (${input.names.join(', ')})` : '';
  return `${input.type}${range}${names}${input.unit ? ` ${input.unit}` : ''}`;
}

/** A scoring rule in one line: "ratio, target 100", "bands ≥0: 0 · ≥50: 5", "choice a: 1 · b: 2". */
export function scoringText(scoring: ScoringRule | undefined): string | null {
  if (!scoring) return null;
  switch (scoring.rule) {
    case 'ratio':
      return `ratio, target ${scoring.target}`;
    case 'bands':
      return `bands ${scoring.bands.map((b) => `≥${b.min}: ${b.points}`).join(' · ')}`;
    case 'choice':
      return `choice ${scoring.options.map((o) => `${o.value}: ${o.points}`).join(' · ')}`;
    case 'formula':
      return `formula ${scoring.expression}`;
    default:
      return scoring.rule;
  }
}

function toTree(nodes: FrameworkNode[], depth: number, lang: Lang): TreeNode[] {
  return nodes.map((node) => {
    const leaf = !node.children?.length;
    return {
      code: node.code,
      name: localText(node.name, lang),
      kind: leaf ? 'leaf' : 'group',
      depth,
      maxPoints: node.maxPoints ?? null,
      weight: node.weight ?? null,
      aggregation: node.aggregation ?? null,
      input: leaf ? inputText(node.input) : null,
      scoring: leaf ? scoringText(node.scoring) : null,
      source: node.source ?? null,
      evidence: node.evidence ?? null,
      required: node.required !== false,
      illustrative: node.illustrative === true,
      children: leaf ? [] : toTree(node.children ?? [], depth + 1, lang),
    };
  });
}

/** How many nodes a tree has, groups and indicators. */
export function countNodes(nodes: Array<{ children?: unknown[] }>): number {
  return nodes.reduce((sum, node) => sum + 1 + countNodes((node.children ?? []) as Array<{ children?: unknown[] }>), 0);
}

/** A framework version's tree and pillars in the page's language. */
export function frameworkTree(framework: Framework, lang: Lang): { nodes: TreeNode[]; count: number; leaves: number; pillars: PillarView[] } {
  const nodes = toTree(framework.nodes, 1, lang);
  const leaves = (list: TreeNode[]): number => list.reduce((sum, n) => sum + (n.kind === 'leaf' ? 1 : leaves(n.children)), 0);
  return {
    nodes,
    count: countNodes(framework.nodes),
    leaves: leaves(nodes),
    pillars: (framework.pillars ?? []).map((p) => ({
      code: p.code,
      name: localText(p.name, lang),
      aggregation: p.aggregation ?? null,
      members: p.members.map((m) => (m.weight !== undefined ? `${m.node} × ${m.weight}` : m.node)),
    })),
  };
}

/** A changed value as short JSON for the diff table (long ones cut). */
const shown = (value: unknown): string => {
  const text = value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
};

export interface DiffRow {
  code: string;
  field: string;
  from: string;
  to: string;
}

/** FrameworksService's diff as rows for the page: one per changed field (of the framework, then of each node). */
export function diffRows(diff: FrameworkDiff): { framework: DiffRow[]; nodes: DiffRow[] } {
  const row = (code: string) => (c: FieldChange): DiffRow => ({ code, field: c.field, from: shown(c.from), to: shown(c.to) });
  return { framework: diff.framework.map(row('')), nodes: diff.changed.flatMap((n) => n.fields.map(row(n.code))) };
}
