import type { RawValue } from '../engine/types';
import type { EvidenceView } from '../submissions/submission.view';
import type { ClarificationMessage } from './clarification-message.entity';
import type { FinalValue, ReviewBasis } from './final-value.entity';
import { isPending } from './final-value.entity';
import type { Objection } from './objection.entity';
import type { ReviewDecision } from './review-decision.entity';
import type { ReviewSettings } from './review-settings.entity';
import type { ReviewContext } from './review-scope';
import type { PlausibilityWarning } from '../submissions/plausibility';

export interface DecisionView {
  reviewerId: string;
  decision: string;
  value: RawValue;
  points: number | null;
  comment: string | null;
  decidedAt: Date;
  version: number;
}

export const toDecisionView = (d: ReviewDecision): DecisionView => ({
  reviewerId: d.reviewerId,
  decision: d.decision,
  value: d.value ?? null,
  points: d.points,
  comment: d.comment,
  decidedAt: d.decidedAt,
  version: d.version,
});

export interface FinalView {
  indicatorCode: string;
  value: RawValue;
  points: number | null;
  method: string;
  flagged: boolean;
  /** Flagged and not decided yet, or stale: no final value in force. */
  pending: boolean;
  /** The unit's answer changed after this was settled: every reviewer decides again (since staleSince). */
  stale: boolean;
  staleSince: Date | null;
  decidedById: string | null;
  reason: string | null;
  decidedAt: Date;
  self: { value: RawValue; points: number | null };
  reviews: ReviewBasis[];
}

export const toFinalView = (f: FinalValue): FinalView => ({
  indicatorCode: f.indicatorCode,
  value: f.value ?? null,
  points: f.points,
  method: f.method,
  flagged: f.flagged,
  pending: isPending(f),
  stale: f.staleSince !== null,
  staleSince: f.staleSince,
  decidedById: f.decidedById,
  reason: f.reason,
  decidedAt: f.decidedAt,
  self: { value: f.selfValue ?? null, points: f.selfPoints },
  reviews: f.reviews,
});

export interface MessageView {
  id: string;
  indicatorCode: string;
  authorId: string | null;
  authorRole: string;
  body: string;
  evidenceId: string | null;
  createdAt: Date;
}

export const toMessageView = (m: ClarificationMessage): MessageView => ({
  id: m.id,
  indicatorCode: m.indicatorCode,
  authorId: m.authorId,
  authorRole: m.authorRole,
  body: m.body,
  evidenceId: m.evidenceId,
  createdAt: m.createdAt,
});

export interface ObjectionView {
  id: string;
  cycleId: string;
  unitId: string;
  indicatorCode: string;
  officerId: string;
  reason: string;
  evidenceId: string | null;
  status: string;
  answer: string | null;
  oldValue: RawValue;
  oldPoints: number | null;
  newValue: RawValue;
  newPoints: number | null;
  decidedById: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export const toObjectionView = (o: Objection): ObjectionView => ({
  id: o.id,
  cycleId: o.cycleId,
  unitId: o.unitId,
  indicatorCode: o.indicatorCode,
  officerId: o.officerId,
  reason: o.reason,
  evidenceId: o.evidenceId,
  status: o.status,
  answer: o.answer,
  oldValue: o.oldValue ?? null,
  oldPoints: o.oldPoints,
  newValue: o.newValue ?? null,
  newPoints: o.newPoints,
  decidedById: o.decidedById,
  decidedAt: o.decidedAt,
  createdAt: o.createdAt,
});

export interface SettingsView {
  cycleId: string;
  policy: string;
  disagreementShare: number;
  objectionsOpenAt: Date | null;
  objectionsCloseAt: Date | null;
  completionOverride: { reason: string; byId: string | null; at: Date | null } | null;
  /** 0 until the settings are first written (the defaults apply). */
  version: number;
}

export const toSettingsView = (ctx: Pick<ReviewContext, 'policy' | 'disagreementShare'>, cycleId: string, s: ReviewSettings | null): SettingsView => ({
  cycleId,
  policy: ctx.policy,
  disagreementShare: ctx.disagreementShare,
  objectionsOpenAt: s?.objectionsOpenAt ?? null,
  objectionsCloseAt: s?.objectionsCloseAt ?? null,
  completionOverride: s?.completionOverrideReason
    ? { reason: s.completionOverrideReason, byId: s.completionOverrideById, at: s.completionOverrideAt }
    : null,
  version: s?.version ?? 0,
});

/** One indicator of a unit side by side: the self-assessment, its evidence, the decisions, the final value. */
export interface IndicatorReviewView {
  indicatorCode: string;
  name: string;
  maxPoints: number;
  rule: string | null;
  source: string;
  /** The unit's answer, with the plausibility warnings it was saved with (src/submissions/plausibility.ts). */
  self: { value: RawValue; points: number | null; note: string | null; warnings: PlausibilityWarning[] };
  evidence: Array<EvidenceView & { downloadUrl: string | null }>;
  myDecision: DecisionView | null;
  /** Every reviewer's decision: for the lead reviewer and administrators only (the others review independently). */
  decisions?: DecisionView[];
  final: FinalView | null;
  clarification: { open: boolean; messages: number };
}
