import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CycleView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { NoticesService } from '../notices/notices.service';
import { submissionProgress, unitAnsweredCodes } from '../submissions/cycle-progress.queries';
import { progressRows, type ProgressRow } from './cycle-progress.model';

/**
 * A cycle's progress lines, read for the pages that show them (the administrator's progress page and its export, the
 * homes): the participants from CyclesService, their submissions' progress from the submissions' queries, their last
 * reminders from NoticesService.
 */
@Injectable()
export class CycleProgressReader {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly notices: NoticesService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The cycle and its participants' lines (or only this unit's), in no order. */
  async read(cycleIdOrView: string | CycleView, unitId?: string): Promise<{ cycle: CycleView; rows: ProgressRow[] }> {
    const cycle = typeof cycleIdOrView === 'string' ? await this.cycles.get(cycleIdOrView) : cycleIdOrView;
    const [participants, framework, reminders] = await Promise.all([
      this.cycles.participants(cycle.id),
      this.frameworks.get(cycle.frameworkId),
      this.notices.lastReminders(cycle.id),
    ]);
    const codes = unitAnsweredCodes(framework.document);
    const progress = await submissionProgress(this.db.manager, cycle.id, codes, unitId);
    const chosen = unitId ? participants.filter((p) => p.unitId === unitId) : participants;
    return { cycle, rows: progressRows(chosen, progress, reminders, codes.length, new Date(cycle.closesAt)) };
  }
}
