import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, isRecord, stringAt } from './loose';
import { CheckContext } from './tree';

/** A pillar is a view over the tree: each member must name a node, once. */
export function checkPillarMembers({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const codes = new Set(nodes.map(({ node }) => stringAt(node, 'code')));
  const issues: FrameworkIssue[] = [];
  arrayAt(doc, 'pillars').forEach((pillar, pillarIndex) => {
    if (!isRecord(pillar)) return;
    const seen = new Set<string>();
    arrayAt(pillar, 'members').forEach((member, index) => {
      const node = isRecord(member) ? stringAt(member, 'node') : undefined;
      if (node === undefined) return;
      const path = joinPath(joinPath(joinPath(joinPath('pillars', pillarIndex), 'members'), index), 'node');
      if (!codes.has(node)) issues.push({ path, rule: 'unknown-node', message: `no node has the code "${node}"` });
      else if (seen.has(node)) issues.push({ path, rule: 'unique', message: `"${node}" is already a member of this pillar` });
      seen.add(node);
    });
  });
  return issues;
}
