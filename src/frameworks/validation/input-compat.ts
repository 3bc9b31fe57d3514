import { FrameworkIssue, joinPath } from './issue';
import { Loose, recordAt, stringAt } from './loose';
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
    const reader = isLeaf && type !== undefined ? readerOf(node) : undefined;
    if (reader === undefined || reader.accepted.includes(type as string)) continue;
    issues.push({
      path: joinPath(joinPath(path, 'input'), 'type'),
      rule: 'input-type',
      message: `${reader.name} needs input type ${reader.accepted.join(' or ')}, not "${type}"`,
    });
  }
  return issues;
}

/** What reads the leaf's input, and which input types it accepts; undefined when anything goes. */
function readerOf(node: Loose): { name: string; accepted: string[] } | undefined {
  const rule = stringAt(recordAt(node, 'scoring'), 'rule');
  if (rule !== undefined) {
    const accepted = INPUTS_OF_RULE[rule];
    return accepted && { name: `rule "${rule}"`, accepted };
  }
  const method = stringAt(recordAt(node, 'normalization'), 'method');
  if (method !== undefined && method !== 'none') return { name: `normalization "${method}"`, accepted: NUMERIC };
  return undefined;
}
