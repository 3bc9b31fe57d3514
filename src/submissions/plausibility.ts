import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';

/**
 * Plausibility: soft warnings on an answer that was accepted. The answer is saved as given (the hard limits are
 * answer-value.ts's); the warnings are stored beside it, shown to the officer after the save and to the reviewer
 * beside the answer, who decides.
 *
 * A numerator above its denominator is a warning, not a refusal: a `numbers` input's names say nothing of what they
 * count, and some ratios do pass 1 (subscriptions per inhabitant, services used per resident); the formula rules
 * cap the points at maxPoints anyway. A refusal would also fail a whole imported workbook for one such row. What must
 * not happen is that it scores full points in silence: the officer sees the warning beside the running score, and the
 * reviewer sees it beside the answer.
 */
export type PlausibilityRule = 'numeratorAboveDenominator' | 'outsideExpected' | 'farFromLastYear' | 'rareExtreme';

export interface PlausibilityWarning {
  rule: PlausibilityRule;
  /** The named part of a `numbers` answer the warning is about (farFromLastYear). */
  part?: string;
  /** The numbers the warning's sentence names: value, min, max, lastYear, change (a share), share, numerator, denominator. */
  params: Record<string, number>;
}

/** What the rules know besides the answer: the unit's answer last year, and how common an extreme value was then. */
export interface PlausibilityContext {
  /** The unit's answer to the same indicator in last year's cycle (same framework code, same level), if any. */
  lastYear?: RawValue;
  /** Last year's answers of all units to this indicator: how many there were, and how many were exactly this value. */
  lastYearShare?: { answers: number; same: number };
}

/** Default of `expected.change`: more than half up or down from last year is far. */
export const DEFAULT_CHANGE = 0.5;
/** A percent's change is measured against at least 10 points (2 % -> 4 % is not far), another value's against 1. */
const CHANGE_FLOOR = { percent: 10, other: 1 };
/** An exact 0 or 100 percent is rare when fewer than 1 in 10 of last year's answers were that value ... */
export const RARE_SHARE = 0.1;
/** ... among at least this many answers (fewer say nothing of what is rare). */
export const RARE_MIN_ANSWERS = 5;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The parts of a numbers answer (numerator, denominator...), or null for any other value. */
const partsOf = (v: RawValue): Record<string, number> | null => (v !== null && typeof v === 'object' ? v : null);

/** A change from last to value above `change` of last (measured against at least the floor) is far. */
function far(value: number, last: number, change: number, floor: number): boolean {
  return Math.abs(value - last) > change * Math.max(Math.abs(last), floor);
}

function changeWarnings(leaf: FrameworkNode, value: RawValue, lastYear: RawValue): PlausibilityWarning[] {
  const change = leaf.expected?.change ?? DEFAULT_CHANGE;
  const floor = leaf.input?.type === 'percent' ? CHANGE_FLOOR.percent : CHANGE_FLOOR.other;
  if (isNumber(value) && isNumber(lastYear)) {
    return far(value, lastYear, change, floor) ? [{ rule: 'farFromLastYear', params: { value, lastYear, change } }] : [];
  }
  const now = partsOf(value);
  const before = partsOf(lastYear ?? null);
  if (!now || !before) return [];
  return (leaf.input?.names ?? []).flatMap((part): PlausibilityWarning[] => {
    const v = now[part];
    const last = before[part];
    return isNumber(v) && isNumber(last) && far(v, last, change, floor) ? [{ rule: 'farFromLastYear', part, params: { value: v, lastYear: last, change } }] : [];
  });
}

/**
 * The warnings on a leaf's accepted answer (empty when it is plausible or empty): a numerator above its denominator,
 * a value outside the framework's expected range, a value far from the unit's last year, and a percent of exactly 0
 * or 100 where last year few units answered that (not repeated when the expected range already warns).
 */
export function plausibilityWarnings(leaf: FrameworkNode, value: RawValue, context: PlausibilityContext = {}): PlausibilityWarning[] {
  if (value === null || value === undefined) return [];
  const warnings: PlausibilityWarning[] = [];
  const parts = partsOf(value);
  if (parts && isNumber(parts.numerator) && isNumber(parts.denominator) && parts.numerator > parts.denominator) {
    warnings.push({ rule: 'numeratorAboveDenominator', params: { numerator: parts.numerator, denominator: parts.denominator } });
  }
  const { min, max } = leaf.expected ?? {};
  const outside = isNumber(value) && ((min !== undefined && value < min) || (max !== undefined && value > max));
  if (outside) {
    warnings.push({ rule: 'outsideExpected', params: { value, ...(min !== undefined && { min }), ...(max !== undefined && { max }) } });
  }
  if (context.lastYear !== undefined && context.lastYear !== null) warnings.push(...changeWarnings(leaf, value, context.lastYear));
  const share = context.lastYearShare;
  if (
    !outside &&
    leaf.input?.type === 'percent' &&
    (value === 0 || value === 100) &&
    share &&
    share.answers >= RARE_MIN_ANSWERS &&
    share.same / share.answers < RARE_SHARE
  ) {
    warnings.push({ rule: 'rareExtreme', params: { value, share: share.same / share.answers } });
  }
  return warnings;
}

/** Whether the rare-extreme rule needs last year's share for this answer (a percent of exactly 0 or 100). */
export const needsLastYearShare = (leaf: FrameworkNode, value: RawValue): boolean => leaf.input?.type === 'percent' && (value === 0 || value === 100);
