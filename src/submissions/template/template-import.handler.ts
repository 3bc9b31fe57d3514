import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { readWorkbookSafely } from '../../workbooks/safe-workbook';
import type { ImportReport } from '../import-job.entity';
import { checkAnswers } from '../answer-check';
import { ImportHandlerRegistry, type ImportRun } from '../imports/import-handler.registry';
import { SubmissionsService } from '../submissions.service';
import { parseSubmissionTemplate } from './parse-template';

/**
 * Applies a filled self-assessment template: every answer in one transaction, or none and a report of every bad
 * cell. A template made from an older version of the submission is refused: answers saved since would be lost.
 */
@Injectable()
export class TemplateImportHandler implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: SubmissionsService,
    private readonly audit: AuditService,
    private readonly registry: ImportHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('template', (run) => this.run(run));
  }

  async run({ job, actor, file, progress }: ImportRun): Promise<ImportReport> {
    const workbook = await readWorkbookSafely(file);
    await progress(40);
    const unitId = job.unitId as string;
    return this.db.transaction(async (manager) => {
      const ctx = await this.submissions.context(manager, job.cycleId, unitId, { write: true });
      const parsed = parseSubmissionTemplate(workbook, { framework: ctx.framework, cycleId: job.cycleId, unitId });
      const answers = Object.entries(parsed.answers).map(([indicatorCode, a]) => ({ indicatorCode, value: a.value, note: a.note }));
      const report: ImportReport = { read: answers.length, applied: 0, problems: [...parsed.problems] };
      if (report.problems.length === 0) {
        const checked = checkAnswers(ctx.framework, answers);
        report.problems.push(...checked.problems.map((p) => ({ sheet: 'Tự đánh giá', rule: p.rule, message: p.message })));
      }
      if (report.problems.length === 0 && parsed.basedOnVersion !== null && parsed.basedOnVersion !== ctx.submission.version) {
        report.problems.push({
          sheet: '_meta',
          rule: 'stale-template',
          message: `the template was made from version ${parsed.basedOnVersion} of the submission, which is now at version ${ctx.submission.version}: download a new template so that no saved answer is lost`,
        });
      }
      if (report.problems.length > 0) return report;
      await progress(70);
      if (job.dryRun) return { ...report, applied: answers.length };
      this.submissions.assertWritable(ctx);
      const written = await this.submissions.applyAnswers(manager, actor, ctx, ctx.submission.version, answers);
      await this.audit.record(manager, actor, {
        action: 'submission.import',
        entityType: 'submission',
        entityId: ctx.submission.id,
        unitId: ctx.submission.unitId,
        before: { version: ctx.submission.version },
        after: { version: ctx.submission.version + 1, importJobId: job.id, answers: written.length },
      });
      return { ...report, applied: written.length };
    });
  }
}
