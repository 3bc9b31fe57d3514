import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { CyclePhase } from '../cycles/cycle-phase';
import type { RawValue } from '../engine/types';
import { findEvidence } from '../submissions/evidence.queries';
import { Role } from '../auth/role';
import type { CreateObjectionDto, DecideObjectionDto } from './dto/objection.dto';
import { FinalValue, isPending } from './final-value.entity';
import { checkGiven } from './given-value';
import { Objection, type ObjectionStatus } from './objection.entity';
import { ReviewAssignment } from './review-assignment.entity';
import { objectionWindowState, OBJECTION_PHASES, type ObjectionWindow } from './review.can';
import { ReviewScope, type ReviewContext } from './review-scope';
import { toFinalView, toObjectionView, type ObjectionView } from './review.view';

export interface ReviewedScore {
  indicatorCode: string;
  name: string;
  maxPoints: number;
  self: { value: RawValue; points: number | null };
  reviewed: { value: RawValue; points: number | null; method: string } | null;
  objections: Array<{ id: string; status: string }>;
}

/** The units' objections to their reviewed scores, taken while the cycle's objection window is open. */
@Injectable()
export class ObjectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  /**
   * A unit's self and reviewed scores per indicator: its officer sees them once an objection window has opened, or
   * once the cycle is published (the results are public then, window or not).
   */
  async scores(actor: Actor, cycleId: string, unitId: string): Promise<ReviewedScore[]> {
    const manager = this.db.manager;
    await this.scope.assertCanSee(manager, actor, cycleId, unitId);
    const ctx = await this.scope.context(manager, cycleId);
    if (actor.role === Role.Officer && ctx.cycle.phase !== CyclePhase.Published) {
      const openAt = ctx.settings?.objectionsOpenAt;
      if (!openAt || openAt > this.clock.now()) {
        throw new DomainException(ErrorCode.WindowClosed, 'the reviewed scores are shown to the unit when the objection window opens');
      }
    }
    // One after another: the manager may be a transaction's single connection.
    const self = await this.scope.selfOf(manager, ctx, unitId);
    const finals = await manager.findBy(FinalValue, { cycleId, unitId });
    const objections = await manager.find(Objection, { where: { cycleId, unitId }, order: { createdAt: 'ASC' } });
    const finalOf = new Map(finals.map((f) => [f.indicatorCode, f]));
    return [...ctx.leaves.values()].map((leaf) => {
      const f = finalOf.get(leaf.code);
      const s = self.get(leaf.code);
      return {
        indicatorCode: leaf.code,
        name: leaf.name.vi,
        maxPoints: leaf.maxPoints ?? 0,
        self: { value: s?.value ?? null, points: s?.points ?? null },
        reviewed: f && !isPending(f) ? { value: f.value ?? null, points: f.points, method: f.method } : null,
        objections: objections.filter((o) => o.indicatorCode === leaf.code).map((o) => ({ id: o.id, status: o.status })),
      };
    });
  }

  async create(actor: Actor, cycleId: string, unitId: string, dto: CreateObjectionDto): Promise<ObjectionView> {
    if (actor.role !== Role.Officer || actor.unitId !== unitId) throw DomainException.forbidden('only an officer of this unit objects to its scores');
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      this.assertWindowOpen(ctx);
      this.scope.leaf(ctx, dto.indicatorCode);
      const final = await manager.findOneBy(FinalValue, { cycleId, unitId, indicatorCode: dto.indicatorCode });
      if (!final || isPending(final)) throw DomainException.conflict(`${dto.indicatorCode} has no reviewed score yet to object to`);
      if (dto.evidenceId) {
        const submission = await this.scope.submission(manager, cycleId, unitId);
        const evidence = submission ? await findEvidence(manager, submission.id, dto.evidenceId) : null;
        if (!evidence) {
          throw new DomainException(ErrorCode.UnprocessableEntity, 'evidenceId: not evidence of this unit\'s submission', [
            { field: 'evidenceId', rule: 'ownEvidence', message: 'not evidence of this unit\'s submission' },
          ]);
        }
      }
      if (await manager.exists(Objection, { where: { cycleId, unitId, indicatorCode: dto.indicatorCode, status: 'open' } })) {
        throw DomainException.conflict(`an objection to ${dto.indicatorCode} is already open`);
      }
      const saved = await manager.save(
        manager.create(Objection, {
          cycleId,
          unitId,
          indicatorCode: dto.indicatorCode,
          officerId: actor.userId!,
          reason: dto.reason.normalize('NFC'),
          evidenceId: dto.evidenceId ?? null,
          status: 'open',
        }),
      );
      const row = await manager.findOneByOrFail(Objection, { id: saved.id });
      await this.audit.record(manager, actor, { action: 'review.objection', entityType: 'objection', entityId: row.id, after: toObjectionView(row) });
      return toObjectionView(row);
    });
  }

  /** Admins see every objection; officers their unit's; reviewers those of the units they lead. */
  async list(actor: Actor, cycleId: string, query: { unitId?: string; status?: ObjectionStatus }): Promise<ObjectionView[]> {
    const manager = this.db.manager;
    await this.scope.context(manager, cycleId);
    const where: Record<string, unknown> = { cycleId };
    if (query.status) where.status = query.status;
    if (actor.role === Role.Officer) {
      if (query.unitId && query.unitId !== actor.unitId) throw DomainException.forbidden('an officer sees only its own unit\'s objections');
      where.unitId = actor.unitId;
    } else if (actor.role === Role.Reviewer) {
      const led = await manager.findBy(ReviewAssignment, { cycleId, reviewerId: actor.userId ?? '', isLead: true });
      const ids = led.map((a) => a.unitId).filter((id) => !query.unitId || id === query.unitId);
      where.unitId = In(ids);
    } else if (query.unitId) where.unitId = query.unitId;
    const rows = await manager.find(Objection, { where, order: { createdAt: 'ASC' } });
    return rows.map(toObjectionView);
  }

  /**
   * The decided objections of one unit, oldest first, for whoever may see the unit (its reviewers, its officer, an
   * administrator): the reviewer's page says which final value an objection changed, and from what.
   */
  async decidedOfUnit(actor: Actor, cycleId: string, unitId: string): Promise<ObjectionView[]> {
    const manager = this.db.manager;
    await this.scope.assertCanSee(manager, actor, cycleId, unitId);
    const rows = await manager.find(Objection, { where: { cycleId, unitId, status: In(['accepted', 'rejected']) }, order: { decidedAt: 'ASC' } });
    return rows.map(toObjectionView);
  }

  /** An admin or the unit's lead reviewer accepts (a new final value, method "objection") or rejects, with an answer. */
  async decide(actor: Actor, cycleId: string, objectionId: string, dto: DecideObjectionDto): Promise<ObjectionView> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      const objection = await manager.findOne(Objection, { where: { id: objectionId, cycleId }, lock: { mode: 'pessimistic_write' } });
      if (!objection) throw DomainException.notFound('objection', objectionId);
      if (actor.role === Role.Officer) throw DomainException.forbidden('only an administrator or the lead reviewer decides an objection');
      await this.scope.assertLeadOrAdmin(manager, actor, cycleId, objection.unitId);
      this.scope.assertPhase(ctx, ...OBJECTION_PHASES);
      if (objection.status !== 'open') throw DomainException.conflict(`the objection is already ${objection.status}`);
      const now = this.clock.now();
      const final = await manager.findOneBy(FinalValue, { cycleId, unitId: objection.unitId, indicatorCode: objection.indicatorCode });
      // A reviewer has asked the unit to clarify since the objection: no value in force to keep or replace.
      if (!final) {
        throw DomainException.conflict(`${objection.indicatorCode}: there is no final value now (a reviewer asked the unit to clarify); the reviewers must decide first`, {
          reason: RefusalReason.FinalUnsettled,
          indicatorCode: objection.indicatorCode,
        });
      }
      // The value objected to was settled on an answer the unit has changed since: a value given now would not be in
      // force (still stale) and the reviewers' next decisions would replace it; they decide on the new answer first.
      if (final.staleSince) {
        throw DomainException.conflict(`${objection.indicatorCode}: the unit's answer changed after this value was settled; the reviewers must decide again first`, {
          reason: RefusalReason.FinalStale,
          indicatorCode: objection.indicatorCode,
          staleSince: final.staleSince.toISOString(),
        });
      }
      const answer = dto.answer.normalize('NFC');
      const before = toObjectionView(objection);
      if (dto.outcome === 'accept') {
        const leaf = this.scope.leaf(ctx, objection.indicatorCode);
        const checked = checkGiven(ctx.framework, leaf, dto.value, dto.points, 'body');
        if (!checked.given) throw DomainException.validation(checked.problems);
        await manager.update(
          FinalValue,
          { cycleId, unitId: objection.unitId, indicatorCode: objection.indicatorCode },
          { value: checked.given.value as never, points: checked.given.points, method: 'objection', decidedById: actor.userId, reason: answer, decidedAt: now },
        );
        await manager.update(Objection, { id: objectionId }, {
          status: 'accepted',
          answer,
          oldValue: (final.value ?? null) as never,
          oldPoints: final.points,
          newValue: checked.given.value as never,
          newPoints: checked.given.points,
          decidedById: actor.userId,
          decidedAt: now,
        });
      } else {
        await manager.update(Objection, { id: objectionId }, {
          status: 'rejected',
          answer,
          oldValue: (final.value ?? null) as never,
          oldPoints: final.points,
          decidedById: actor.userId,
          decidedAt: now,
        });
      }
      const row = await manager.findOneByOrFail(Objection, { id: objectionId });
      const finalAfter = await manager.findOneByOrFail(FinalValue, { cycleId, unitId: objection.unitId, indicatorCode: objection.indicatorCode });
      await this.audit.record(manager, actor, {
        action: `review.objection.${row.status === 'accepted' ? 'accept' : 'reject'}`,
        entityType: 'objection',
        entityId: objectionId,
        before: { ...before, final: toFinalView(final) },
        after: { ...toObjectionView(row), final: toFinalView(finalAfter) },
      });
      return toObjectionView(row);
    });
  }

  /** The cycle's objection window and where it stands now (the rule assertWindowOpen refuses by), for the pages. */
  async window(cycleId: string): Promise<ObjectionWindow> {
    const ctx = await this.scope.context(this.db.manager, cycleId);
    const openAt = ctx.settings?.objectionsOpenAt ?? null;
    const closeAt = ctx.settings?.objectionsCloseAt ?? null;
    return { state: objectionWindowState(ctx.cycle.phase, openAt, closeAt, this.clock.now()), openAt, closeAt };
  }

  private assertWindowOpen(ctx: ReviewContext): void {
    const now = this.clock.now();
    if (objectionWindowState(ctx.cycle.phase, ctx.settings?.objectionsOpenAt, ctx.settings?.objectionsCloseAt, now) === 'open') return;
    // Not open: the first reason, in this order, is the refusal's.
    if (!OBJECTION_PHASES.includes(ctx.cycle.phase)) {
      throw new DomainException(ErrorCode.WindowClosed, `objections are taken before publication; the cycle is ${ctx.cycle.phase}`, {
        reason: RefusalReason.ObjectionPhase,
        phase: ctx.cycle.phase,
      });
    }
    const { objectionsOpenAt: openAt, objectionsCloseAt: closeAt } = ctx.settings ?? {};
    if (!openAt || !closeAt) throw new DomainException(ErrorCode.WindowClosed, 'no objection window is open for this cycle', { reason: RefusalReason.ObjectionWindowUnset });
    if (now < openAt) {
      throw new DomainException(ErrorCode.WindowClosed, `the objection window opens at ${openAt.toISOString()}`, { reason: RefusalReason.ObjectionWindowNotYetOpen, opensAt: openAt.toISOString() });
    }
    if (now >= closeAt) {
      throw new DomainException(ErrorCode.WindowClosed, `the objection window closed at ${closeAt.toISOString()}`, { reason: RefusalReason.ObjectionWindowEnded, closesAt: closeAt.toISOString() });
    }
  }
}
