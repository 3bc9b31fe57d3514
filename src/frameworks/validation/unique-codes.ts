import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, isRecord, stringAt } from './loose';
import { CheckContext } from './tree';

/** Codes name nodes in answers, results and pillars, so one code must mean one node in the whole tree. */
export function checkUniqueCodes({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const firstPath = new Map<string, string>();
  const issues: FrameworkIssue[] = [];
  const claim = (code: string | undefined, path: string): void => {
    if (code === undefined) return;
    const first = firstPath.get(code);
    if (first === undefined) firstPath.set(code, path);
    else issues.push({ path: joinPath(path, 'code'), rule: 'unique', message: `code "${code}" is already used by ${first}` });
  };
  for (const { node, path } of nodes) claim(stringAt(node, 'code'), path);
  // Pillar results are stored beside node results, keyed by code: a pillar may not reuse a node's code.
  arrayAt(doc, 'pillars').forEach((pillar, index) => {
    if (isRecord(pillar)) claim(stringAt(pillar, 'code'), joinPath('pillars', index));
  });
  return issues;
}
