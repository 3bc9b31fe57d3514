import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import type { RawValue } from '../engine/types';
import { evidenceOf } from '../submissions/evidence.queries';
import { SubmissionStatus } from '../submissions/submission-status';
import { toEvidenceView } from '../submissions/submission.view';
import { Role } from '../auth/role';
import { ClarificationMessage } from './clarification-message.entity';
import type { DecisionInputDto, LeadDecisionDto } from './dto/decision.dto';
import { FinalValue } from './final-value.entity';
import { checkGiven } from './given-value';
import { isManual } from './leaf-points';
import { recomputeFinals, type FinalChange } from './recompute-finals';
import { ReviewDecision } from './review-decision.entity';
import type { DecisionKind } from './review-policy';
import { ReviewScope, type ReviewContext } from './review-scope';
import { toDecisionView, toFinalView, type DecisionView, type FinalView, type IndicatorReviewView } from './review.view';
import { REVIEWING_PHASES } from './review.can';

export interface DecisionItem {
  indicatorCode: string;
  decision: DecisionKind;
  value?: unknown;
  points?: number;
  comment?: string;
  version?: number;
}

export interface DecideResult {
  decisions: DecisionView[];
  finals: FinalChange[];
}

export const evidenceUrl = (cycleId: string, unitId: string, evidenceId: string): string =>
  `/api/v1/cycles/${cycleId}/units/${unitId}/submission/evidence/${evidenceId}/download`;

