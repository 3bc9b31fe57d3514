import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { CyclePhase, canReach } from '../cycles/cycle-phase';
import { unitExists } from '../units/units.queries';
import { Role } from '../auth/role';
import { findUser, type UserRef } from '../users/users.queries';
import type { AddConflictDto } from './dto/conflict.dto';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewerConflict } from './reviewer-conflict.entity';

/** A cycle in which the reviewer is (or was) assigned to the unit. */
export interface AssignedCycle {
  cycleId: string;
  year: number;
  level: string;
  phase: CyclePhase;
}

export interface ConflictView {
  reviewerId: string;
  unitId: string;
  unitCode: string | null;
  unitName: string | null;
  reason: string;
  createdAt: Date;
  /** Cycles whose review of the unit the reviewer took part in before the conflict was declared: kept as they were. */
  reviewedIn: AssignedCycle[];
}

const toView = (c: ReviewerConflict, reviewedIn: AssignedCycle[]): ConflictView => ({
  reviewerId: c.reviewerId,
  unitId: c.unitId,
  unitCode: c.unit?.code ?? null,
  unitName: c.unit?.nameVi ?? null,
  reason: c.reason,
  createdAt: c.createdAt,
  reviewedIn,
});

/**
 * An assignment is history once its cycle can no longer come back to review: only a published cycle (corrections
 * included, which re-score but never re-review). Scoring still can (scoring → review, a reviewer's fix), and the
 * reviewer's decisions are what it scores, so an assignment there blocks a declaration as draft, open and review do.
 */
export const reviewStillToCome = (phase: CyclePhase): boolean => canReach(phase, CyclePhase.Review);

/** Conflicts of interest declared per reviewer (its own unit among them); assignments never cross them. */
@Injectable()
export class ConflictsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, reviewerId: string): Promise<ConflictView[]> {
    if (actor.role !== Role.Admin && actor.userId !== reviewerId) throw DomainException.forbidden('only an administrator or the reviewer itself sees its conflicts');
    await this.reviewer(reviewerId);
    const rows = await this.db.getRepository(ReviewerConflict).find({ where: { reviewerId }, relations: { unit: true }, order: { createdAt: 'ASC' } });
    const cycles = await this.assignedCycles(this.db.manager, reviewerId, rows.map((r) => r.unitId));
    return rows.map((r) => toView(r, cycles.get(r.unitId) ?? []));
  }

  async add(actor: Actor, reviewerId: string, dto: AddConflictDto): Promise<ConflictView> {
    return this.db.transaction(async (manager) => {
      await this.reviewer(reviewerId);
      if (!(await unitExists(manager, dto.unitId))) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `unitId: unit ${dto.unitId} does not exist`, [{ field: 'unitId', rule: 'exists', message: `unit ${dto.unitId} does not exist` }]);
      }
      const assigned = (await this.assignedCycles(manager, reviewerId, [dto.unitId])).get(dto.unitId) ?? [];
      const blocking = assigned.filter((a) => reviewStillToCome(a.phase));
      if (blocking.length > 0) {
        const named = blocking.map((a) => `${a.year} ${a.level} (${a.phase})`).join(', ');
        throw DomainException.conflict(
          `the reviewer is assigned to this unit in ${blocking.length} cycle(s) whose review is not over: ${named}; remove those assignments first (published cycles are history and do not count)`,
          { reason: RefusalReason.ConflictAssignedInReview, cycles: blocking },
        );
      }
      const reason = dto.reason.normalize('NFC').trim();
      await manager.upsert(ReviewerConflict, { reviewerId, unitId: dto.unitId, reason, createdById: actor.userId }, ['reviewerId', 'unitId']);
      const row = await manager.findOneOrFail(ReviewerConflict, { where: { reviewerId, unitId: dto.unitId }, relations: { unit: true } });
      const view = toView(row, assigned);
      await this.audit.record(manager, actor, { action: 'reviewer.conflict.add', entityType: 'reviewer', entityId: reviewerId, after: view });
      return view;
    });
  }

  async remove(actor: Actor, reviewerId: string, unitId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const row = await manager.findOne(ReviewerConflict, { where: { reviewerId, unitId }, relations: { unit: true } });
      if (!row) throw DomainException.notFound('conflict', `${reviewerId} / ${unitId}`);
      await manager.delete(ReviewerConflict, { reviewerId, unitId });
      const reviewedIn = (await this.assignedCycles(manager, reviewerId, [unitId])).get(unitId) ?? [];
      await this.audit.record(manager, actor, { action: 'reviewer.conflict.remove', entityType: 'reviewer', entityId: reviewerId, before: toView(row, reviewedIn) });
    });
  }

  /** The cycles, oldest first, in which the reviewer is assigned to each of the units. */
  private async assignedCycles(manager: EntityManager, reviewerId: string, unitIds: string[]): Promise<Map<string, AssignedCycle[]>> {
    const byUnit = new Map<string, AssignedCycle[]>();
    if (unitIds.length === 0) return byUnit;
    const rows = await manager.find(ReviewAssignment, { where: { reviewerId, unitId: In(unitIds) }, relations: { cycle: true } });
    rows.sort((a, b) => a.cycle!.year - b.cycle!.year || a.cycle!.level.localeCompare(b.cycle!.level));
    for (const a of rows) {
      const { id, year, level, phase } = a.cycle!;
      byUnit.set(a.unitId, [...(byUnit.get(a.unitId) ?? []), { cycleId: id, year, level, phase }]);
    }
    return byUnit;
  }

  private async reviewer(id: string): Promise<UserRef> {
    const user = await findUser(this.db.manager, id);
    if (!user || user.role !== Role.Reviewer) throw DomainException.notFound('reviewer', id);
    return user;
  }
}
