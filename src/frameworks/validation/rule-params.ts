import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, isRecord, Loose, numberAt, recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** What the schema cannot say about rule parameters: orders, ranges against maxPoints, unique option values. */
export function checkRuleParams({ nodes }: CheckContext): FrameworkIssue[] {
  return nodes.flatMap(({ node, path }) => {
    const scoring = recordAt(node, 'scoring');
    const at = joinPath(path, 'scoring');
    const max = numberAt(node, 'maxPoints');
    switch (stringAt(scoring, 'rule')) {
      case 'bands':
        return checkBands(arrayAt(scoring as Loose, 'bands'), at, max);
      case 'choice':
        return checkOptions(arrayAt(scoring as Loose, 'options'), at, max);
      default:
        return [];
    }
  });
}

/** The engine takes the highest band whose min ≤ value: that is only well defined with strictly rising mins. */
function checkBands(bands: unknown[], at: string, max: number | undefined): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  let previous: number | undefined;
  bands.forEach((band, index) => {
    if (!isRecord(band)) return;
    const bandPath = joinPath(joinPath(at, 'bands'), index);
    const min = numberAt(band, 'min');
    if (min !== undefined && previous !== undefined && min <= previous) {
      issues.push({
        path: joinPath(bandPath, 'min'),
        rule: 'ascending',
        message: `must be greater than the previous band's min (${previous}): bands ascend by min`,
      });
    }
    if (min !== undefined) previous = min;
    issues.push(...pointsWithin(band, bandPath, max));
  });
  return issues;
}

function checkOptions(options: unknown[], at: string, max: number | undefined): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const seen = new Map<string, number>();
  options.forEach((option, index) => {
    if (!isRecord(option)) return;
    const optionPath = joinPath(joinPath(at, 'options'), index);
    const value = stringAt(option, 'value');
    if (value !== undefined && seen.has(value)) {
      issues.push({
        path: joinPath(optionPath, 'value'),
        rule: 'unique',
        message: `value "${value}" is already the value of option ${seen.get(value)}`,
      });
    }
    if (value !== undefined && !seen.has(value)) seen.set(value, index);
    issues.push(...pointsWithin(option, optionPath, max));
  });
  return issues;
}

function pointsWithin(record: Loose, path: string, max: number | undefined): FrameworkIssue[] {
  const points = numberAt(record, 'points');
  if (points === undefined || max === undefined || (points >= 0 && points <= max)) return [];
  return [{ path: joinPath(path, 'points'), rule: 'range', message: `must be within 0..${max} (the leaf's maxPoints)` }];
}

/** Goalposts, min-max targets and input ranges must leave room between their ends. */
export function checkBoundsOrder({ nodes }: CheckContext): FrameworkIssue[] {
  return nodes.flatMap(({ node, path }) => {
    const issues: FrameworkIssue[] = [];
    const normalization = recordAt(node, 'normalization');
    const method = stringAt(normalization, 'method');
    const at = joinPath(path, 'normalization');
    if (method === 'goalposts') {
      const min = numberAt(normalization, 'min');
      const max = numberAt(normalization, 'max');
      if (min !== undefined && max !== undefined && min >= max) {
        issues.push({ path: joinPath(at, 'max'), rule: 'goalposts-order', message: `must be greater than min (${min})` });
      }
    }
    if (method === 'minmax') {
      const lower = numberAt(normalization, 'lower') ?? 0;
      const upper = numberAt(normalization, 'upper') ?? 1;
      if (lower >= upper) {
        issues.push({ path: joinPath(at, 'upper'), rule: 'order', message: `must be greater than lower (${lower})` });
      }
    }
    const input = recordAt(node, 'input');
    const min = numberAt(input, 'min');
    const max = numberAt(input, 'max');
    if (min !== undefined && max !== undefined && min > max) {
      issues.push({ path: joinPath(joinPath(path, 'input'), 'max'), rule: 'order', message: `must not be less than min (${min})` });
    }
    return issues;
  });
}
