import type { RawValue } from '../engine/types';
import { ReviewPolicy } from './review-policy';

/** A reviewer's settled decision (accept or adjust) on one indicator, as reconciliation reads it. */
export interface ReviewerPoints {
  reviewerId: string;
  isLead: boolean;
  value: RawValue;
  points: number | null;
}

export interface Reconciled {
  value: RawValue;
  points: number | null;
  /** The reviewers' points spread over more than the allowed share of max points: the lead reviewer decides. */
  flagged: boolean;
  /** max − min of the reviewers' points (0 for one reviewer), and the threshold it was compared with. */
  spread: number;
  threshold: number;
}

/** Sums and means in floating point: a spread equal to the threshold up to this much counts as equal. */
const EPSILON = 1e-9;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const sameValue = (a: RawValue, b: RawValue): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * One final value from the decisions of every reviewer of a unit on one indicator, by the cycle's policy:
 *  - single: the one reviewer's; median / mean: of the reviewers' points; lead: the lead reviewer's.
 *  - Disagreement: flagged when max − min of the reviewers' points is MORE than share × maxPoints (strictly: a
 *    spread exactly at the threshold is not flagged). A flagged indicator has no final value until the lead decides.
 *  - The value kept beside reconciled points: the one all reviewers agree on; else the value of the reviewer whose
 *    points are nearest the result (the lead first, then the order given). The points decide the score.
 *  - Leaves without points (normalised): the values must agree (else flagged); median and mean of numbers apply.
 * `decisions` must be non-empty and hold every assigned reviewer's settled decision.
 */
export function reconcile(policy: ReviewPolicy, decisions: ReviewerPoints[], maxPoints: number, share: number): Reconciled {
  if (decisions.length === 0) throw new Error('reconcile needs at least one decision');
  const threshold = share * maxPoints;
  const withPoints = decisions.every((d) => d.points !== null);
  if (!withPoints) return reconcileValues(policy, decisions, threshold);
  const points = decisions.map((d) => d.points as number);
  const spread = Math.max(...points) - Math.min(...points);
  const flagged = decisions.length > 1 && spread - threshold > EPSILON;
  const lead = decisions.find((d) => d.isLead);
  let result: number;
  switch (policy) {
    case ReviewPolicy.Single:
      result = points[0];
      break;
    case ReviewPolicy.Lead:
      result = (lead ?? decisions[0]).points as number;
      break;
    case ReviewPolicy.Mean:
      result = mean(points);
      break;
    default:
      result = median(points);
  }
  if (flagged) return { value: null, points: null, flagged, spread, threshold };
  const value = decisions.every((d) => sameValue(d.value, decisions[0].value))
    ? decisions[0].value
    : policy === ReviewPolicy.Lead && lead
      ? lead.value
      : nearest(decisions, result).value;
  return { value: value ?? null, points: result, flagged, spread, threshold };
}

function nearest(decisions: ReviewerPoints[], target: number): ReviewerPoints {
  const ordered = [...decisions.filter((d) => d.isLead), ...decisions.filter((d) => !d.isLead)];
  return ordered.reduce((best, d) => (Math.abs((d.points as number) - target) < Math.abs((best.points as number) - target) ? d : best));
}

function reconcileValues(policy: ReviewPolicy, decisions: ReviewerPoints[], threshold: number): Reconciled {
  const agree = decisions.every((d) => sameValue(d.value, decisions[0].value));
  const lead = decisions.find((d) => d.isLead);
  if (agree) return { value: decisions[0].value ?? null, points: null, flagged: false, spread: 0, threshold };
  if (policy === ReviewPolicy.Lead && lead) return { value: lead.value ?? null, points: null, flagged: false, spread: 0, threshold };
  const numbers = decisions.map((d) => d.value);
  if ((policy === ReviewPolicy.Median || policy === ReviewPolicy.Mean) && numbers.every((v): v is number => typeof v === 'number')) {
    return { value: policy === ReviewPolicy.Mean ? mean(numbers) : median(numbers), points: null, flagged: false, spread: 0, threshold };
  }
  return { value: null, points: null, flagged: true, spread: Number.NaN, threshold };
}
