import { dayNumber } from '../calendar-day';
import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, isRecord, Loose, numberAt, recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** What a target names for the framework's result rather than a node. */
export const INDEX_INDICATOR = 'index';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The framework's `targets` (src/frameworks/trajectory.ts): each names a node of this framework or "index", once;
 * its dates are real days, strictly increasing from `start` through every `by`; a value stays on its indicator's
 * scale where that is known (the index's 0..result.scale, a percent leaf's 0..100).
 */
export function checkTargets({ doc, nodes }: CheckContext): FrameworkIssue[] {
  const byCode = new Map<string, Loose>();
  for (const { node } of nodes) {
    const code = stringAt(node, 'code');
    if (code !== undefined && !byCode.has(code)) byCode.set(code, node);
  }
  const claimed = new Map<string, string>();
  const issues: FrameworkIssue[] = [];
  arrayAt(doc, 'targets').forEach((target, index) => {
    if (!isRecord(target)) return;
    const at = joinPath('targets', index);
    const indicator = stringAt(target, 'indicator');
    if (indicator !== undefined) {
      const path = joinPath(at, 'indicator');
      if (indicator !== INDEX_INDICATOR && !byCode.has(indicator)) {
        issues.push({ path, rule: 'unknown-indicator', message: `no node has the code "${indicator}" (a target names a node of this framework, or "${INDEX_INDICATOR}" for its result)` });
      } else if (claimed.has(indicator)) {
        issues.push({ path, rule: 'unique', message: `"${indicator}" already has a target (${claimed.get(indicator)}): one target per indicator` });
      } else {
        claimed.set(indicator, at);
      }
    }
    const range = rangeOf(indicator, indicator === undefined ? undefined : byCode.get(indicator), doc);
    issues.push(...checkPoints(target, at, range));
  });
  return issues;
}

interface ValueRange {
  min: number;
  max: number;
  what: string;
}

function rangeOf(indicator: string | undefined, node: Loose | undefined, doc: Loose): ValueRange | undefined {
  if (indicator === INDEX_INDICATOR) {
    const scale = numberAt(recordAt(doc, 'result'), 'scale');
    return scale === undefined ? undefined : { min: 0, max: scale, what: `the index is on 0..${scale} (result.scale)` };
  }
  if (node && node.children === undefined && stringAt(recordAt(node, 'input'), 'type') === 'percent') {
    return { min: 0, max: 100, what: 'a percent leaf is on 0..100' };
  }
  return undefined;
}

/** The start and by points of one target: real dates in strictly increasing order, values within the range. */
function checkPoints(target: Loose, at: string, range: ValueRange | undefined): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const points: Array<{ point: Loose; path: string }> = [];
  const start = recordAt(target, 'start');
  if (start) points.push({ point: start, path: joinPath(at, 'start') });
  arrayAt(target, 'by').forEach((point, index) => {
    if (isRecord(point)) points.push({ point, path: joinPath(joinPath(at, 'by'), index) });
  });
  let previous: { day: number; at: string; isStart: boolean } | undefined;
  for (const { point, path } of points) {
    const value = numberAt(point, 'value');
    if (range && value !== undefined && (value < range.min || value > range.max)) {
      issues.push({ path: joinPath(path, 'value'), rule: 'target-range', message: `must be within ${range.min}..${range.max}: ${range.what}` });
    }
    const date = stringAt(point, 'at');
    // A date of the wrong shape is the schema's to report (rule pattern).
    if (date === undefined || !DATE_SHAPE.test(date)) continue;
    const day = dayNumber(date);
    const datePath = joinPath(path, 'at');
    if (day === undefined) {
      issues.push({ path: datePath, rule: 'date', message: `"${date}" is not a real date (YYYY-MM-DD)` });
      continue;
    }
    if (previous !== undefined && day <= previous.day) {
      const after = previous.isStart ? `start (${previous.at})` : `the date before it (${previous.at})`;
      issues.push({ path: datePath, rule: 'ascending', message: `must be after ${after}: a target's dates strictly increase from start through every by` });
    }
    if (previous === undefined || day > previous.day) previous = { day, at: date, isStart: point === start };
  }
  return issues;
}
