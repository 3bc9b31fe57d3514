import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, numberAt } from './loose';
import { CheckContext, effectiveMax, sumOfMax } from './tree';

// Points are decimals in some frameworks (e.g. 12.5): compare with a tolerance, not bit for bit.
const TOLERANCE = 1e-9;

/** Declared maxPoints equal the sum of the children's, for every group and for the framework root. */
export function checkPointsSum({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const compare = (declared: number | undefined, children: unknown[], path: string): void => {
    const sum = sumOfMax(children);
    if (declared === undefined || sum === undefined || Math.abs(sum - declared) <= TOLERANCE) return;
    issues.push({
      path: joinPath(path, 'maxPoints'),
      rule: 'sum',
      message: `declares ${declared} points but its children add up to ${round(sum)}`,
    });
  };
  compare(numberAt(doc, 'maxPoints'), arrayAt(doc, 'nodes'), '');
  for (const { node, path } of nodes) {
    if (Array.isArray(node.children)) compare(numberAt(node, 'maxPoints'), node.children, path);
  }
  return issues;
}

/** In a `points` group every leaf must have a max, or the group's value (points / max) is undefined. */
export function checkPointsNeedMax({ nodes }: CheckContext): FrameworkIssue[] {
  return nodes
    .filter(({ node, isLeaf, parentAggregation }) => isLeaf && parentAggregation === 'points' && effectiveMax(node) === undefined)
    .map(({ path, parentAggregation }) => ({
      path: joinPath(path, 'maxPoints'),
      rule: 'required',
      message: `required by aggregation "${String(parentAggregation)}"`,
    }));
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
