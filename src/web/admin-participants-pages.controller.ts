import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { ParseIdPipe } from '../common/validators';
import { canEditParticipants } from '../cycles/cycle.can';
import { CyclesService } from '../cycles/cycles.service';
import { ChangeParticipantsDto } from '../cycles/dto/change-participants.dto';
import type { ParticipantDto } from '../cycles/dto/create-cycle.dto';
import type { ListUnitsQuery } from '../units/dto/list-units.query';
import { UnitsService } from '../units/units.service';
import { formList } from './catalog-forms';
import { formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { labelledRefusal } from './refusal';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const participantsUrl = (cycleId: string) => `${APP_PREFIX}/admin/cycles/${cycleId}/participants`;

interface ParticipantsTyped {
  remove: string[];
  add: string[];
  codes: string;
  unranked: boolean;
}

/**
 * The administrator's participating units of a cycle, on CyclesService and its rules: added (ticked candidates or
 * typed codes) and removed while the cycle is a draft or open.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminParticipantsPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly units: UnitsService,
  ) {}

  @Get('cycles/:cycleId/participants')
  async participants(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const count = Number(formText(query.count)) || 0;
    const flash = await doneFlash(formText(query.done), { removed: () => t('ca.removed', { count }), added: () => t('ca.added', { count }) });
    await this.renderParticipants(res, cycleId, { flash });
  }

  @Post('cycles/:cycleId/participants/remove')
  async remove(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed: ParticipantsTyped = { remove: formList(body.remove), add: [], codes: '', unranked: false };
    if (typed.remove.length === 0) return this.renderParticipants(res, cycleId, { status: 422, typed, problems: [pageT(res)('ca.nothingChosen')] });
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(ChangeParticipantsDto, { remove: typed.remove });
        await this.cycles.setParticipants(actor, cycleId, [], dto.remove ?? []);
        return `${participantsUrl(cycleId)}?done=removed&count=${typed.remove.length}`;
      },
      refused: (error, t) => labelledRefusal(error, t, (p) => p.field),
      again: ({ status, problems }) => this.renderParticipants(res, cycleId, { status, typed, problems }),
    });
  }

  /** Adds the ticked candidates and the typed codes (each read as the unit valid on 31/12 of the cycle's year). */
  @Post('cycles/:cycleId/participants/add')
  async add(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const typed: ParticipantsTyped = { remove: [], add: formList(body.add), codes: formText(body.codes).trim(), unranked: formText(body.unranked) === 'true' };
    const cycle = await this.cycles.get(cycleId);
    const codes = [...new Set(typed.codes.split(/[\s,;]+/).filter(Boolean))];
    const chosen: { unitId: string; label: string }[] = typed.add.map((unitId) => ({ unitId, label: unitId }));
    const unknown: string[] = [];
    for (const code of codes.slice(0, 500)) {
      const found = code.length <= 32 ? await this.units.list({ code, validOn: `${cycle.year}-12-31`, page: 1, pageSize: 20 } as ListUnitsQuery) : null;
      const unit = found?.items.find((u) => u.level === cycle.level) ?? found?.items[0];
      if (unit) chosen.push({ unitId: unit.id, label: code });
      else unknown.push(t('ca.unknownCode', { code, year: cycle.year }));
    }
    if (unknown.length || chosen.length === 0) {
      return this.renderParticipants(res, cycleId, { status: 422, typed, problems: unknown.length ? unknown : [t('ca.nothingChosen')] });
    }
    const add: ParticipantDto[] = chosen.map((c) => (typed.unranked ? { unitId: c.unitId, ranked: false } : { unitId: c.unitId }));
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(ChangeParticipantsDto, { add });
        await this.cycles.setParticipants(actor, cycleId, dto.add ?? [], []);
        return `${participantsUrl(cycleId)}?done=added&count=${add.length}`;
      },
      // participants[2].unitId → the code or candidate the administrator chose third.
      refused: (error, t) => labelledRefusal(error, t, (p) => chosen[Number(/\[(\d+)\]/.exec(p.field)?.[1] ?? -1)]?.label ?? p.field),
      again: ({ status, problems }) => this.renderParticipants(res, cycleId, { status, typed, problems }),
    });
  }

  private async renderParticipants(
    res: Response,
    cycleId: string,
    options: { status?: number; flash?: string | null; typed?: ParticipantsTyped; problems?: string[] },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycle = await this.cycles.get(cycleId);
    const participants = await this.cycles.participants(cycleId);
    const taking = new Set(participants.map((p) => p.unitId));
    const candidates = await this.units.list({
      level: cycle.level,
      validOn: `${cycle.year}-12-31`,
      ...(cycle.scopeUnitId ? { parentId: cycle.scopeUnitId } : {}),
      page: 1,
      pageSize: 500,
    } as ListUnitsQuery);
    const typed = options.typed ?? { remove: [], add: [], codes: '', unranked: false };
    await renderPage(
      res,
      'app/admin-participants.njk',
      {
        title: t('ca.participantsTitle', { cycle: localName(cycle, lang) }),
        cycle,
        cycleName: localName(cycle, lang),
        changeable: canEditParticipants(cycle.phase),
        participants,
        candidates: candidates.items.filter((u) => !taking.has(u.id)).map((u) => ({ id: u.id, code: u.code, name: localName(u, lang) })),
        typed,
        flash: options.flash ?? null,
        problems: (options.problems ?? []).map((message) => ({ message })),
      },
      options.status ?? 200,
    );
  }
}
