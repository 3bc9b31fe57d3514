import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import type { ListAuditQuery } from '../audit/dto/list-audit.query';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { canEditParticipants, canGrantExtension, canRevokeExtension } from '../cycles/cycle.can';
import type { ParticipantView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import { ChangeParticipantsDto } from '../cycles/dto/change-participants.dto';
import type { ParticipantDto } from '../cycles/dto/create-cycle.dto';
import { GrantExtensionDto, RevokeExtensionDto } from '../cycles/dto/grant-extension.dto';
import type { ListUnitsQuery } from '../units/dto/list-units.query';
import { UnitsService } from '../units/units.service';
import { Role } from '../auth/role';
import { problemText } from './field-problem';
import { checkWithDto, formText, type FormBody } from './form-values';
import { localName, type Lang, type MessageKey, type Translate } from './i18n';
import { refusalLines, serviceRefusal } from './refusal';
import { APP_PREFIX } from './session';
import { formatDate } from './view-setup';
import { AppPage, renderPage } from './web-auth';

const cycleUrl = (id: string) => `${APP_PREFIX}/admin/cycles/${id}`;

/** The values of a repeated form field (checkboxes): urlencoded bodies give a string for one, an array for more. */
export const formList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');

/** A refusal of a service (4xx) as its status and messages in the page's language; null for anything else (left to the error page). */
function refusal(error: unknown, label: (p: FieldProblem) => string, t: Translate): { status: number; messages: string[] } | null {
  const refused = serviceRefusal(error, t);
  return refused ? { status: refused.status, messages: refusalLines(refused, label) } : null;
}

interface GrantTyped {
  unitId: string;
  until: string;
  reason: string;
}

interface RevokeTyped {
  unitId: string;
  reason: string;
}

const NO_GRANT: GrantTyped = { unitId: '', until: '', reason: '' };
const NO_REVOKE: RevokeTyped = { unitId: '', reason: '' };

interface ParticipantsTyped {
  remove: string[];
  add: string[];
  codes: string;
  unranked: boolean;
}

/**
 * The administrator's pages of a cycle's units, on CyclesService and its rules: the participating units (add and
 * remove while the cycle is a draft or open) and the extensions of a unit's window (granted while open, in Vietnam
 * time, revoked until the cycle is published, each with a reason kept in the audit log).
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminCycleUnitsPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  @Get('cycles/:cycleId/participants')
  async participants(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const done = formText(query.done);
    const count = Number(formText(query.count)) || 0;
    const flash = done === 'removed' ? t('ca.removed', { count }) : done === 'added' ? t('ca.added', { count }) : null;
    await this.renderParticipants(res, cycleId, { flash });
  }

  @Post('cycles/:cycleId/participants/remove')
  async remove(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const typed: ParticipantsTyped = { remove: formList(body.remove), add: [], codes: '', unranked: false };
    if (typed.remove.length === 0) return this.renderParticipants(res, cycleId, { status: 422, typed, problems: [t('ca.nothingChosen')] });
    try {
      const checked = await checkWithDto(ChangeParticipantsDto, { remove: typed.remove });
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.cycles.setParticipants(actor, cycleId, [], checked.dto.remove ?? []);
      return res.redirect(303, `${cycleUrl(cycleId)}/participants?done=removed&count=${typed.remove.length}`);
    } catch (error) {
      const refused = refusal(error, (p) => p.field, t);
      if (!refused) throw error;
      await this.renderParticipants(res, cycleId, { status: refused.status, typed, problems: refused.messages });
    }
  }

  /** Adds the ticked candidates and the typed codes (each read as the unit valid on 31/12 of the cycle's year). */
  @Post('cycles/:cycleId/participants/add')
  async add(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
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
    try {
      const checked = await checkWithDto(ChangeParticipantsDto, { add });
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.cycles.setParticipants(actor, cycleId, checked.dto.add ?? [], []);
      return res.redirect(303, `${cycleUrl(cycleId)}/participants?done=added&count=${add.length}`);
    } catch (error) {
      // participants[2].unitId → the code or candidate the administrator chose third.
      const label = (p: FieldProblem) => chosen[Number(/\[(\d+)\]/.exec(p.field)?.[1] ?? -1)]?.label ?? p.field;
      const refused = refusal(error, label, t);
      if (!refused) throw error;
      await this.renderParticipants(res, cycleId, { status: refused.status, typed, problems: refused.messages });
    }
  }

  @Get('cycles/:cycleId/extensions')
  async extensions(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    let flash: string | null = null;
    if (formText(query.done) === 'granted') flash = t('ca.granted', { unit: formText(query.unit), until: formText(query.until) });
    if (formText(query.done) === 'revoked') flash = t('ca.revoked', { unit: formText(query.unit) });
    await this.renderExtensions(res, cycleId, { flash, typed: { ...NO_GRANT, unitId: formText(query.unitId) } });
  }

  @Post('cycles/:cycleId/extensions')
  async grant(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const typed: GrantTyped = { unitId: formText(body.unitId), until: formText(body.until).trim(), reason: formText(body.reason).trim() };
    const label = (p: FieldProblem) => (p.field === 'until' || p.field === 'reason' ? t(`ca.field.${p.field}`) : p.field);
    try {
      const checked = await checkWithDto(GrantExtensionDto, { until: typed.until, reason: typed.reason });
      const problems = checked.problems.map((p) => `${label(p)}: ${problemText(t, p)}`);
      if (!isUUID(typed.unitId)) problems.unshift(t('ca.unitRequired'));
      if (problems.length) return this.renderExtensions(res, cycleId, { status: 422, typed, problems });
      const granted = await this.cycles.grantExtension(actor, cycleId, typed.unitId, checked.dto);
      const params = new URLSearchParams({ done: 'granted', unit: `${granted.code} ${granted.nameVi}`, until: granted.extensionUntil ? formatDate(granted.extensionUntil) : '' });
      return res.redirect(303, `${cycleUrl(cycleId)}/extensions?${params.toString()}`);
    } catch (error) {
      const refused = refusal(error, label, t);
      if (!refused) throw error;
      await this.renderExtensions(res, cycleId, { status: refused.status, typed, problems: refused.messages });
    }
  }

  /** Takes a unit's extension back (CyclesService.revokeExtension: refused once the cycle is published). */
  @Post('cycles/:cycleId/extensions/revoke')
  async revoke(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const revokeTyped: RevokeTyped = { unitId: formText(body.unitId), reason: formText(body.reason).trim() };
    const label = (p: FieldProblem) => (p.field === 'reason' ? t('ca.field.revokeReason') : p.field);
    try {
      const checked = await checkWithDto(RevokeExtensionDto, { reason: revokeTyped.reason });
      const problems = checked.problems.map((p) => `${label(p)}: ${problemText(t, p)}`);
      if (!isUUID(revokeTyped.unitId)) problems.unshift(t('ca.revokeUnitRequired'));
      if (problems.length) return this.renderExtensions(res, cycleId, { status: 422, typed: NO_GRANT, revokeTyped, problems });
      const revoked = await this.cycles.revokeExtension(actor, cycleId, revokeTyped.unitId, checked.dto);
      const params = new URLSearchParams({ done: 'revoked', unit: `${revoked.code} ${revoked.nameVi}` });
      return res.redirect(303, `${cycleUrl(cycleId)}/extensions?${params.toString()}`);
    } catch (error) {
      const refused = refusal(error, label, t);
      if (!refused) throw error;
      // Another administrator revoked it meanwhile: said in the page's words rather than the API's ids.
      const messages = error instanceof DomainException && error.code === ErrorCode.NotFound ? [t('ca.noExtensionToRevoke')] : refused.messages;
      await this.renderExtensions(res, cycleId, { status: refused.status, typed: NO_GRANT, revokeTyped, problems: messages });
    }
  }

  private async renderParticipants(
    res: Response,
    cycleId: string,
    options: { status?: number; flash?: string | null; typed?: ParticipantsTyped; problems?: string[] },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
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

  private async renderExtensions(
    res: Response,
    cycleId: string,
    options: { status?: number; flash?: string | null; typed: GrantTyped; revokeTyped?: RevokeTyped; problems?: string[] },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const cycle = await this.cycles.get(cycleId);
    const participants = await this.cycles.participants(cycleId);
    const byId = new Map<string, ParticipantView>(participants.map((p) => [p.unitId, p]));
    const entries = async (action: string) =>
      (await this.audit.list({ entityType: 'cycle', entityId: cycleId, action, page: 1, pageSize: 100 } as ListAuditQuery)).items;
    // Grants and revocations, newest first (audit ids grow with time).
    const history = [...(await entries('cycle.extension')), ...(await entries('cycle.extension_revoke'))].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, 100);
    await renderPage(
      res,
      'app/admin-extensions.njk',
      {
        title: t('ca.extensionsTitle', { cycle: localName(cycle, lang) }),
        cycle,
        cycleName: localName(cycle, lang),
        open: canGrantExtension(cycle.phase),
        revocable: canRevokeExtension(cycle.phase),
        phaseName: t(`phase.${cycle.phase}` as MessageKey),
        participants,
        extended: participants.filter((p) => p.extensionUntil),
        history: history.map((e) => {
          const after = (e.after ?? {}) as { unitId?: string; extensionUntil?: string; reason?: string };
          const unit = after.unitId ? byId.get(after.unitId) : undefined;
          return {
            at: e.at,
            by: e.actorLabel,
            revoked: e.action === 'cycle.extension_revoke',
            unit: unit ? `${unit.code} ${unit.nameVi}` : (after.unitId ?? ''),
            until: after.extensionUntil ?? null,
            reason: after.reason ?? '',
          };
        }),
        typed: options.typed,
        revokeTyped: options.revokeTyped ?? NO_REVOKE,
        flash: options.flash ?? null,
        problems: (options.problems ?? []).map((message) => ({ message })),
      },
      options.status ?? 200,
    );
  }
}

