import type { FieldProblem } from '../common/domain.exception';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { checkAnswerValue } from '../submissions/answer-value';
import { isManual, isNormalised, rulePoints } from './leaf-points';

export interface Given {
  value: RawValue;
  points: number | null;
}

/**
 * A value or points a person gives an indicator (an adjustment, a lead's decision, an accepted objection), checked
 * against the leaf: hand-scored leaves take points in 0..max (and optionally a value of their input type); rule
 * leaves take a value, whose points the rule gives (points are refused: they would contradict the rule); normalised
 * leaves take a value and have no points of their own.
 */
export function checkGiven(framework: Framework, leaf: FrameworkNode, value: unknown, points: unknown, field: string): { given?: Given; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const max = leaf.maxPoints ?? 0;
  if (isManual(leaf)) {
    if (points === undefined || points === null) {
      problems.push({ field: `${field}.points`, rule: 'required', message: `${leaf.code} is scored by hand: give its points (0..${max})` });
    } else if (typeof points !== 'number' || !Number.isFinite(points) || points < 0 || points > max) {
      problems.push({ field: `${field}.points`, rule: 'range', message: `${leaf.code}: points must be between 0 and ${max}` });
    }
    let checked: RawValue = null;
    if (value !== undefined && value !== null) {
      const v = checkAnswerValue(leaf, value);
      if (!v.ok) problems.push({ field: `${field}.value`, rule: v.rule, message: `${leaf.code}: ${v.message}` });
      else checked = v.value;
    }
    return problems.length ? { problems } : { given: { value: checked, points: points as number }, problems };
  }
  if (points !== undefined && points !== null) {
    problems.push({
      field: `${field}.points`,
      rule: 'ruleGivesPoints',
      message: `${leaf.code} is scored by its rule (${leaf.scoring?.rule ?? leaf.normalization?.method}): give a value, its points follow`,
    });
  }
  if (value === undefined) {
    problems.push({ field: `${field}.value`, rule: 'required', message: `${leaf.code}: give the value` });
    return { problems };
  }
  const v = checkAnswerValue(leaf, value);
  if (!v.ok) problems.push({ field: `${field}.value`, rule: v.rule, message: `${leaf.code}: ${v.message}` });
  if (problems.length || !v.ok) return { problems };
  const p = isNormalised(leaf) ? null : rulePoints(framework, { [leaf.code]: v.value })[leaf.code];
  return { given: { value: v.value, points: p }, problems };
}
