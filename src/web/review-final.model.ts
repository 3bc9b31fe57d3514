import type { FrameworkNode } from '../engine/framework.model';
import type { FinalView, ObjectionView } from '../reviews/review.view';
import { numberText } from './form-values';
import type { Lang, Translate } from './i18n';
import { displayValue } from './self-assessment.model';

/** One reviewer's points behind a final value, as the reviewer's page lists them (no names: reviewers are anonymous to one another). */
export interface FinalReviewer {
  who: string;
  mine: boolean;
  lead: boolean;
  decision: string;
  value: string;
  points: number | null;
}

/**
 * A final value as the reviewer's page tells it: the value and points, how they were reached (the policy's median or
 * mean, the lead reviewer's ruling, an objection), how far the reviewers were apart against the cycle's threshold, and
 * each reviewer's points.
 */
export interface FinalStory {
  /** single, median, mean, lead (the policy), settled (the lead's ruling on a disagreement), objection, awaitingLead. */
  how: 'single' | 'median' | 'mean' | 'lead' | 'settled' | 'objection' | 'awaitingLead';
  /** The value in words, null where the leaf is scored by hand (its points are the value) or none is in force. */
  value: string | null;
  points: number | null;
  sentence: string;
  /** Why the lead ruled so, or the answer to the objection. */
  reason: string | null;
  disagreement: string | null;
  reviewers: FinalReviewer[];
}

/** Sums of floating points: a spread equal to the threshold up to this much is not over it (as reconcile.ts). */
const EPSILON = 1e-9;

/**
 * The story of a final value that is not stale (a stale one shows its old value beside the changed answer instead):
 * null where there is none yet (a reviewer has not decided, or asks the unit).
 */
export function finalStory(
  final: FinalView | null,
  context: { me: string | null; leaf: FrameworkNode; maxPoints: number; share: number; objection: ObjectionView | null },
  lang: Lang,
  t: Translate,
): FinalStory | null {
  if (!final || final.stale) return null;
  const num = (n: number) => numberText(Math.round(n * 10_000) / 10_000, lang);
  const manual = context.leaf.scoring?.rule === 'manual';
  const others = new Map<string, number>();
  const reviewers: FinalReviewer[] = final.reviews.map((r) => {
    const mine = r.reviewerId === context.me;
    if (!mine && !others.has(r.reviewerId)) others.set(r.reviewerId, others.size + 2);
    return {
      who: mine ? t('reviewer.you') : t('reviewer.final.reviewerN', { n: others.get(r.reviewerId) ?? 2 }),
      mine,
      lead: r.isLead,
      decision: r.decision,
      value: displayValue(r.value, lang, t, context.leaf),
      points: r.points,
    };
  });
  const points = final.reviews.map((r) => r.points).filter((p): p is number => typeof p === 'number');
  const list = reviewers.map((r) => (r.points === null ? r.value : num(r.points))).join(', ');
  const threshold = context.share * context.maxPoints;
  const spread = points.length > 1 ? Math.max(...points) - Math.min(...points) : 0;
  const over = spread - threshold > EPSILON;
  const disagreement =
    points.length > 1
      ? t(over ? 'reviewer.final.spreadOver' : 'reviewer.final.spreadWithin', {
          spread: num(spread),
          threshold: num(threshold),
          share: num(context.share * 100),
          max: num(context.maxPoints),
        })
      : null;
  const pending = final.pending;
  const how: FinalStory['how'] = pending
    ? 'awaitingLead'
    : final.method === 'objection'
      ? 'objection'
      : final.flagged
        ? 'settled'
        : reviewers.length === 1
          ? 'single'
          : (final.method as FinalStory['how']);
  const objection = context.objection;
  const sentence =
    how === 'objection'
      ? objection && objection.oldPoints !== null && objection.newPoints !== null
        ? t('reviewer.final.how.objection', { old: num(objection.oldPoints), new: num(objection.newPoints) })
        : t('reviewer.final.how.objectionPlain')
      : t(`reviewer.final.how.${how}`, { count: reviewers.length, points: list });
  return {
    how,
    value: pending || manual ? null : displayValue(final.value, lang, t, context.leaf),
    points: pending ? null : final.points,
    sentence,
    reason: how === 'settled' || how === 'objection' ? final.reason : null,
    disagreement,
    reviewers,
  };
}
