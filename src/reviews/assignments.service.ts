import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, parseVietnamTime, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { isParticipant, participantUnitIds, participantUnitsByCode } from '../cycles/cycle-units.queries';
import { submissionStatuses } from '../submissions/submissions.queries';
import { unitsByIdsByCode } from '../units/units.queries';
import { Role } from '../auth/role';
import { findUser, usersByIds } from '../users/users.queries';
import type { AssignReviewerDto, BulkAssignDto } from './dto/assignment.dto';
import type { UpdateReviewSettingsDto } from './dto/review-settings.dto';
import { recomputeFinals } from './recompute-finals';
import { finalInForce } from './final-value.entity';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewPolicy } from './review-policy';
import { ASSIGNING_PHASES, canAssign, OBJECTION_PHASES } from './review.can';
import { ReviewScope, type ReviewContext } from './review-scope';
import { ReviewSettings } from './review-settings.entity';
import { toSettingsView, type SettingsView } from './review.view';
import { ReviewerConflict } from './reviewer-conflict.entity';

export interface AssignmentView {
  id: string;
  cycleId: string;
  unitId: string;
  unitCode: string | null;
  unitName: string | null;
  reviewerId: string;
  reviewerEmail: string | null;
  isLead: boolean;
  createdAt: Date;
}

const toView = (a: ReviewAssignment): AssignmentView => ({
  id: a.id,
  cycleId: a.cycleId,
  unitId: a.unitId,
  unitCode: a.unit?.code ?? null,
  unitName: a.unit?.nameVi ?? null,
  reviewerId: a.reviewerId,
  reviewerEmail: a.reviewer?.email ?? null,
  isLead: a.isLead,
  createdAt: a.createdAt,
});

export interface UnitProgress {
  unitId: string;
  unitCode: string;
  unitName: string;
  reviewers: Array<{ reviewerId: string; isLead: boolean }>;
  /** Indicators the unit answers: each needs a final value. */
  indicators: number;
  /** Indicators the reviewer asking has accepted or adjusted (for an admin: decided by every reviewer). */
  decided: number;
  clarifying: number;
  finals: number;
  flaggedPending: number;
  submissionStatus: string | null;
  complete: boolean;
}

