import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role, ROLES } from '../auth/role';
import { InjectClock, type Clock } from '../common/clock';
import { CyclePhase } from '../cycles/cycle-phase';
import type { CycleView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import { NoticesService } from '../notices/notices.service';
import { AssignmentsService } from '../reviews/assignments.service';
import { summarize } from './cycle-progress.model';
import { CycleProgressReader } from './cycle-progress.reader';
import { officerTask, reviewerCycleTask, type AdminCycleTask, type OfficerTask, type ReviewerCycleTask } from './home.model';
import { localName, type Lang } from './i18n';
import { progressUrl } from './admin-cycle-progress-page.controller';
import { pageLang, pageT } from './page-handler';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

/**
 * The home page of the signed-in: what waits for them now. An officer sees the unit's open cycles with the deadline
 * and how far the unit has come, and the notices sent to the unit; a reviewer the units to review with what is still
 * to decide; an administrator the open cycles with how many units have submitted.
 */
@ApiExcludeController()
@AppPage(...ROLES)
@Controller(APP_PREFIX)
export class HomePageController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly progressOf: CycleProgressReader,
    private readonly notices: NoticesService,
    private readonly assignments: AssignmentsService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  @Get()
  async home(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const all = (await this.cycles.list({ series: 'yearly', page: 1, pageSize: 200 } as ListCyclesQuery)).items;
    const model: Record<string, unknown> = { title: t('home.title'), officer: null, reviewer: null, admin: null };
    if (actor.role === Role.Officer && actor.unitId) model.officer = await this.officerHome(all, actor.unitId, lang);
    if (actor.role === Role.Reviewer) model.reviewer = await this.reviewerHome(all, actor, lang);
    if (actor.role === Role.Admin) model.admin = await this.adminHome(all, lang);
    await renderPage(res, 'app/home.njk', model);
  }

  private async officerHome(all: CycleView[], unitId: string, lang: Lang) {
    const now = this.clock.now();
    const tasks: OfficerTask[] = [];
    for (const cycle of all.filter((c) => c.phase === CyclePhase.Open)) {
      const [row] = (await this.progressOf.read(cycle, unitId)).rows;
      if (row) tasks.push(officerTask(cycle, localName(cycle, lang), row, now));
    }
    const names = new Map(all.map((c) => [c.id, localName(c, lang)]));
    const notices = (await this.notices.forUnit(unitId)).map((n) => ({ ...n, cycleName: names.get(n.cycleId) ?? '' }));
    return { tasks: tasks.sort((a, b) => a.deadline.getTime() - b.deadline.getTime()), notices, cyclesHref: `${APP_PREFIX}/units/${unitId}/cycles` };
  }

  private async reviewerHome(all: CycleView[], actor: Actor, lang: Lang) {
    const tasks: ReviewerCycleTask[] = [];
    for (const cycle of all.filter((c) => c.phase === CyclePhase.Review)) {
      const workload = await this.assignments.workload(actor, cycle.id);
      if (workload.length) tasks.push(reviewerCycleTask(cycle.id, localName(cycle, lang), workload));
    }
    return { tasks, reviewHref: `${APP_PREFIX}/review` };
  }

  private async adminHome(all: CycleView[], lang: Lang) {
    const tasks: AdminCycleTask[] = [];
    for (const cycle of all.filter((c) => c.phase === CyclePhase.Open)) {
      const { rows } = await this.progressOf.read(cycle);
      tasks.push({ cycleId: cycle.id, name: localName(cycle, lang), closesAt: cycle.closesAt, summary: summarize(rows), href: progressUrl(cycle.id) });
    }
    return { tasks, cyclesHref: `${APP_PREFIX}/admin/cycles` };
  }
}
