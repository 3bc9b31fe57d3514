import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { ParseIdPipe } from '../common/validators';
import { hasOpened } from '../cycles/cycle.can';
import type { CycleView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import { SubmissionsService } from '../submissions/submissions.service';
import { UnitsService } from '../units/units.service';
import type { ProgressRow } from './cycle-progress.model';
import { CycleProgressReader } from './cycle-progress.reader';
import { localName } from './i18n';
import { pageLang, pageT } from './page-handler';
import { formUrl } from './self-assessment.page';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

/** The officer's list of the unit's cycles, each with its self-assessment's status and a link to its form. */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerCyclesPageController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly submissions: SubmissionsService,
    private readonly units: UnitsService,
    private readonly progressOf: CycleProgressReader,
  ) {}

  @Get('units/:unitId/cycles')
  async unitCycles(@CurrentActor() actor: Actor, @Param('unitId', ParseIdPipe) unitId: string, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const unit = await this.units.get(unitId);
    const all = await this.cycles.list({ series: 'yearly', page: 1, pageSize: 200 } as ListCyclesQuery);
    const rows: Array<{ cycle: CycleView; name: string; status: string | null; href: string; progress: ProgressRow | null }> = [];
    for (const cycle of all.items) {
      if (!(await this.cycles.participants(cycle.id)).some((p) => p.unitId === unitId)) continue;
      const status = !hasOpened(cycle.phase) ? null : (await this.submissions.state(actor, cycle.id, unitId)).submission.status;
      // The unit's own deadline (its extension) and how far it has come, as on the home page.
      const [progress] = (await this.progressOf.read(cycle, unitId)).rows;
      rows.push({ cycle, name: localName(cycle, lang), status, href: formUrl({ cycleId: cycle.id, unitId }), progress: progress ?? null });
    }
    const unitName = localName(unit, lang);
    await renderPage(res, 'app/officer-cycles.njk', { title: t('cycles.title', { unit: unitName }), unitName, rows });
  }
}
