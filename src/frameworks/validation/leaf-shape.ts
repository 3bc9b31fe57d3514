import { FrameworkIssue, joinPath } from './issue';
import { recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** A leaf is scored one way: by a rule, or by normalisation across the run; never both, never neither. */
export function checkLeafShape({ nodes }: CheckContext): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  for (const { node, path, isLeaf } of nodes) {
    if (!isLeaf) continue;
    const hasScoring = node.scoring !== undefined;
    const method = stringAt(recordAt(node, 'normalization'), 'method');
    const normalises = method !== undefined && method !== 'none';
    if (hasScoring && normalises) {
      issues.push({
        path: joinPath(path, 'normalization'),
        rule: 'scoring-or-normalization',
        message: `a leaf is scored by its rule or by normalization "${method}", not both`,
      });
    } else if (!hasScoring && !normalises) {
      issues.push({
        path: joinPath(path, 'scoring'),
        rule: 'required',
        message: 'a leaf needs a scoring rule or a normalization other than "none"',
      });
    }
  }
  return issues;
}
