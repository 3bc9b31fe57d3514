import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { CyclePhase } from '../cycles/cycle-phase';
import { CycleTransitionRegistry } from '../cycles/cycle-transition.registry';
import type { CycleRow } from '../cycles/cycle-row';
import { FrameworksService } from '../frameworks/frameworks.service';
import { cycleAnswersSql } from '../submissions/submissions.queries';
import { unitsByIdsByCode } from '../units/units.queries';
import { isManual, reviewedLeaves } from './leaf-points';

/** At most this many finals are named in the audit entry (the count is always there). */
const AUDIT_SAMPLE = 100;

/**
 * A cycle may go back from review (or scoring) to open so that units correct their answers. When it comes back to
 * review, every final value whose unit's answer is no longer the self value it was settled on (the value; for a
 * hand-scored leaf also the unit's own points) becomes stale: kept for the reviewers to compare, but not in force
 * until they decide again (recompute-finals.ts), so neither the completion gate nor scoring takes a value settled
 * on an answer that is gone. Comparing there, rather than on each write while open, leaves an answer changed and
 * changed back as it was, and covers every way an answer is written (form, template import) in one place.
 *
 * A final stale already is compared with the answer it went stale on (stale_value, stale_points): changed again in a
 * later reopen, it is stale from this move on, since a reviewer's decision in between was made on the answer before;
 * left as it was, it keeps its time and those decisions count.
 */
@Injectable()
export class StaleFinalsService implements OnModuleInit {
  constructor(
    private readonly frameworks: FrameworksService,
    private readonly transitions: CycleTransitionRegistry,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.transitions.registerEffect(async (manager, cycle, to, { actor }) => {
      if (cycle.phase === CyclePhase.Open && to === CyclePhase.Review) await this.markChanged(manager, actor, cycle);
    });
  }

  /** In the move's transaction: one statement over the cycle's finals, then one audit entry if any went stale. */
  async markChanged(manager: EntityManager, actor: Actor, cycle: CycleRow): Promise<void> {
    const framework = (await this.frameworks.find(manager, cycle.frameworkId)).document;
    const manual = reviewedLeaves(framework)
      .filter(isManual)
      .map((l) => l.code);
    // The answer is compared with the one the final was settled on, or, stale already, the one it went stale on. A
    // missing answer reads as null on both sides (jsonb null and SQL NULL alike). An UPDATE's query() gives
    // [rows, count].
    const [rows]: [{ unit_id: string; indicator_code: string }[], number] = await manager.query(
      `WITH compared AS (
         SELECT f.unit_id, f.indicator_code, a.value, a.self_points,
                CASE WHEN f.stale_since IS NULL THEN f.self_value ELSE f.stale_value END AS was_value,
                CASE WHEN f.stale_since IS NULL THEN f.self_points ELSE f.stale_points END AS was_points
           FROM final_values f
           LEFT JOIN ${cycleAnswersSql('$1')} a ON a.unit_id = f.unit_id AND a.indicator_code = f.indicator_code
          WHERE f.cycle_id = $1),
       changed AS (
         SELECT * FROM compared
          WHERE COALESCE(value, 'null'::jsonb) IS DISTINCT FROM COALESCE(was_value, 'null'::jsonb)
             OR (indicator_code = ANY($3::text[]) AND self_points IS DISTINCT FROM was_points))
       UPDATE final_values f SET stale_since = $2, stale_value = c.value, stale_points = c.self_points
         FROM changed c
        WHERE f.cycle_id = $1 AND f.unit_id = c.unit_id AND f.indicator_code = c.indicator_code
       RETURNING f.unit_id, f.indicator_code`,
      [cycle.id, this.clock.now(), manual],
    );
    if (rows.length === 0) return;
    const codes = new Map((await unitsByIdsByCode(manager, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u.code]));
    const finals = rows
      .map((r) => ({ unitCode: codes.get(r.unit_id)!, indicatorCode: r.indicator_code }))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.indicatorCode.localeCompare(b.indicatorCode));
    await this.audit.record(manager, actor, {
      action: 'review.finals-stale',
      entityType: 'cycle',
      entityId: cycle.id,
      after: { count: finals.length, finals: finals.slice(0, AUDIT_SAMPLE) },
    });
  }
}
