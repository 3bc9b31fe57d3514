import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { DomainException, type FieldProblem } from '../../common/domain.exception';
import { readWorkbookSafely } from '../../workbooks/safe-workbook';
import type { ImportProblem, ImportReport } from '../../submissions/import-report';
import { ImportHandlerRegistry, type ImportRun } from '../../submissions/imports/import-handler.registry';
import { Role } from '../../auth/role';
import { DecisionsService } from '../decisions.service';
import { FinalValue } from '../final-value.entity';
import { ReviewAssignment } from '../review-assignment.entity';
import { ReviewDecision } from '../review-decision.entity';
import { ReviewScope } from '../review-scope';
import { parseReviewWorkbook, type ParsedRow } from './parse-review-workbook';
import { COL_LETTER, SHEETS, type ColumnKey } from './review-workbook-layout';

/** Rolls the transaction back after a dry run or a refused file. */
class Rollback extends Error {}

const FIELD_COLUMN: Record<string, ColumnKey> = { indicatorCode: 'code', decision: 'decision', value: 'value', points: 'points', comment: 'comment', version: 'version' };

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Applies an uploaded review workbook: every decision of every unit in one transaction, or none and a report of every
 * bad cell (the parser's, and the decisions' own checks mapped back to their cells). Rows whose decision is what is
 * stored already are left alone (re-uploading a downloaded workbook changes nothing), unless their final value is
 * stale and the decision older than that: confirming it again is how a reviewer decides on the changed answer.
 */
@Injectable()
export class ReviewWorkbookImportHandler implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly registry: ImportHandlerRegistry,
    private readonly scope: ReviewScope,
    private readonly decisions: DecisionsService,
  ) {}

  onModuleInit(): void {
    this.registry.register('review_workbook', (run) => this.run(run));
  }

  async run({ job, actor, file, progress }: ImportRun): Promise<ImportReport> {
    if (actor.role !== Role.Reviewer || !actor.userId) throw DomainException.forbidden('the review workbook is a reviewer\'s');
    const workbook = await readWorkbookSafely(file);
    await progress(30);
    const reviewerId = actor.userId;
    let report: ImportReport = { read: 0, applied: 0, problems: [] };
    try {
      await this.db.transaction(async (manager) => {
        const ctx = await this.scope.context(manager, job.cycleId);
        const assignments = await manager.find(ReviewAssignment, { where: { cycleId: job.cycleId, reviewerId }, relations: { unit: true } });
        const parsed = parseReviewWorkbook(workbook, {
          framework: ctx.framework,
          cycleId: job.cycleId,
          reviewerId,
          units: new Map(assignments.map((a) => [a.unit!.code, a.unitId])),
          leaves: ctx.leaves,
        });
        report = { read: parsed.read, applied: 0, problems: [...parsed.problems] };
        if (report.problems.length > 0) throw new Rollback();
        await progress(50);
        const unitIds = [...new Set(parsed.rows.map((r) => r.unitId))];
        const stored = unitIds.length ? await manager.findBy(ReviewDecision, { cycleId: job.cycleId, reviewerId, unitId: In(unitIds) }) : [];
        const stale = unitIds.length ? await manager.findBy(FinalValue, { cycleId: job.cycleId, unitId: In(unitIds), staleSince: Not(IsNull()) }) : [];
        const staleSince = new Map(stale.map((f) => [`${f.unitId}|${f.indicatorCode}`, f.staleSince!]));
        const changed = parsed.rows.filter((r) => {
          const d = stored.find((s) => s.unitId === r.unitId && s.indicatorCode === r.item.indicatorCode);
          if (!d || d.version !== r.item.version || d.decision !== r.item.decision || (d.comment ?? undefined) !== r.item.comment) return true;
          // The same decision, but made on the answer before it changed: saved again, it counts as deciding on the
          // new answer (recompute-finals.ts), as the same decision sent again through the API or the form does.
          const since = staleSince.get(`${r.unitId}|${r.item.indicatorCode}`);
          if (since && d.decidedAt <= since) return true;
          if (r.item.decision !== 'adjust') return false;
          return !sameJson(d.value, r.item.value ?? null) || (r.item.points !== undefined && d.points !== r.item.points);
        });
        const byUnit = new Map<string, ParsedRow[]>();
        for (const r of changed) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
        for (const [unitId, rows] of byUnit) {
          try {
            await this.decisions.decideWithin(manager, actor, ctx, unitId, rows.map((r) => r.item));
          } catch (error) {
            if (!(error instanceof DomainException)) throw error;
            report.problems.push(...this.toProblems(error, rows));
          }
        }
        report.applied = changed.length;
        if (report.problems.length > 0) {
          report.applied = 0;
          throw new Rollback();
        }
        await progress(90);
        if (job.dryRun) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return report;
  }

  /** A refusal of one unit's decisions, each problem on the cell it is about (or on the unit's first row). */
  private toProblems(error: DomainException, rows: ParsedRow[]): ImportProblem[] {
    const details = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
    if (details.length === 0) {
      const r = rows[0].row;
      return [{ sheet: SHEETS.review, cell: `${COL_LETTER.unitCode}${r}`, row: r, column: COL_LETTER.unitCode, rule: error.code, message: `${rows[0].unitCode}: ${error.message}` }];
    }
    return details.map((d) => {
      const m = /^decisions\[(\d+)\]\.(\w+)$/.exec(d.field);
      const row = m ? rows[Number(m[1])] : rows[0];
      const column = COL_LETTER[(m && FIELD_COLUMN[m[2]]) || 'decision'];
      return { sheet: SHEETS.review, cell: `${column}${row.row}`, row: row.row, column, rule: d.rule, message: `${row.unitCode} ${d.message}` };
    });
  }
}
