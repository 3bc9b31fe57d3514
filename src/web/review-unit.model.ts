import { ErrorCode } from '../common/error-code';
import type { IndicatorReviewView } from '../reviews/review.view';
import type { TypedAnswer } from './form-values';
import type { FinalStory } from './review-final.model';
import type { RowMarks } from './review-outline.model';
import type { Translate } from './i18n';
import { serviceRefusal } from './refusal';
import type { EvidenceItem } from './self-assessment.model';
import { APP_PREFIX } from './session';

/** The reviewer's pages of a cycle, or of one unit in it. */
export const reviewUrl = (cycleId: string, unitId?: string) => `${APP_PREFIX}/review/cycles/${cycleId}${unitId ? `/units/${unitId}` : ''}`;

/** The unit page's address with its view kept (the filter, the section), and what to add after it. */
export function reviewViewUrl(cycleId: string, unitId: string, view: { show?: string; section?: string | null }, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (view.show && view.show !== 'all') query.set('show', view.show);
  if (view.section) query.set('section', view.section);
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  const q = query.toString();
  return `${reviewUrl(cycleId, unitId)}${q ? `?${q}` : ''}`;
}
export const DECISIONS = ['accept', 'adjust', 'clarify'] as const;

export interface TypedDecision {
  decision: string;
  typed: TypedAnswer;
  comment: string;
}

export interface ReviewRow {
  code: string;
  name: string;
  description: string;
  kind: string;
  manual: boolean;
  maxPoints: number;
  options: Array<{ value: string; label: string }>;
  parts: Array<{ name: string; label: string }>;
  /** The unit's answer as the page says it, with the plausibility warnings it was saved with in the page's words. */
  self: { value: string; points: number | null; note: string | null; warnings: string[] };
  evidence: EvidenceItem[];
  mine: { decision: string; value: string; points: number | null; comment: string | null; version: number } | null;
  /** The final value and how it was reached (review-final.model.ts); null while there is none or it is stale. */
  final: FinalStory | null;
  /** Where the row stands for this reviewer: the summary counts it, the filters select by it. */
  marks: RowMarks;
  /**
   * The final value went stale (the unit's answer changed after it was settled): the old value for comparison, and
   * whether this reviewer has already decided again since (then it waits for the other reviewers).
   */
  stale: { since: Date; value: string; points: number | null; self: string; decidedAgain: boolean } | null;
  form: TypedDecision;
  problems: string[];
  clarification: { open: boolean; messages: number };
  thread: ThreadMessage[];
  /** The lead reviewer's form where the reviewers disagree and the lead decides: what was typed, and why it was refused. */
  lead: { typed: TypedAnswer; reason: string; problems: string[] } | null;
  /** The question typed in the row's clarification form (kept after a refusal) and why it was refused. */
  ask: { body: string; problems: string[] };
}

/** A message of an indicator's clarification thread as the page shows it. */
interface ThreadMessage {
  id: string;
  author: string;
  mine: boolean;
  officer: boolean;
  body: string;
  at: Date;
  evidence: EvidenceItem | null;
}

/**
 * A stale final value asks every assigned reviewer to decide again: this reviewer has, once its own accept or adjust
 * is later than the moment the final went stale (as recompute-finals.ts counts it).
 */
export const decidedAgain = (i: Pick<IndicatorReviewView, 'final' | 'myDecision'>): boolean =>
  Boolean(i.final?.staleSince && i.myDecision && i.myDecision.decision !== 'clarify' && new Date(i.myDecision.decidedAt) > new Date(i.final.staleSince));

/** The indicators of a unit whose final value is stale and that wait for this reviewer's decision again. */
export const toDecideAgain = (indicators: Array<Pick<IndicatorReviewView, 'final' | 'myDecision'>>): number =>
  indicators.filter((i) => i.final?.stale && !decidedAgain(i)).length;

const REFUSALS: string[] = [ErrorCode.ValidationFailed, ErrorCode.UnprocessableEntity, ErrorCode.VersionConflict, ErrorCode.WrongPhase, ErrorCode.Conflict];

/**
 * A refusal of the review's services as the row shows it, in the page's language: each rule in words, else the code's
 * sentence; 409 for a stale version, else 422. Null for anything else (the error page).
 */
export function rowRefusal(error: unknown, t: Translate): { status: number; problems: string[] } | null {
  const refusal = serviceRefusal(error, t);
  if (!refusal || !REFUSALS.includes(refusal.code)) return null;
  return { status: refusal.code === ErrorCode.VersionConflict ? 409 : 422, problems: refusal.fields.length ? refusal.fields.map((p) => p.text) : [refusal.message] };
}