/** Review settings, reviewers assigned to units (one by one or spread in bulk), and each reviewer's workload. */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async settings(cycleId: string): Promise<SettingsView> {
    const ctx = await this.scope.context(this.db.manager, cycleId);
    return toSettingsView(ctx, cycleId, ctx.settings);
  }

  async updateSettings(actor: Actor, cycleId: string, version: number | undefined, dto: UpdateReviewSettingsDto): Promise<SettingsView> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId, { lock: true });
      const before = toSettingsView(ctx, cycleId, ctx.settings);
      if ((version ?? 0) !== before.version) {
        throw new DomainException(ErrorCode.VersionConflict, `version ${version ?? 0} is stale; the current version is ${before.version}`, { currentVersion: before.version });
      }
      const policyChange = (dto.policy !== undefined && dto.policy !== ctx.policy) || (dto.disagreementShare !== undefined && dto.disagreementShare !== ctx.disagreementShare);
      if (policyChange) {
        if (!canAssign(ctx.cycle.phase)) throw new DomainException(ErrorCode.WrongPhase, `the review policy is fixed once the cycle is ${ctx.cycle.phase}`);
        if (dto.policy === ReviewPolicy.Single) {
          const crowded: { unit_id: string }[] = await manager.query(
            `SELECT unit_id FROM review_assignments WHERE cycle_id = $1 GROUP BY unit_id HAVING count(*) > 1 LIMIT 5`,
            [cycleId],
          );
          if (crowded.length) throw DomainException.conflict('policy single: some units have more than one reviewer', { reason: RefusalReason.SingleReviewerPolicy, units: crowded.map((r) => r.unit_id) });
        }
      }
      const openAt = dto.objectionsOpenAt === undefined ? before.objectionsOpenAt : dto.objectionsOpenAt === null ? null : parseVietnamTime(dto.objectionsOpenAt);
      const closeAt = dto.objectionsCloseAt === undefined ? before.objectionsCloseAt : dto.objectionsCloseAt === null ? null : parseVietnamTime(dto.objectionsCloseAt);
      const windowChange = dto.objectionsOpenAt !== undefined || dto.objectionsCloseAt !== undefined;
      if (windowChange) {
        if (!OBJECTION_PHASES.includes(ctx.cycle.phase)) {
          throw new DomainException(ErrorCode.WrongPhase, `an objection window is set in phase review or scoring (before publication), not ${ctx.cycle.phase}`);
        }
        if ((openAt === null) !== (closeAt === null)) {
          throw DomainException.validation([{ field: 'objectionsCloseAt', rule: 'bothOrNeither', message: 'give both ends of the objection window, or neither' }]);
        }
        if (openAt && closeAt && closeAt <= openAt) {
          throw DomainException.validation([{ field: 'objectionsCloseAt', rule: 'afterOpensAt', message: 'the objection window must close after it opens' }]);
        }
      }
      const values = {
        cycleId,
        policy: dto.policy ?? ctx.policy,
        disagreementShare: dto.disagreementShare ?? ctx.disagreementShare,
        objectionsOpenAt: openAt,
        objectionsCloseAt: closeAt,
      };
      if (ctx.settings) {
        await manager.update(ReviewSettings, { cycleId, version: ctx.settings.version }, { ...values, version: ctx.settings.version + 1 });
      } else {
        await manager.insert(ReviewSettings, { ...values, version: 1 });
      }
      const next = await this.scope.context(manager, cycleId);
      if (policyChange) await this.recomputeCycle(manager, next);
      const after = toSettingsView(next, cycleId, next.settings);
      await this.audit.record(manager, actor, { action: 'review.settings', entityType: 'cycle', entityId: cycleId, before, after });
      return after;
    });
  }

  async list(actor: Actor, cycleId: string, query: { unitId?: string; reviewerId?: string }): Promise<AssignmentView[]> {
    await this.scope.context(this.db.manager, cycleId);
    const reviewerId = actor.role === Role.Admin ? query.reviewerId : (actor.userId ?? '');
    const where: Record<string, string> = { cycleId };
    if (query.unitId) where.unitId = query.unitId;
    if (reviewerId) where.reviewerId = reviewerId;
    const rows = await this.db.getRepository(ReviewAssignment).find({ where, relations: { unit: true, reviewer: true }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async assign(actor: Actor, cycleId: string, dto: AssignReviewerDto): Promise<AssignmentView> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId, { lock: true });
      this.scope.assertPhase(ctx, ...ASSIGNING_PHASES);
      await this.assertAssignable(manager, ctx, dto.unitId, [dto.reviewerId]);
      const existing = await manager.findOneBy(ReviewAssignment, { cycleId, unitId: dto.unitId, reviewerId: dto.reviewerId });
      if (existing && !!dto.isLead === existing.isLead) return toView(await this.load(manager, existing.id));
      if (!existing && ctx.policy === ReviewPolicy.Single && (await manager.exists(ReviewAssignment, { where: { cycleId, unitId: dto.unitId } }))) {
        throw DomainException.conflict('policy single: the unit already has its reviewer', { reason: RefusalReason.SingleReviewerPolicy });
      }
      if (dto.isLead) await manager.update(ReviewAssignment, { cycleId, unitId: dto.unitId, isLead: true }, { isLead: false });
      const id = existing
        ? (await manager.update(ReviewAssignment, { id: existing.id }, { isLead: !!dto.isLead }), existing.id)
        : (await manager.save(manager.create(ReviewAssignment, { cycleId, unitId: dto.unitId, reviewerId: dto.reviewerId, isLead: !!dto.isLead, createdById: actor.userId }))).id;
      await this.recomputeUnit(manager, ctx, dto.unitId);
      const row = await this.load(manager, id);
      await this.audit.record(manager, actor, {
        action: existing ? 'review.assignment.lead' : 'review.assign',
        entityType: 'review_assignment',
        entityId: id,
        before: existing ? toView(existing) : null,
        after: toView(row),
      });
      return toView(row);
    });
  }

  /**
   * Spreads reviewers over units evenly: unit by unit (by code), the `perUnit` eligible reviewers with the fewest
   * units in this cycle so far (ties: the order given), never one with a conflict or already there. All or nothing:
   * a unit that cannot get its reviewers refuses the whole request (422, naming the units and why).
   */
  async bulk(actor: Actor, cycleId: string, dto: BulkAssignDto): Promise<AssignmentView[]> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId, { lock: true });
      this.scope.assertPhase(ctx, ...ASSIGNING_PHASES);
      const perUnit = dto.perUnit ?? 1;
      if (ctx.policy === ReviewPolicy.Single && perUnit > 1) throw DomainException.conflict('policy single: one reviewer per unit', { reason: RefusalReason.SingleReviewerPolicy });
      const reviewers = await usersByIds(manager, dto.reviewerIds);
      const bad = dto.reviewerIds.filter((id) => !reviewers.some((r) => r.id === id && r.role === Role.Reviewer && !r.disabled));
      if (bad.length) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `reviewerIds: not active reviewers: ${bad.join(', ')}`, bad.map((id) => ({ field: 'reviewerIds', rule: 'activeReviewer', message: `${id} is not an active reviewer` })));
      }
      const participants = await participantUnitsByCode(manager, cycleId);
      const byUnit = new Map(participants.map((p) => [p.id, p]));
      const unitIds = dto.unitIds ?? participants.map((p) => p.id);
      const missing = unitIds.filter((id) => !byUnit.has(id));
      if (missing.length) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `unitIds: not participants of this cycle: ${missing.join(', ')}`, missing.map((id) => ({ field: 'unitIds', rule: 'participant', message: `${id} does not take part in this cycle` })));
      }
      const units = unitIds.map((id) => byUnit.get(id)!).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
      const conflicts = await manager.findBy(ReviewerConflict, { reviewerId: In(dto.reviewerIds) });
      const current = await manager.findBy(ReviewAssignment, { cycleId });
      const conflicted = new Set(conflicts.map((c) => `${c.reviewerId}|${c.unitId}`));
      const load = new Map(dto.reviewerIds.map((id) => [id, current.filter((a) => a.reviewerId === id).length]));
      const there = new Map<string, ReviewAssignment[]>();
      for (const a of current) there.set(a.unitId, [...(there.get(a.unitId) ?? []), a]);
      const planned: Array<{ unitId: string; reviewerId: string; isLead: boolean }> = [];
      const refused: Array<{ field: string; rule: string; message: string }> = [];
      for (const p of units) {
        const already = there.get(p.id) ?? [];
        const need = perUnit - already.length;
        if (need <= 0) continue;
        const eligible = dto.reviewerIds.filter((id) => !conflicted.has(`${id}|${p.id}`) && !already.some((a) => a.reviewerId === id));
        if (eligible.length < need) {
          refused.push({ field: 'unitIds', rule: 'notEnoughReviewers', message: `${p.code} ${p.nameVi}: ${eligible.length} eligible reviewer(s) without a conflict, ${need} needed` });
          continue;
        }
        const chosen = [...eligible].sort((a, b) => load.get(a)! - load.get(b)! || dto.reviewerIds.indexOf(a) - dto.reviewerIds.indexOf(b)).slice(0, need);
        const hasLead = already.some((a) => a.isLead);
        chosen.forEach((reviewerId, i) => {
          load.set(reviewerId, load.get(reviewerId)! + 1);
          planned.push({ unitId: p.id, reviewerId, isLead: !hasLead && i === 0 });
        });
      }
      if (refused.length) throw new DomainException(ErrorCode.UnprocessableEntity, refused.map((r) => r.message).join('; '), refused);
      if (planned.length) {
        await manager.insert(ReviewAssignment, planned.map((p) => ({ cycleId, ...p, createdById: actor.userId })));
        for (const unitId of new Set(planned.map((p) => p.unitId))) await this.recomputeUnit(manager, ctx, unitId);
      }
      await this.audit.record(manager, actor, {
        action: 'review.assign-bulk',
        entityType: 'cycle',
        entityId: cycleId,
        after: { perUnit, reviewers: dto.reviewerIds.length, assigned: planned },
      });
      const rows = await manager.find(ReviewAssignment, { where: { cycleId, unitId: In(unitIds) }, relations: { unit: true, reviewer: true }, order: { createdAt: 'ASC' } });
      return rows.map(toView);
    });
  }

  async remove(actor: Actor, cycleId: string, assignmentId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId, { lock: true });
      this.scope.assertPhase(ctx, ...ASSIGNING_PHASES);
      const row = await manager.findOne(ReviewAssignment, { where: { id: assignmentId, cycleId }, relations: { unit: true, reviewer: true } });
      if (!row) throw DomainException.notFound('assignment', assignmentId);
      await manager.delete(ReviewAssignment, { id: assignmentId });
      await this.recomputeUnit(manager, ctx, row.unitId);
      await this.audit.record(manager, actor, { action: 'review.unassign', entityType: 'review_assignment', entityId: assignmentId, before: toView(row) });
    });
  }

  /** Units with their review progress: a reviewer's own units, or (admins) every unit, optionally one reviewer's. */
  async workload(actor: Actor, cycleId: string, reviewerId?: string): Promise<UnitProgress[]> {
    const manager = this.db.manager;
    const ctx = await this.scope.context(manager, cycleId);
    const who = actor.role === Role.Admin ? reviewerId : (actor.userId ?? undefined);
    const leafCodes = [...ctx.leaves.keys()];
    const assignments = await manager.findBy(ReviewAssignment, { cycleId });
    const participantIds = await participantUnitIds(manager, cycleId);
    const mine = who ? new Set(assignments.filter((a) => a.reviewerId === who).map((a) => a.unitId)) : null;
    const units = await unitsByIdsByCode(manager, mine ? participantIds.filter((id) => mine.has(id)) : participantIds);
    const statuses = await submissionStatuses(manager, cycleId);
    // A decision made before its final value went stale was on the old answer: it is to be made again, not done.
    const decided: { unit_id: string; decided: number; clarifying: number }[] = await manager.query(
      `SELECT d.unit_id,
              count(*) FILTER (WHERE d.decision <> 'clarify' AND (f.stale_since IS NULL OR d.decided_at > f.stale_since))::int AS decided,
              count(DISTINCT d.indicator_code) FILTER (WHERE d.decision = 'clarify')::int AS clarifying
         FROM review_decisions d
         LEFT JOIN final_values f ON f.cycle_id = d.cycle_id AND f.unit_id = d.unit_id AND f.indicator_code = d.indicator_code
        WHERE d.cycle_id = $1 AND d.indicator_code = ANY($2) ${who ? 'AND d.reviewer_id = $3' : ''} GROUP BY d.unit_id`,
      who ? [cycleId, leafCodes, who] : [cycleId, leafCodes],
    );
    const finals = await this.finalCounts(manager, cycleId, leafCodes);
    const decidedOf = new Map(decided.map((d) => [d.unit_id, d]));
    return units.map((u) => {
      const reviewers = assignments.filter((a) => a.unitId === u.id).map((a) => ({ reviewerId: a.reviewerId, isLead: a.isLead }));
      const f = finals.get(u.id) ?? { settled: 0, pending: 0 };
      const d = decidedOf.get(u.id);
      return {
        unitId: u.id,
        unitCode: u.code,
        unitName: u.nameVi,
        reviewers,
        indicators: leafCodes.length,
        decided: who ? (d?.decided ?? 0) : Math.floor((d?.decided ?? 0) / Math.max(1, reviewers.length)),
        clarifying: d?.clarifying ?? 0,
        finals: f.settled,
        flaggedPending: f.pending,
        submissionStatus: statuses.get(u.id) ?? null,
        complete: f.settled === leafCodes.length,
      };
    });
  }

  /**
   * Per unit: final values in force (as completion counts them: a stale one is not), and flagged ones waiting for the
   * lead, over the given leaves (not a stale one: the lead is refused it until the reviewers decide again).
   */
  async finalCounts(manager: EntityManager, cycleId: string, leafCodes: string[]): Promise<Map<string, { settled: number; pending: number }>> {
    const rows: { unit_id: string; settled: number; pending: number }[] = await manager.query(
      `SELECT unit_id, count(*) FILTER (WHERE ${finalInForce()})::int AS settled,
              count(*) FILTER (WHERE flagged AND decided_by_id IS NULL AND stale_since IS NULL)::int AS pending
         FROM final_values WHERE cycle_id = $1 AND indicator_code = ANY($2) GROUP BY unit_id`,
      [cycleId, leafCodes],
    );
    return new Map(rows.map((r) => [r.unit_id, { settled: r.settled, pending: r.pending }]));
  }

  private async assertAssignable(manager: EntityManager, ctx: ReviewContext, unitId: string, reviewerIds: string[]): Promise<void> {
    if (!(await isParticipant(manager, ctx.cycle.id, unitId))) {
      throw new DomainException(ErrorCode.UnprocessableEntity, `unitId: ${unitId} does not take part in this cycle`, [{ field: 'unitId', rule: 'participant', message: `${unitId} does not take part in this cycle` }]);
    }
    for (const reviewerId of reviewerIds) {
      const user = await findUser(manager, reviewerId);
      if (!user || user.role !== Role.Reviewer || user.disabled) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `reviewerId: ${reviewerId} is not an active reviewer`, [{ field: 'reviewerId', rule: 'activeReviewer', message: `${reviewerId} is not an active reviewer` }]);
      }
      const conflict = await manager.findOneBy(ReviewerConflict, { reviewerId, unitId });
      if (conflict) {
        throw DomainException.conflict(`conflict of interest: ${user.email} may not review this unit (${conflict.reason})`, { rule: 'conflictOfInterest', reason: conflict.reason });
      }
    }
  }

  private load(manager: EntityManager, id: string): Promise<ReviewAssignment> {
    return manager.findOneOrFail(ReviewAssignment, { where: { id }, relations: { unit: true, reviewer: true } });
  }

  /** Final values follow the reviewers a unit has: a reviewer added or removed changes what is complete. */
  async recomputeUnit(manager: EntityManager, ctx: ReviewContext, unitId: string): Promise<void> {
    const codes = [...ctx.leaves.keys()];
    const self = await this.scope.selfOf(manager, ctx, unitId, codes);
    await recomputeFinals(manager, ctx, unitId, codes, self, this.clock.now());
  }

  private async recomputeCycle(manager: EntityManager, ctx: ReviewContext): Promise<void> {
    const units: { unit_id: string }[] = await manager.query(`SELECT DISTINCT unit_id FROM review_decisions WHERE cycle_id = $1`, [ctx.cycle.id]);
    for (const { unit_id } of units) await this.recomputeUnit(manager, ctx, unit_id);
  }
}
