import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, isRecord, Loose, numberAt, stringAt } from './loose';

/** A node of the tree as the checks see it: where it is and how its parent combines it. */
export interface NodeVisit {
  node: Loose;
  path: string;
  /** The aggregation of the group it belongs to (the framework's own for top-level nodes). */
  parentAggregation: string | undefined;
  isLeaf: boolean;
}

export interface CheckContext {
  doc: Loose;
  nodes: NodeVisit[];
}

export type FrameworkCheck = (context: CheckContext) => FrameworkIssue[];

/** A group's own aggregation, or the framework default (the contract: a group's key overrides the default). */
export function aggregationOf(group: Loose, doc: Loose): string | undefined {
  return stringAt(group, 'aggregation') ?? stringAt(doc, 'aggregation');
}

export function visitNodes(doc: Loose): NodeVisit[] {
  const visits: NodeVisit[] = [];
  const walk = (list: unknown[], listPath: string, parentAggregation: string | undefined): void => {
    list.forEach((node, index) => {
      if (!isRecord(node)) return;
      const path = joinPath(listPath, index);
      visits.push({ node, path, parentAggregation, isLeaf: node.children === undefined });
      if (Array.isArray(node.children)) walk(node.children, joinPath(path, 'children'), aggregationOf(node, doc));
    });
  };
  walk(arrayAt(doc, 'nodes'), 'nodes', stringAt(doc, 'aggregation'));
  return visits;
}

/** A node's max points: its own maxPoints, else the sum of its children's; undefined where that is unknown. */
export function effectiveMax(node: Loose): number | undefined {
  const own = numberAt(node, 'maxPoints');
  if (own !== undefined) return own;
  if (!Array.isArray(node.children)) return undefined;
  return sumOfMax(node.children);
}

export function sumOfMax(nodes: unknown[]): number | undefined {
  let sum = 0;
  for (const child of nodes) {
    const max = isRecord(child) ? effectiveMax(child) : undefined;
    if (max === undefined) return undefined;
    sum += max;
  }
  return sum;
}
