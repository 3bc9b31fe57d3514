import { FrameworkIssue, joinPath } from './issue';
import { recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

const NUMERIC = ['number', 'percent', 'integer'];

/** The input types each rule can read; `manual` reads anything, since the reviewer gives the points. */
const INPUTS_OF_RULE: Record<string, string[] | undefined> = {
  boolean: ['boolean'],
  ratio: NUMERIC,
  bands: NUMERIC,
  choice: ['choice'],
  formula: ['numbers'],
  manual: undefined,
};

/** A rule fed an input it cannot read would fail at scoring time, for every unit: refuse it at load time. */
export function checkInputCompat({ nodes }: CheckContext): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  for (const { node, path, isLeaf } of nodes) {
    const type = stringAt(recordAt(node, 'input'), 'type');
    if (!isLeaf || type === undefined) continue;
    const rule = stringAt(recordAt(node, 'scoring'), 'rule');
    const method = stringAt(recordAt(node, 'normalization'), 'method');
    const [accepted, reader] =
      rule !== undefined ? [INPUTS_OF_RULE[rule], `rule "${rule}"`] : method && method !== 'none' ? [NUMERIC, `normalization "${method}"`] : [undefined, ''];
    if (accepted === undefined || accepted.includes(type)) continue;
    issues.push({
      path: joinPath(joinPath(path, 'input'), 'type'),
      rule: 'input-type',
      message: `${reader} needs input type ${accepted.join(' or ')}, not "${type}"`,
    });
  }
  return issues;
}
