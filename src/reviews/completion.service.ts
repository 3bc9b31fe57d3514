import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { RefusalReason } from '../common/refusal-reason';
import { CyclePhase } from '../cycles/cycle-phase';
import { CycleTransitionRegistry, type TransitionRefusal } from '../cycles/cycle-transition.registry';
import type { CycleRow } from '../cycles/cycle-row';
import { participantUnitsByCode } from '../cycles/cycle-units.queries';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { Role } from '../auth/role';
import { finalInForce } from './final-value.entity';
import { reviewedLeaves } from './leaf-points';
import { ReviewAssignment } from './review-assignment.entity';
import { DEFAULT_DISAGREEMENT_SHARE, DEFAULT_POLICY } from './review-policy';
import { ReviewSettings } from './review-settings.entity';

export interface CompletionState {
  cycleId: string;
  /** Whether the cycle is reviewed at all: review settings or an assignment exist. */
  reviewed: boolean;
  units: number;
  complete: number;
  incomplete: Array<{ unitId: string; unitCode: string; finals: number; indicators: number }>;
  override: { reason: string; byId: string | null; at: Date | null } | null;
}

/**
 * A unit's review is complete when every indicator it answers has a final value in force (system-measured ones need
 * none; a flagged one waiting for the lead or a stale one waiting for the reviewers is not).
 * The cycle moves from review to scoring only when every participating unit's is, or an administrator moves it with
 * a reason: that override is stored on the review settings and audited.
 */
@Injectable()
export class CompletionService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly transitions: CycleTransitionRegistry,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.transitions.register((manager, cycle, to, context) => this.gate(manager, cycle, to, context));
  }

  async state(cycleId: string): Promise<CompletionState> {
    return this.compute(this.db.manager, await this.cycles.find(this.db.manager, cycleId));
  }

  async compute(manager: EntityManager, cycle: CycleRow): Promise<CompletionState> {
    const framework = (await this.frameworks.find(manager, cycle.frameworkId)).document;
    const codes = reviewedLeaves(framework).map((l) => l.code);
    const settings = await manager.findOneBy(ReviewSettings, { cycleId: cycle.id });
    const reviewed = !!settings || (await manager.exists(ReviewAssignment, { where: { cycleId: cycle.id } }));
    const units = await participantUnitsByCode(manager, cycle.id);
    const finals: { unit_id: string; finals: number }[] = await manager.query(
      `SELECT unit_id, count(*)::int AS finals FROM final_values
        WHERE cycle_id = $1 AND indicator_code = ANY($2) AND ${finalInForce()} GROUP BY unit_id`,
      [cycle.id, codes],
    );
    const finalsOf = new Map(finals.map((f) => [f.unit_id, f.finals]));
    const rows = units.map((u) => ({ unit_id: u.id, code: u.code, finals: finalsOf.get(u.id) ?? 0 }));
    const incomplete = rows.filter((r) => r.finals < codes.length).map((r) => ({ unitId: r.unit_id, unitCode: r.code, finals: r.finals, indicators: codes.length }));
    return {
      cycleId: cycle.id,
      reviewed,
      units: rows.length,
      complete: rows.length - incomplete.length,
      incomplete,
      override: settings?.completionOverrideReason
        ? { reason: settings.completionOverrideReason, byId: settings.completionOverrideById, at: settings.completionOverrideAt }
        : null,
    };
  }

  /**
   * review → scoring: refused while a reviewed cycle has incomplete units, unless an administrator moves it with a
   * reason, which is then recorded as the override. A cycle nobody set up for review (no settings, no assignment)
   * is not held: reviews are not used there.
   */
  private async gate(manager: EntityManager, cycle: CycleRow, to: CyclePhase, context: { actor: Actor; reason?: string }): Promise<TransitionRefusal | null> {
    if (cycle.phase !== CyclePhase.Review || to !== CyclePhase.Scoring) return null;
    const state = await this.compute(manager, cycle);
    if (!state.reviewed || state.incomplete.length === 0) return null;
    const { actor, reason } = context;
    if (actor.role === Role.Admin && reason && reason.trim()) {
      await this.recordOverride(manager, actor, cycle.id, reason.trim(), state);
      return null;
    }
    const sample = state.incomplete
      .slice(0, 5)
      .map((u) => `${u.unitCode} (${u.finals}/${u.indicators})`)
      .join(', ');
    return {
      reason: RefusalReason.ReviewIncomplete,
      message: `the review of ${state.incomplete.length} unit(s) is incomplete: ${sample}${state.incomplete.length > 5 ? ', ...' : ''}; complete it, or move with a reason to override`,
      values: { count: state.incomplete.length, units: state.incomplete.slice(0, 5).map((u) => u.unitCode) },
    };
  }

  private async recordOverride(manager: EntityManager, actor: Actor, cycleId: string, reason: string, state: CompletionState): Promise<void> {
    const now = this.clock.now();
    const changes = { completionOverrideReason: reason, completionOverrideById: actor.userId, completionOverrideAt: now };
    const existing = await manager.findOneBy(ReviewSettings, { cycleId });
    if (existing) await manager.update(ReviewSettings, { cycleId }, { ...changes, version: existing.version + 1 });
    else await manager.insert(ReviewSettings, { cycleId, policy: DEFAULT_POLICY, disagreementShare: DEFAULT_DISAGREEMENT_SHARE, ...changes, version: 1 });
    await this.audit.record(manager, actor, {
      action: 'review.completion-override',
      entityType: 'cycle',
      entityId: cycleId,
      after: { reason, incompleteUnits: state.incomplete.length, units: state.incomplete.slice(0, 100).map((u) => u.unitCode) },
    });
  }
}
