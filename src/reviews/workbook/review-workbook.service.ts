import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { DomainException } from '../../common/domain.exception';
import { ErrorCode } from '../../common/error-code';
import { evidenceOf, type EvidenceRow } from '../../submissions/evidence.queries';
import { submissionsOf } from '../../submissions/submissions.queries';
import { Role } from '../../auth/role';
import { findUser } from '../../users/users.queries';
import { evidenceUrl } from '../decisions.service';
import { ReviewAssignment } from '../review-assignment.entity';
import { ReviewDecision } from '../review-decision.entity';
import { ReviewScope } from '../review-scope';
import { buildReviewWorkbook, type ReviewWorkbookRow } from './build-review-workbook';

function evidenceLine(e: EvidenceRow, cycleId: string, unitId: string): string {
  if (e.kind === 'file') return `Tệp: ${e.fileName ?? ''} — ${evidenceUrl(cycleId, unitId, e.id)}`;
  if (e.kind === 'link') return `Liên kết: ${e.label ? `${e.label} — ` : ''}${e.url ?? ''}`;
  return `Văn bản: ${e.documentNumber ?? ''} ${e.documentTitle ?? ''}${e.issuedOn ? ` (${e.issuedOn})` : ''}`.trim();
}

/** A file name's part from an e-mail's local part: reviewer.an@dti.vn → reviewer.an. */
const fileNamePart = (email: string): string => email.split('@')[0].toLowerCase().replace(/[^a-z0-9._-]+/g, '-');

/**
 * A reviewer's workbook of its assigned units, with their self-assessments, evidence and its current decisions: the
 * reviewer's own, or any reviewer's for an administrator (the same file, to check the reviewer's work or to pass on;
 * only the reviewer uploads it).
 */
@Injectable()
export class ReviewWorkbookService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
  ) {}

  /** `reviewerId`: required of an administrator; a reviewer may name only itself. */
  async download(actor: Actor, cycleId: string, reviewerId?: string): Promise<{ fileName: string; content: Buffer }> {
    const reviewer = await this.reviewerOf(actor, reviewerId);
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      const assignments = await manager.find(ReviewAssignment, { where: { cycleId, reviewerId: reviewer.id }, relations: { unit: true } });
      // A reviewer with nothing assigned gets an empty workbook; an administrator asking for one is told so.
      if (assignments.length === 0 && actor.role === Role.Admin) {
        throw DomainException.notFound('review workbook', `of reviewer ${reviewer.email}: no unit of cycle ${cycleId} is assigned to this reviewer`);
      }
      assignments.sort((a, b) => (a.unit!.code < b.unit!.code ? -1 : a.unit!.code > b.unit!.code ? 1 : 0));
      const unitIds = assignments.map((a) => a.unitId);
      const submissions = await submissionsOf(manager, cycleId, unitIds);
      const evidence = await evidenceOf(manager, submissions.map((s) => s.id));
      const decisions = unitIds.length ? await manager.findBy(ReviewDecision, { cycleId, reviewerId: reviewer.id, unitId: In(unitIds) }) : [];
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
        reviewer,
        rows,
      });
      const whose = actor.role === Role.Admin ? `-${fileNamePart(reviewer.email)}` : '';
      return { fileName: `tham-dinh-${ctx.framework.code.toLowerCase()}-${ctx.cycle.year}${whose}.xlsx`, content };
    });
  }

  /** Whose workbook: the reviewer itself, or for an administrator the reviewer it names. */
  private async reviewerOf(actor: Actor, reviewerId: string | undefined): Promise<{ id: string; email: string }> {
    if (actor.role === Role.Reviewer && actor.userId) {
      if (reviewerId !== undefined && reviewerId !== actor.userId) throw DomainException.forbidden('a reviewer downloads only its own review workbook');
      return { id: actor.userId, email: actor.label };
    }
    if (actor.role !== Role.Admin) throw DomainException.forbidden('the review workbook is a reviewer\'s, or an administrator\'s to read');
    if (reviewerId === undefined) {
      throw DomainException.validation([{ field: 'reviewerId', rule: 'required', message: 'reviewerId must name the reviewer whose workbook an administrator downloads' }]);
    }
    const user = await findUser(this.db.manager, reviewerId);
    if (!user || user.role !== Role.Reviewer) {
      const message = `${reviewerId} is not a reviewer`;
      throw new DomainException(ErrorCode.UnprocessableEntity, `reviewerId: ${message}`, [{ field: 'reviewerId', rule: 'reviewer', message }]);
    }
    return { id: user.id, email: user.email };
  }
}