/** Reviewers' decisions per indicator, the side-by-side view, the final values with their provenance, lead decisions. */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async decide(actor: Actor, cycleId: string, unitId: string, items: DecisionInputDto[]): Promise<DecideResult> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      return this.decideWithin(manager, actor, ctx, unitId, items);
    });
  }

  /**
   * The reviewer's decisions on indicators of one unit, all or none (422 listing every bad item by its index), then
   * the final values they complete; in the caller's transaction (the review workbook applies many units in one).
   */
  async decideWithin(manager: EntityManager, actor: Actor, ctx: ReviewContext, unitId: string, items: DecisionItem[]): Promise<DecideResult> {
    const assignment = await this.scope.assertReviewer(manager, actor, ctx.cycle.id, unitId);
    this.scope.assertPhase(ctx, ...REVIEWING_PHASES);
    const submission = await this.scope.submission(manager, ctx.cycle.id, unitId);
    if (!submission || submission.status !== SubmissionStatus.Submitted) {
      throw new DomainException(ErrorCode.WrongPhase, `the unit's self-assessment is ${submission?.status ?? 'not started'}; only a submitted one is reviewed`);
    }
    const reviewerId = assignment.reviewerId;
    const codes = items.map((i) => i.indicatorCode);
    const existing = await manager.findBy(ReviewDecision, { cycleId: ctx.cycle.id, unitId, reviewerId, indicatorCode: In(codes) });
    const self = await this.scope.selfOf(manager, ctx, unitId, codes.filter((c) => ctx.leaves.has(c)));
    const stored = new Map(existing.map((d) => [d.indicatorCode, d]));
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    const rows: Array<{ item: DecisionItem; value: RawValue; points: number | null; before?: ReviewDecision }> = [];
    items.forEach((item, i) => {
      const field = `decisions[${i}]`;
      const leaf = ctx.leaves.get(item.indicatorCode);
      if (!leaf) {
        problems.push({ field: `${field}.indicatorCode`, rule: 'reviewedIndicator', message: `${item.indicatorCode} is not an indicator the units answer in ${ctx.framework.code} ${ctx.framework.version}` });
        return;
      }
      if (seen.has(item.indicatorCode)) {
        problems.push({ field: `${field}.indicatorCode`, rule: 'unique', message: `${item.indicatorCode} is decided twice` });
        return;
      }
      seen.add(item.indicatorCode);
      const before = stored.get(item.indicatorCode);
      if (before && item.version === undefined) {
        problems.push({ field: `${field}.version`, rule: 'required', message: `${item.indicatorCode}: you decided it already (version ${before.version}); send that version to change it` });
        return;
      }
      if (!before && item.version !== undefined) {
        problems.push({ field: `${field}.version`, rule: 'stale', message: `${item.indicatorCode}: there is no decision at version ${item.version} to change` });
        return;
      }
      if (before && item.version !== before.version) {
        problems.push({ field: `${field}.version`, rule: 'stale', message: `${item.indicatorCode}: version ${item.version} is stale; your decision is at version ${before.version}` });
        return;
      }
      const comment = item.comment?.trim() ? item.comment.normalize('NFC') : undefined;
      if (item.decision === 'accept') {
        if (item.value !== undefined || item.points !== undefined) {
          problems.push({ field: `${field}.value`, rule: 'acceptTakesNoValue', message: `${item.indicatorCode}: accept takes the self value; use adjust to change it` });
          return;
        }
        const s = self.get(item.indicatorCode);
        if (isManual(leaf) && (s?.points ?? null) === null) {
          problems.push({ field: `${field}.decision`, rule: 'nothingToAccept', message: `${item.indicatorCode}: the unit gave no self points to accept; adjust with points` });
          return;
        }
        rows.push({ item: { ...item, comment }, value: s?.value ?? null, points: s?.points ?? null, before });
      } else if (item.decision === 'adjust') {
        if (!comment) problems.push({ field: `${field}.comment`, rule: 'required', message: `${item.indicatorCode}: an adjustment needs a comment saying why` });
        const checked = checkGiven(ctx.framework, leaf, item.value, item.points, field);
        problems.push(...checked.problems);
        if (checked.given && comment) rows.push({ item: { ...item, comment }, value: checked.given.value, points: checked.given.points, before });
      } else {
        if (!comment) problems.push({ field: `${field}.comment`, rule: 'required', message: `${item.indicatorCode}: a clarification needs the question` });
        else if (item.value !== undefined || item.points !== undefined) {
          problems.push({ field: `${field}.value`, rule: 'clarifyTakesNoValue', message: `${item.indicatorCode}: a clarification gives no value yet` });
        } else rows.push({ item: { ...item, comment }, value: null, points: null, before });
      }
    });
    if (problems.length > 0) {
      throw new DomainException(ErrorCode.UnprocessableEntity, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    const now = this.clock.now();
    for (const { item, value, points, before } of rows) {
      const changes = { decision: item.decision, value: value as never, points, comment: item.comment ?? null, decidedAt: now };
      if (before) {
        const result = await manager
          .createQueryBuilder()
          .update(ReviewDecision)
          .set({ ...changes, version: () => 'version + 1' })
          .where('cycle_id = :c AND unit_id = :u AND indicator_code = :i AND reviewer_id = :r AND version = :v', {
            c: ctx.cycle.id,
            u: unitId,
            i: item.indicatorCode,
            r: reviewerId,
            v: before.version,
          })
          .execute();
        if (result.affected !== 1) {
          throw new DomainException(ErrorCode.VersionConflict, `${item.indicatorCode}: your decision changed meanwhile; read it again`);
        }
      } else {
        await manager.insert(ReviewDecision, { cycleId: ctx.cycle.id, unitId, indicatorCode: item.indicatorCode, reviewerId, ...changes, version: 1 });
      }
      if (item.decision === 'clarify') {
        await manager.insert(ClarificationMessage, {
          cycleId: ctx.cycle.id,
          unitId,
          indicatorCode: item.indicatorCode,
          authorId: actor.userId,
          authorRole: Role.Reviewer,
          body: item.comment!,
          evidenceId: null,
        });
      }
    }
    const finals = await recomputeFinals(manager, ctx, unitId, rows.map((r) => r.item.indicatorCode), self, now);
    const after = await manager.findBy(ReviewDecision, { cycleId: ctx.cycle.id, unitId, reviewerId, indicatorCode: In(rows.map((r) => r.item.indicatorCode)) });
    await this.audit.record(manager, actor, {
      action: 'review.decide',
      entityType: 'review',
      entityId: submission.id,
      before: { decisions: existing.map(toDecisionView) },
      after: { unitId, decisions: after.map(toDecisionView), finals },
    });
    return { decisions: after.map(toDecisionView), finals };
  }

  /** The unit side by side for its reviewers and admins: self value and points, evidence, decisions, final values. */
  async unitView(
    actor: Actor,
    cycleId: string,
    unitId: string,
  ): Promise<{ unitId: string; submission: { status: string; version: number } | null; policy: string; disagreementShare: number; isLead: boolean; indicators: IndicatorReviewView[] }> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      let isLead = false;
      if (actor.role !== Role.Admin) isLead = (await this.scope.assertReviewer(manager, actor, cycleId, unitId)).isLead;
      const seesAll = actor.role === Role.Admin || isLead;
      const submission = await this.scope.submission(manager, cycleId, unitId);
      const self = await this.scope.selfOf(manager, ctx, unitId);
      const decisions = await manager.findBy(ReviewDecision, { cycleId, unitId });
      const finals = await manager.findBy(FinalValue, { cycleId, unitId });
      const evidence = submission ? await evidenceOf(manager, [submission.id]) : [];
      const messages = await manager.findBy(ClarificationMessage, { cycleId, unitId });
      const finalOf = new Map(finals.map((f) => [f.indicatorCode, f]));
      const indicators = [...ctx.leaves.values()].map((leaf): IndicatorReviewView => {
        const code = leaf.code;
        const mine = decisions.filter((d) => d.indicatorCode === code);
        const own = mine.find((d) => d.reviewerId === actor.userId);
        const s = self.get(code);
        const final = finalOf.get(code);
        return {
          indicatorCode: code,
          name: leaf.name.vi,
          maxPoints: leaf.maxPoints ?? 0,
          rule: leaf.scoring?.rule ?? leaf.normalization?.method ?? null,
          source: leaf.source ?? 'self',
          self: { value: s?.value ?? null, points: s?.points ?? null, note: s?.note ?? null, warnings: s?.warnings ?? [] },
          evidence: evidence
            .filter((e) => e.indicatorCode === code)
            .map((e) => ({ ...toEvidenceView(e), downloadUrl: e.kind === 'file' ? evidenceUrl(cycleId, unitId, e.id) : null })),
          myDecision: own ? toDecisionView(own) : null,
          ...(seesAll ? { decisions: mine.map(toDecisionView) } : {}),
          final: final ? toFinalView(final) : null,
          clarification: { open: mine.some((d) => d.decision === 'clarify'), messages: messages.filter((m) => m.indicatorCode === code).length },
        };
      });
      return {
        unitId,
        submission: submission ? { status: submission.status, version: submission.version } : null,
        policy: ctx.policy,
        // The share of max points beyond which the reviewers' points are flagged: the page says how far they were.
        disagreementShare: ctx.disagreementShare,
        isLead,
        indicators,
      };
    });
  }

  /** Final values with their provenance: admins and the unit's reviewers. */
  async finals(actor: Actor, cycleId: string, unitId: string, indicatorCode?: string): Promise<FinalView[]> {
    const manager = this.db.manager;
    if (actor.role !== Role.Admin) await this.scope.assertReviewer(manager, actor, cycleId, unitId);
    const where = indicatorCode ? { cycleId, unitId, indicatorCode } : { cycleId, unitId };
    const rows = await manager.find(FinalValue, { where, order: { indicatorCode: 'ASC' } });
    if (indicatorCode && rows.length === 0) throw DomainException.notFound('final value', `${indicatorCode} of unit ${unitId}`);
    return rows.map(toFinalView);
  }

  /** The lead reviewer (or an admin) settles a flagged indicator: its final value, and why. */
  async leadDecide(actor: Actor, cycleId: string, unitId: string, indicatorCode: string, dto: LeadDecisionDto): Promise<FinalView> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      await this.scope.assertLeadOrAdmin(manager, actor, cycleId, unitId);
      this.scope.assertPhase(ctx, ...REVIEWING_PHASES);
      const leaf = this.scope.leaf(ctx, indicatorCode);
      const final = await manager.findOneBy(FinalValue, { cycleId, unitId, indicatorCode });
      if (!final || !final.flagged) {
        throw DomainException.conflict(`${indicatorCode} is not flagged: the lead decides only where the reviewers disagree`);
      }
      if (final.staleSince) {
        throw DomainException.conflict(`${indicatorCode}: the unit's answer changed after the reviewers disagreed; they decide again first`, {
          reason: RefusalReason.FinalStale,
          indicatorCode,
          staleSince: final.staleSince.toISOString(),
        });
      }
      const checked = checkGiven(ctx.framework, leaf, dto.value, dto.points, 'body');
      if (!checked.given) throw DomainException.validation(checked.problems);
      const changes = { value: checked.given.value as never, points: checked.given.points, method: 'lead' as const, decidedById: actor.userId, reason: dto.reason.normalize('NFC'), decidedAt: this.clock.now() };
      await manager.update(FinalValue, { cycleId, unitId, indicatorCode }, changes);
      const after = await manager.findOneByOrFail(FinalValue, { cycleId, unitId, indicatorCode });
      const submission = await this.scope.submission(manager, cycleId, unitId);
      await this.audit.record(manager, actor, {
        action: 'review.lead-decide',
        entityType: 'review',
        entityId: submission?.id ?? cycleId,
        unitId,
        before: toFinalView(final),
        after: toFinalView(after),
      });
      return toFinalView(after);
    });
  }
}
