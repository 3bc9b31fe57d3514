import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { Answer } from '../answer.entity';
import { SubmissionsService } from '../submissions.service';
import { buildSubmissionTemplate } from './build-template';

@Injectable()
export class TemplateService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: SubmissionsService,
  ) {}

  /** The unit's template with its current answers and the submission version they were read at. */
  async download(actor: Actor, cycleId: string, unitId: string): Promise<{ fileName: string; content: Buffer }> {
    await this.submissions.assertCanRead(this.db.manager, actor, cycleId, unitId);
    return this.db.transaction(async (manager) => {
      const ctx = await this.submissions.context(manager, cycleId, unitId);
      const answers = await manager.findBy(Answer, { submissionId: ctx.submission.id });
      const unit = ctx.participant.unit;
      const content = await buildSubmissionTemplate({
        framework: ctx.framework,
        cycle: { id: ctx.cycle.id, year: ctx.cycle.year, nameVi: ctx.cycle.nameVi },
        unit: { id: unitId, code: unit?.code ?? '', nameVi: unit?.nameVi ?? '' },
        submissionVersion: ctx.submission.version,
        answers: Object.fromEntries(answers.map((a) => [a.indicatorCode, { value: a.value, note: a.note }])),
      });
      return { fileName: `tu-danh-gia-${ctx.framework.code.toLowerCase()}-${ctx.cycle.year}-${unit?.code ?? unitId}.xlsx`, content };
    });
  }
}
