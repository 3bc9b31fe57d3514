import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { CyclesService } from '../cycles/cycles.service';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewDecision } from './review-decision.entity';
import { ReviewScope } from './review-scope';
import { REVIEWING_PHASES } from './review.can';

/**
 * The checks of the review's uploads that the route alone decides, run by an UploadGate before a byte is read
 * (`UploadGate(ReviewUploadChecks, 'workbook')`; the services check everything again when they write).
 */
@Injectable()
export class ReviewUploadChecks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly scope: ReviewScope,
  ) {}

  /** A reviewer's filled workbook: a cycle that exists, in which at least one unit is assigned to this reviewer. */
  async workbook(actor: Actor, params: Record<string, string>): Promise<void> {
    await this.cycles.find(this.db.manager, params.cycleId);
    const assigned = actor.userId !== null && (await this.db.getRepository(ReviewAssignment).existsBy({ cycleId: params.cycleId, reviewerId: actor.userId }));
    if (!assigned) throw DomainException.forbidden('no unit of this cycle is assigned to you for review');
  }

  /**
   * An officer's evidence in a clarification: the unit's own officer, a participant of a cycle that exists and is in
   * review, with a reviewer's question open on some indicator of the unit (which one is a body field, checked after).
   */
  async clarification(actor: Actor, params: Record<string, string>): Promise<void> {
    if (actor.unitId !== params.unitId) throw DomainException.forbidden('an officer writes only about its own unit');
    const cycle = await this.cycles.find(this.db.manager, params.cycleId);
    await this.cycles.participant(this.db.manager, params.cycleId, params.unitId);
    this.scope.assertPhase({ cycle }, ...REVIEWING_PHASES);
    const open = await this.db.getRepository(ReviewDecision).existsBy({ cycleId: params.cycleId, unitId: params.unitId, decision: 'clarify' });
    if (!open) throw DomainException.conflict('no reviewer asks this unit for a clarification: every thread is closed');
  }
}
