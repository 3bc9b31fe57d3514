import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import type { ListAuditQuery } from '../audit/dto/list-audit.query';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { canGrantExtension, canRevokeExtension } from '../cycles/cycle.can';
import type { ParticipantView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import { GrantExtensionDto, RevokeExtensionDto } from '../cycles/dto/grant-extension.dto';
import { problemText } from './field-problem';
import { checkWithDto, formText, type FormBody } from './form-values';
import { localName, type MessageKey } from './i18n';
import { doneFlash, pageLang, pageT, submitForm } from './page-handler';
import { labelledRefusal } from './refusal';
import { APP_PREFIX } from './session';
import { formatDate } from './view-setup';
import { AppPage, renderPage } from './web-auth';

const extensionsUrl = (cycleId: string) => `${APP_PREFIX}/admin/cycles/${cycleId}/extensions`;

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

/**
 * The administrator's extensions of a unit's window in a cycle, on CyclesService and its rules: granted while the
 * cycle is open (in Vietnam time), revoked until it is published, each with a reason kept in the audit log.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminExtensionsPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly audit: AuditService,
  ) {}

  @Get('cycles/:cycleId/extensions')
  async extensions(@Param('cycleId', ParseIdPipe) cycleId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const flash = await doneFlash(formText(query.done), {
      granted: () => t('ca.granted', { unit: formText(query.unit), until: formText(query.until) }),
      revoked: () => t('ca.revoked', { unit: formText(query.unit) }),
    });
    await this.renderExtensions(res, cycleId, { flash, typed: { ...NO_GRANT, unitId: formText(query.unitId) } });
  }

  @Post('cycles/:cycleId/extensions')
  async grant(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const typed: GrantTyped = { unitId: formText(body.unitId), until: formText(body.until).trim(), reason: formText(body.reason).trim() };
    const label = (p: FieldProblem) => (p.field === 'until' || p.field === 'reason' ? t(`ca.field.${p.field}`) : p.field);
    const checked = await checkWithDto(GrantExtensionDto, { until: typed.until, reason: typed.reason });
    const problems = checked.problems.map((p) => `${label(p)}: ${problemText(t, p)}`);
    if (!isUUID(typed.unitId)) problems.unshift(t('ca.unitRequired'));
    if (problems.length) return this.renderExtensions(res, cycleId, { status: 422, typed, problems });
    await submitForm(res, {
      act: async () => {
        const granted = await this.cycles.grantExtension(actor, cycleId, typed.unitId, checked.dto);
        const params = new URLSearchParams({ done: 'granted', unit: `${granted.code} ${granted.nameVi}`, until: granted.extensionUntil ? formatDate(granted.extensionUntil) : '' });
        return `${extensionsUrl(cycleId)}?${params.toString()}`;
      },
      refused: (error) => labelledRefusal(error, t, label),
      again: ({ status, problems }) => this.renderExtensions(res, cycleId, { status, typed, problems }),
    });
  }

  /** Takes a unit's extension back (CyclesService.revokeExtension: refused once the cycle is published). */
  @Post('cycles/:cycleId/extensions/revoke')
  async revoke(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const revokeTyped: RevokeTyped = { unitId: formText(body.unitId), reason: formText(body.reason).trim() };
    const label = (p: FieldProblem) => (p.field === 'reason' ? t('ca.field.revokeReason') : p.field);
    const checked = await checkWithDto(RevokeExtensionDto, { reason: revokeTyped.reason });
    const problems = checked.problems.map((p) => `${label(p)}: ${problemText(t, p)}`);
    if (!isUUID(revokeTyped.unitId)) problems.unshift(t('ca.revokeUnitRequired'));
    if (problems.length) return this.renderExtensions(res, cycleId, { status: 422, typed: NO_GRANT, revokeTyped, problems });
    await submitForm(res, {
      act: async () => {
        const revoked = await this.cycles.revokeExtension(actor, cycleId, revokeTyped.unitId, checked.dto);
        const params = new URLSearchParams({ done: 'revoked', unit: `${revoked.code} ${revoked.nameVi}` });
        return `${extensionsUrl(cycleId)}?${params.toString()}`;
      },
      refused: (error) => {
        const refused = labelledRefusal(error, t, label);
        // Another administrator revoked it meanwhile: said in the page's words rather than the API's ids.
        return refused && error instanceof DomainException && error.code === ErrorCode.NotFound ? { ...refused, problems: [t('ca.noExtensionToRevoke')] } : refused;
      },
      again: ({ status, problems }) => this.renderExtensions(res, cycleId, { status, typed: NO_GRANT, revokeTyped, problems }),
    });
  }

  private async renderExtensions(
    res: Response,
    cycleId: string,
    options: { status?: number; flash?: string | null; typed: GrantTyped; revokeTyped?: RevokeTyped; problems?: string[] },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
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
