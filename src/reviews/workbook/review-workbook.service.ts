import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../common/actor';
import { DomainException } from '../../common/domain.exception';
import { Evidence } from '../../submissions/evidence.entity';
import { Submission } from '../../submissions/submission.entity';
import { Role } from '../../users/role';
import { evidenceUrl } from '../decisions.service';
import { ReviewAssignment } from '../review-assignment.entity';
import { ReviewDecision } from '../review-decision.entity';
import { ReviewScope } from '../review-scope';
import { buildReviewWorkbook, type ReviewWorkbookRow } from './build-review-workbook';

function evidenceLine(e: Evidence, cycleId: string, unitId: string): string {
  if (e.kind === 'file') return `Tệp: ${e.fileName ?? ''} — ${evidenceUrl(cycleId, unitId, e.id)}`;
  if (e.kind === 'link') return `Liên kết: ${e.label ? `${e.label} — ` : ''}${e.url ?? ''}`;
  return `Văn bản: ${e.documentNumber ?? ''} ${e.documentTitle ?? ''}${e.issuedOn ? ` (${e.issuedOn})` : ''}`.trim();
}

/** The reviewer's workbook of its assigned units, with their self-assessments, evidence and its current decisions. */
@Injectable()
export class ReviewWorkbookService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
  ) {}

  async download(actor: Actor, cycleId: string): Promise<{ fileName: string; content: Buffer }> {
    if (actor.role !== Role.Reviewer || !actor.userId) throw DomainException.forbidden('the review workbook is a reviewer\'s');
    const reviewerId = actor.userId;
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      const assignments = await manager.find(ReviewAssignment, { where: { cycleId, reviewerId }, relations: { unit: true } });
      assignments.sort((a, b) => (a.unit!.code < b.unit!.code ? -1 : a.unit!.code > b.unit!.code ? 1 : 0));
      const unitIds = assignments.map((a) => a.unitId);
      const submissions = unitIds.length ? await manager.findBy(Submission, { cycleId, unitId: In(unitIds) }) : [];
      const evidence = submissions.length ? await manager.find(Evidence, { where: { submissionId: In(submissions.map((s) => s.id)) }, order: { createdAt: 'ASC' } }) : [];
      const decisions = unitIds.length ? await manager.findBy(ReviewDecision, { cycleId, reviewerId, unitId: In(unitIds) }) : [];
      const rows: ReviewWorkbookRow[] = [];
      for (const a of assignments) {
        const self = await this.scope.selfOf(manager, ctx, a.unitId);
        const submission = submissions.find((s) => s.unitId === a.unitId);
        for (const leaf of ctx.leaves.values()) {
          const d = decisions.find((x) => x.unitId === a.unitId && x.indicatorCode === leaf.code);
          const s = self.get(leaf.code);
          rows.push({
            unit: { code: a.unit!.code, nameVi: a.unit!.nameVi },
            leaf,
            self: { value: s?.value ?? null, points: s?.points ?? null },
            evidence: evidence.filter((e) => e.submissionId === submission?.id && e.indicatorCode === leaf.code).map((e) => evidenceLine(e, cycleId, a.unitId)),
            decision: d ? { decision: d.decision, value: d.value ?? null, points: d.points, comment: d.comment, version: d.version } : null,
          });
        }
      }
      const content = await buildReviewWorkbook({
        framework: ctx.framework,
        cycle: { id: cycleId, year: ctx.cycle.year, nameVi: ctx.cycle.nameVi },
        reviewer: { id: reviewerId, email: actor.label },
        rows,
      });
      return { fileName: `tham-dinh-${ctx.framework.code.toLowerCase()}-${ctx.cycle.year}.xlsx`, content };
    });
  }
}
