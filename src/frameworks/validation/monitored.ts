import { monthDay } from '../calendar-day';
import { FrameworkIssue, joinPath } from './issue';
import { recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

const WHAT_TAKE_GIVES: Record<string, string> = { last: 'the December value', mean: "the mean of the year's months" };

/**
 * A leaf's `monitored` (its yearly value from a monthly monitored indicator of another framework): only on a leaf
 * measured by a national system (source system), only in a yearly framework, never naming this framework; `at` (a
 * real MM-DD) only with take "at" (the schema requires it there). The other framework is not in sight: its codes are
 * not checked here.
 */
export function checkMonitored({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const period = stringAt(doc, 'period') ?? 'year';
  const code = stringAt(doc, 'code');
  return nodes.flatMap(({ node, path, isLeaf }) => {
    const monitored = recordAt(node, 'monitored');
    if (!isLeaf || !monitored) return [];
    const at = joinPath(path, 'monitored');
    const issues: FrameworkIssue[] = [];
    const source = stringAt(node, 'source');
    if (source !== 'system') {
      issues.push({
        path: at,
        rule: 'monitored-source',
        message: `only a leaf measured by a national system (source "system") takes its value from a monitored indicator; this leaf's source is "${source ?? 'self'}"`,
      });
    }
    if (period !== 'year') {
      issues.push({ path: at, rule: 'monitored-period', message: `only a yearly framework (period "year") takes a value from a monitored indicator; this one's period is "${period}"` });
    }
    const framework = stringAt(monitored, 'framework');
    if (framework !== undefined && framework === code) {
      issues.push({ path: joinPath(at, 'framework'), rule: 'monitored-framework', message: `names this framework itself; a monitored indicator belongs to another (periodic) framework` });
    }
    const take = stringAt(monitored, 'take');
    const day = stringAt(monitored, 'at');
    const dayPath = joinPath(at, 'at');
    if (take !== undefined && take !== 'at' && monitored.at !== undefined) {
      const gives = WHAT_TAKE_GIVES[take];
      issues.push({ path: dayPath, rule: 'monitored-at', message: `only with take "at"${gives ? `; take "${take}" takes ${gives}` : ''}` });
    }
    if (day !== undefined && /^\d{2}-\d{2}$/.test(day) && monthDay(day) === undefined) {
      issues.push({ path: dayPath, rule: 'date', message: `"${day}" is not a day of the year (MM-DD)` });
    }
    return issues;
  });
}
