import { In, type EntityManager } from 'typeorm';
import { canonicalJson } from '../common/canonical-json';
import { FinalValue, type ReviewBasis } from './final-value.entity';
import { reconcile } from './reconcile';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewDecision } from './review-decision.entity';
import { ReviewPolicy } from './review-policy';
import type { ReviewContext, SelfEntry } from './review-scope';

export interface FinalChange {
  indicatorCode: string;
  /** stale: the answer changed after the final was settled, and not every reviewer has decided again yet. */
  outcome: 'set' | 'flagged' | 'cleared' | 'stale';
  points?: number | null;
}

const basisKey = (reviews: ReviewBasis[]): string =>
  canonicalJson(reviews.map((r) => ({ reviewerId: r.reviewerId, decision: r.decision, value: r.value ?? null, points: r.points })));

const fmt = (n: number): string => String(Math.round(n * 10_000) / 10_000);

/**
 * Brings the final values of some indicators of a unit up to date with its reviewers' decisions, in the caller's
 * transaction. An indicator gets a final value when every assigned reviewer has accepted or adjusted it; a
 * clarification or a missing decision takes it away again. A final decided on an objection stays (it is the later
 * word); a lead's settlement of a flagged indicator stays while the decisions it settled are unchanged. A stale final
 * (its answer changed since) stays stale until every assigned reviewer has decided again after it went stale, since
 * a decision made before was made on the old answer; then it is made afresh like any other, objection or not.
 */
export async function recomputeFinals(
  manager: EntityManager,
  ctx: ReviewContext,
  unitId: string,
  codes: string[],
  self: Map<string, SelfEntry>,
  now: Date,
): Promise<FinalChange[]> {
  if (codes.length === 0) return [];
  const cycleId = ctx.cycle.id;
  const assignments = await manager.find(ReviewAssignment, { where: { cycleId, unitId }, order: { isLead: 'DESC', createdAt: 'ASC', reviewerId: 'ASC' } });
  const decisions = await manager.findBy(ReviewDecision, { cycleId, unitId, indicatorCode: In(codes) });
  const finals = await manager.findBy(FinalValue, { cycleId, unitId, indicatorCode: In(codes) });
  const decisionOf = new Map(decisions.map((d) => [`${d.indicatorCode}|${d.reviewerId}`, d]));
  const finalOf = new Map(finals.map((f) => [f.indicatorCode, f]));
  const hasLead = assignments.some((a) => a.isLead);
  const changes: FinalChange[] = [];
  const upserts: Partial<FinalValue>[] = [];
  const clear: string[] = [];
  for (const code of codes) {
    const leaf = ctx.leaves.get(code);
    if (!leaf) continue;
    const existing = finalOf.get(code);
    if (existing?.method === 'objection' && existing.staleSince === null) continue;
    const mine = assignments.map((a) => ({ a, d: decisionOf.get(`${code}|${a.reviewerId}`) }));
    if (mine.length === 0 || mine.some(({ d }) => !d || d.decision === 'clarify')) {
      if (existing) {
        clear.push(code);
        changes.push({ indicatorCode: code, outcome: 'cleared' });
      }
      continue;
    }
    const staleSince = existing?.staleSince ?? null;
    if (staleSince && mine.some(({ d }) => d!.decidedAt <= staleSince)) {
      changes.push({ indicatorCode: code, outcome: 'stale' });
      continue;
    }
    const reviews: ReviewBasis[] = mine.map(({ a, d }) => ({
      reviewerId: a.reviewerId,
      isLead: a.isLead,
      decision: d!.decision,
      value: d!.value ?? null,
      points: d!.points,
      comment: d!.comment,
      decidedAt: d!.decidedAt.toISOString(),
    }));
    const maxPoints = leaf.maxPoints ?? 0;
    const r = reconcile(ctx.policy, reviews, maxPoints, ctx.disagreementShare);
    const noLead = ctx.policy === ReviewPolicy.Lead && !hasLead;
    const flagged = r.flagged || noLead;
    const key = basisKey(reviews);
    if (existing && !staleSince && key === basisKey(existing.reviews)) {
      // Settled by the lead on these very decisions, or already what the policy gives: nothing to do.
      if (existing.flagged && existing.decidedById !== null && flagged) continue;
      if (!existing.flagged && !flagged && existing.method === ctx.policy && existing.points === r.points) continue;
    }
    const pointsList = reviews.map((x) => (x.points === null ? '—' : fmt(x.points))).join(', ');
    const reason = noLead
      ? 'policy lead, but the unit has no lead reviewer: the lead (or an administrator) decides'
      : flagged
        ? `reviewers disagree: points ${pointsList} spread ${fmt(r.spread)} > ${fmt(r.threshold)} (${fmt(ctx.disagreementShare * 100)}% of ${fmt(maxPoints)}); the lead reviewer decides`
        : `${ctx.policy} of ${reviews.length} reviewer(s): points ${pointsList}`;
    const s = self.get(code);
    upserts.push({
      cycleId,
      unitId,
      indicatorCode: code,
      value: (flagged ? null : r.value) as never,
      points: flagged ? null : r.points,
      method: ctx.policy,
      flagged,
      decidedById: null,
      reason,
      selfValue: (s?.value ?? null) as never,
      selfPoints: s?.points ?? null,
      reviews: reviews as never,
      decidedAt: now,
      staleSince: null,
      staleValue: null as never,
      stalePoints: null,
    });
    changes.push({ indicatorCode: code, outcome: flagged ? 'flagged' : 'set', points: flagged ? null : r.points });
  }
  if (clear.length) await manager.delete(FinalValue, { cycleId, unitId, indicatorCode: In(clear) });
  if (upserts.length) await manager.upsert(FinalValue, upserts as never, ['cycleId', 'unitId', 'indicatorCode']);
  return changes;
}
