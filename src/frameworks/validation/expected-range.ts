import { FrameworkIssue, joinPath } from './issue';
import { numberAt, recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** The inputs whose value a range bounds; a `numbers` input's parts are compared with last year one by one. */
const RANGED = ['number', 'integer', 'percent'];
const CHANGED = [...RANGED, 'numbers'];

/**
 * A leaf's `expected` (the plausible answers, src/submissions/plausibility.ts): a range only where the answer is one
 * number, a change only where it is numbers, min not above max, and a percent's range within 0..100.
 */
export function checkExpected({ nodes }: CheckContext): FrameworkIssue[] {
  return nodes.flatMap(({ node, path, isLeaf }) => {
    const expected = recordAt(node, 'expected');
    if (!isLeaf || !expected) return [];
    const at = joinPath(path, 'expected');
    const type = stringAt(recordAt(node, 'input'), 'type');
    const min = numberAt(expected, 'min');
    const max = numberAt(expected, 'max');
    const issues: FrameworkIssue[] = [];
    if (type !== undefined && (min !== undefined || max !== undefined) && !RANGED.includes(type)) {
      issues.push({ path: at, rule: 'expected-input', message: `a range (min, max) needs input type ${RANGED.join(', ')}, not "${type}"` });
    } else if (type !== undefined && !CHANGED.includes(type)) {
      issues.push({ path: at, rule: 'expected-input', message: `needs a numeric input (${CHANGED.join(', ')}), not "${type}"` });
    }
    if (min !== undefined && max !== undefined && min > max) {
      issues.push({ path: joinPath(at, 'max'), rule: 'order', message: `must not be less than min (${min})` });
    }
    if (type === 'percent') {
      for (const [key, bound] of [['min', min], ['max', max]] as const) {
        if (bound !== undefined && (bound < 0 || bound > 100)) issues.push({ path: joinPath(at, key), rule: 'expected-percent', message: 'a percent must be within 0..100' });
      }
    }
    return issues;
  });
}
