import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { CyclesService } from '../cycles/cycles.service';
import { CreateCycleDto } from '../cycles/dto/create-cycle.dto';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import type { ListFrameworksQuery } from '../frameworks/dto/list-frameworks.query';
import { FrameworksService } from '../frameworks/frameworks.service';
import { PublicationIntegrityService } from '../publications/publication-integrity.service';
import { UNIT_LEVELS } from '../units/unit-level';
import { formNumber, formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { pageLang, pageT, submitForm, validDto } from './page-handler';
import { refusalMessages } from './refusal';
import { APP_PREFIX } from './session';
import { formatDate } from './view-setup';
import { AppPage, renderPage } from './web-auth';

export const cycleUrl = (id: string) => `${APP_PREFIX}/admin/cycles/${id}`;
const CREATE_FIELDS = ['year', 'level', 'frameworkId', 'nameVi', 'nameEn', 'opensAt', 'closesAt'] as const;

/** The administrator's cycles: the list (with the scheduled integrity check's alerts) and the form to create one. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminCyclesPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly integrity: PublicationIntegrityService,
  ) {}

  @Get('cycles')
  async list(@Res() res: Response): Promise<void> {
    await this.renderCycles(res, {});
  }

  @Post('cycles')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed: Record<string, string> = Object.fromEntries(CREATE_FIELDS.map((f) => [f, formText(body[f]).trim()]));
    const plain: Record<string, unknown> = { ...typed, year: formNumber(typed.year) };
    if (!typed.nameEn) delete plain.nameEn;
    await submitForm(res, {
      act: async () => {
        const cycle = await this.cycles.create(actor, await validDto(CreateCycleDto, plain));
        return `${cycleUrl(cycle.id)}?done=created`;
      },
      refused: refusalMessages,
      again: (problems) => this.renderCycles(res, { status: 422, typed, problems }),
    });
  }

  private async renderCycles(res: Response, options: { status?: number; typed?: Record<string, string>; problems?: string[] }): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycles = await this.cycles.list({ series: 'yearly', page: 1, pageSize: 200 } as ListCyclesQuery);
    const frameworks = await this.frameworks.list({ page: 1, pageSize: 200 } as ListFrameworksQuery);
    // The scheduled check's alert, on the page an administrator opens first.
    const mismatched = await this.integrity.mismatched();
    const cycleNames = new Map(cycles.items.map((c) => [c.id, localName(c, lang)]));
    await renderPage(
      res,
      'app/admin-cycles.njk',
      {
        title: t('admin.cycles'),
        cycles: cycles.items.map((c) => ({ ...c, name: localName(c, lang), href: cycleUrl(c.id) })),
        integrityAlerts: mismatched.map((m) => ({
          href: cycleUrl(m.cycleId),
          text: t('ca.integrityLine', {
            cycle: cycleNames.get(m.cycleId) ?? `${m.year} ${m.level}`,
            version: m.version,
            count: m.problemCount,
            at: formatDate(m.checkedAt),
          }),
        })),
        frameworks: frameworks.items,
        levels: UNIT_LEVELS,
        typed: options.typed ?? { year: String(new Date().getFullYear() - 1), level: 'province', frameworkId: '', nameVi: '', nameEn: '', opensAt: '', closesAt: '' },
        problems: (options.problems ?? []).map((message) => ({ message })),
      },
      options.status ?? 200,
    );
  }
}
