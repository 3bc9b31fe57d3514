import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { Unit } from '../units/unit.entity';
import { Role } from '../users/role';
import { User } from '../users/user.entity';
import type { AddConflictDto } from './dto/conflict.dto';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewerConflict } from './reviewer-conflict.entity';

export interface ConflictView {
  reviewerId: string;
  unitId: string;
  unitCode: string | null;
  unitName: string | null;
  reason: string;
  createdAt: Date;
}

const toView = (c: ReviewerConflict): ConflictView => ({
  reviewerId: c.reviewerId,
  unitId: c.unitId,
  unitCode: c.unit?.code ?? null,
  unitName: c.unit?.nameVi ?? null,
  reason: c.reason,
  createdAt: c.createdAt,
});

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
    return rows.map(toView);
  }

  async add(actor: Actor, reviewerId: string, dto: AddConflictDto): Promise<ConflictView> {
    return this.db.transaction(async (manager) => {
      await this.reviewer(reviewerId);
      if (!(await manager.exists(Unit, { where: { id: dto.unitId } }))) {
        throw new DomainException(ErrorCode.UnprocessableEntity, `unitId: unit ${dto.unitId} does not exist`, [{ field: 'unitId', rule: 'exists', message: `unit ${dto.unitId} does not exist` }]);
      }
      const assigned = await manager.find(ReviewAssignment, { where: { reviewerId, unitId: dto.unitId } });
      if (assigned.length > 0) {
        throw DomainException.conflict(`the reviewer is assigned to this unit in ${assigned.length} cycle(s); remove those assignments first`, {
          cycles: assigned.map((a) => a.cycleId),
        });
      }
      const reason = dto.reason.normalize('NFC').trim();
      await manager.upsert(ReviewerConflict, { reviewerId, unitId: dto.unitId, reason, createdById: actor.userId }, ['reviewerId', 'unitId']);
      const row = await manager.findOneOrFail(ReviewerConflict, { where: { reviewerId, unitId: dto.unitId }, relations: { unit: true } });
      await this.audit.record(manager, actor, { action: 'reviewer.conflict.add', entityType: 'reviewer', entityId: reviewerId, after: toView(row) });
      return toView(row);
    });
  }

  async remove(actor: Actor, reviewerId: string, unitId: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const row = await manager.findOne(ReviewerConflict, { where: { reviewerId, unitId }, relations: { unit: true } });
      if (!row) throw DomainException.notFound('conflict', `${reviewerId} / ${unitId}`);
      await manager.delete(ReviewerConflict, { reviewerId, unitId });
      await this.audit.record(manager, actor, { action: 'reviewer.conflict.remove', entityType: 'reviewer', entityId: reviewerId, before: toView(row) });
    });
  }

  private async reviewer(id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user || user.role !== Role.Reviewer) throw DomainException.notFound('reviewer', id);
    return user;
  }
}
