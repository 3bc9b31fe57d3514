import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import type { CycleRow } from '../cycles/cycle-row';
import { CyclesService } from '../cycles/cycles.service';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { FrameworksService } from '../frameworks/frameworks.service';
import type { PlausibilityWarning } from '../submissions/plausibility';
import { answersOf, findSubmission, type SubmissionRow } from '../submissions/submissions.queries';
import { Role } from '../auth/role';
import { isManual, reviewedLeaves, rulePoints } from './leaf-points';
import { ReviewAssignment } from './review-assignment.entity';
import { DEFAULT_DISAGREEMENT_SHARE, DEFAULT_POLICY, type ReviewPolicy } from './review-policy';
import { ReviewSettings } from './review-settings.entity';

/** What every review operation on a cycle reads once: the cycle, its framework's reviewed leaves, its settings. */
export interface ReviewContext {
  cycle: CycleRow;
  framework: Framework;
  /** The leaves units answer and reviewers verify, by code, in document order. */
  leaves: Map<string, FrameworkNode>;
  policy: ReviewPolicy;
  disagreementShare: number;
  settings: ReviewSettings | null;
}

export interface SelfEntry {
  value: RawValue;
  points: number | null;
  note: string | null;
  /** The plausibility warnings the answer was saved with: the reviewer weighs them (the answer was not refused). */
  warnings: PlausibilityWarning[];
}

/** Who may see and do what in the review of a cycle's units, and the context that goes with it. */
@Injectable()
export class ReviewScope {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
  ) {}

  async context(manager: EntityManager, cycleId: string, options: { lock?: boolean } = {}): Promise<ReviewContext> {
    const cycle = await this.cycles.find(manager, cycleId, options);
    const framework = (await this.frameworks.find(manager, cycle.frameworkId)).document;
    const settings = await manager.findOneBy(ReviewSettings, { cycleId });
    return {
      cycle,
      framework,
      leaves: new Map(reviewedLeaves(framework).map((l) => [l.code, l])),
      policy: settings?.policy ?? DEFAULT_POLICY,
      disagreementShare: settings?.disagreementShare ?? DEFAULT_DISAGREEMENT_SHARE,
      settings,
    };
  }

  assignments(manager: EntityManager, cycleId: string, unitId: string): Promise<ReviewAssignment[]> {
    return manager.find(ReviewAssignment, { where: { cycleId, unitId }, order: { isLead: 'DESC', createdAt: 'ASC', reviewerId: 'ASC' } });
  }

  async isAssigned(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<boolean> {
    if (actor.role !== Role.Reviewer || !actor.userId) return false;
    return manager.exists(ReviewAssignment, { where: { cycleId, unitId, reviewerId: actor.userId } });
  }

  /** An admin, a reviewer assigned to the unit, or the unit's own officer; anyone else 403. */
  async assertCanSee(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<void> {
    if (actor.role === Role.Admin) return;
    if (actor.role === Role.Officer && actor.unitId === unitId) return;
    if (await this.isAssigned(manager, actor, cycleId, unitId)) return;
    throw DomainException.forbidden('this unit is not among the units you review');
  }

  /** The actor's own assignment to the unit; 403 for a reviewer not assigned to it and for anyone else. */
  async assertReviewer(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<ReviewAssignment> {
    const assignment =
      actor.role === Role.Reviewer && actor.userId ? await manager.findOneBy(ReviewAssignment, { cycleId, unitId, reviewerId: actor.userId }) : null;
    if (!assignment) throw DomainException.forbidden('only a reviewer assigned to this unit may review it');
    return assignment;
  }

  /** An admin, or the lead reviewer of the unit. */
  async assertLeadOrAdmin(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<void> {
    if (actor.role === Role.Admin) return;
    const assignment = actor.userId ? await manager.findOneBy(ReviewAssignment, { cycleId, unitId, reviewerId: actor.userId }) : null;
    if (actor.role === Role.Reviewer && assignment?.isLead) return;
    throw DomainException.forbidden('only the lead reviewer of this unit or an administrator may decide this');
  }

  assertPhase(ctx: Pick<ReviewContext, 'cycle'>, ...phases: string[]): void {
    if (!phases.includes(ctx.cycle.phase)) {
      throw new DomainException(ErrorCode.WrongPhase, `not while the cycle is ${ctx.cycle.phase}; only in ${phases.join(' or ')}`, {
        reason: RefusalReason.CyclePhase,
        phase: ctx.cycle.phase,
        allowed: phases,
      });
    }
  }

  leaf(ctx: ReviewContext, code: string, field = 'indicatorCode'): FrameworkNode {
    const leaf = ctx.leaves.get(code);
    if (!leaf) {
      throw new DomainException(ErrorCode.UnprocessableEntity, `${field}: ${code} is not an indicator the units answer in this cycle`, [
        { field, rule: 'reviewedIndicator', message: `${code} is not an indicator of ${ctx.framework.code} ${ctx.framework.version} that the units answer` },
      ]);
    }
    return leaf;
  }

  submission(manager: EntityManager, cycleId: string, unitId: string): Promise<SubmissionRow | null> {
    return findSubmission(manager, cycleId, unitId);
  }

  /** The unit's self value, self points (the rule's, or its own for hand-scored leaves) and note, per reviewed leaf. */
  async selfOf(manager: EntityManager, ctx: ReviewContext, unitId: string, codes?: string[]): Promise<Map<string, SelfEntry>> {
    const submission = await this.submission(manager, ctx.cycle.id, unitId);
    const wanted = codes ?? [...ctx.leaves.keys()];
    const answers = submission ? await answersOf(manager, submission.id, wanted) : [];
    const byCode = new Map(answers.map((a) => [a.indicatorCode, a]));
    const values: Record<string, RawValue> = {};
    for (const code of wanted) {
      const leaf = ctx.leaves.get(code);
      if (leaf && !isManual(leaf)) values[code] = byCode.get(code)?.value ?? null;
    }
    const points = rulePoints(ctx.framework, values);
    const out = new Map<string, SelfEntry>();
    for (const code of wanted) {
      const leaf = ctx.leaves.get(code);
      if (!leaf) continue;
      const a = byCode.get(code);
      out.set(code, {
        value: a?.value ?? null,
        points: isManual(leaf) ? (a?.selfPoints ?? null) : (points[code] ?? null),
        note: a?.note ?? null,
        warnings: a?.warnings ?? [],
      });
    }
    return out;
  }
}
