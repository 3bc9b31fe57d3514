import { canonicallyEqual } from '../common/canonical-json';
import type { Framework, FrameworkNode } from '../engine/framework.model';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface NodeChange {
  code: string;
  fields: FieldChange[];
}

export interface FrameworkDiff {
  /** Top-level fields other than the tree (name, result, aggregation, pillars, ...). */
  framework: FieldChange[];
  added: string[];
  removed: string[];
  changed: NodeChange[];
}

interface PlacedNode {
  node: Omit<FrameworkNode, 'children'>;
  parent: string | null;
  position: number;
}

function place(nodes: FrameworkNode[], parent: string | null, into: Map<string, PlacedNode>): Map<string, PlacedNode> {
  nodes.forEach(({ children, ...node }, position) => {
    into.set(node.code, { node, parent, position });
    if (children) place(children, node.code, into);
  });
  return into;
}

function fieldChanges(from: Record<string, unknown>, to: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return fields
    .filter((field) => !canonicallyEqual(from[field], to[field]))
    .map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}

/** What changed from one framework version to another, node by node (matched by code), field by field. */
export function diffFrameworks(from: Framework, to: Framework): FrameworkDiff {
  const { nodes: fromNodes, ...fromTop } = from;
  const { nodes: toNodes, ...toTop } = to;
  const before = place(fromNodes, null, new Map());
  const after = place(toNodes, null, new Map());
  const changed: NodeChange[] = [];
  for (const [code, b] of before) {
    const a = after.get(code);
    if (!a) continue;
    const fields = fieldChanges(
      { ...b.node, parent: b.parent, position: b.position },
      { ...a.node, parent: a.parent, position: a.position },
    );
    if (fields.length > 0) changed.push({ code, fields });
  }
  return {
    framework: fieldChanges(fromTop, toTop),
    added: [...after.keys()].filter((code) => !before.has(code)),
    removed: [...before.keys()].filter((code) => !after.has(code)),
    changed,
  };
}
