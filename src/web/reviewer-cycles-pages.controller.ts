import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { ParseIdPipe } from '../common/validators';
import type { CycleView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import { AssignmentsService, type UnitProgress } from '../reviews/assignments.service';
import { DecisionsService } from '../reviews/decisions.service';
import { reviewerCycleTask, type ReviewerCycleTask } from './home.model';
import { localName } from './i18n';
import { pageLang, pageT } from './page-handler';
import { reviewUrl, toDecideAgain } from './review-unit.model';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

/**
 * The reviewer's cycles (those with units assigned, with the decisions made) and the units assigned in one cycle
 * (AssignmentsService.workload), each with what waits to be decided again.
 */
@ApiExcludeController()
@AppPage(Role.Reviewer)
@Controller(`${APP_PREFIX}/review`)
export class ReviewerCyclesPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assignments: AssignmentsService,
    private readonly decisions: DecisionsService,
  ) {}

  @Get()
  async home(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const lang = pageLang(res);
    const rows: Array<{ cycle: CycleView; name: string; units: number; decided: number; total: number; href: string; task: ReviewerCycleTask }> = [];
    for (const cycle of (await this.cycles.list({ series: 'yearly', page: 1, pageSize: 200 } as ListCyclesQuery)).items) {
      const units = await this.assignments.workload(actor, cycle.id);
      if (!units.length) continue;
      rows.push({
        cycle,
        name: localName(cycle, lang),
        units: units.length,
        decided: units.reduce((s, u) => s + u.decided, 0),
        total: units.reduce((s, u) => s + u.indicators, 0),
        href: reviewUrl(cycle.id),
        // The units by name with what is still to decide (the home page's words).
        task: reviewerCycleTask(cycle.id, localName(cycle, lang), units),
      });
    }
    await renderPage(res, 'app/review-home.njk', { title: pageT(res)('review.title'), rows });
  }

  @Get('cycles/:cycleId')
  async cycleUnits(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    const cycle = await this.cycles.get(cycleId);
    const units: Array<UnitProgress & { href: string; lead: boolean; decideAgain: number }> = [];
    for (const u of await this.assignments.workload(actor, cycleId)) {
      // Stale final values are not in force: only a unit short of final values can have one to decide again.
      const decideAgain = u.finals < u.indicators ? toDecideAgain((await this.decisions.unitView(actor, cycleId, u.unitId)).indicators) : 0;
      units.push({ ...u, href: reviewUrl(cycleId, u.unitId), lead: u.reviewers.some((r) => r.reviewerId === actor.userId && r.isLead), decideAgain });
    }
    const cycleName = localName(cycle, pageLang(res));
    await renderPage(res, 'app/review-units.njk', { title: pageT(res)('review.unitsTitle', { cycle: cycleName }), cycle, units });
  }
}
