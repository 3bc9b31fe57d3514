import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { leafIndex } from '../frameworks/framework-tree';
import { CreateObjectionDto } from '../reviews/dto/objection.dto';
import { ObjectionsService } from '../reviews/objections.service';
import { SubmissionsService } from '../submissions/submissions.service';
import { UnitsService } from '../units/units.service';
import { formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { cycleWithFramework, officerRefusal, shownReviewedScores, unitCycleUrl, type PageRefusal } from './officer-results.model';
import { doneFlash, pageLang, pageT, submitForm, UnitCycle, validDto, type UnitCycleIds } from './page-handler';
import { officerReviewNote } from './phase-note';
import { displayValue, evidenceItems, localized } from './self-assessment.model';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

interface ObjectionFormState {
  values: Record<string, string>;
  refused: PageRefusal;
}

interface ReviewOptions {
  status?: number;
  flash?: string | null;
  form?: ObjectionFormState;
  problems?: Array<{ message: string; href?: string }>;
}

/**
 * The officer's reviewed scores next to the self ones, with the objection form while the window is open
 * (ObjectionsService, which owns the window's rules and says where it stands).
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerReviewPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly units: UnitsService,
    private readonly submissions: SubmissionsService,
    private readonly objections: ObjectionsService,
  ) {}

  @Get('cycles/:cycleId/units/:unitId/review')
  async review(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Query('done') done: unknown, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    await this.renderReview(res, actor, at, { flash: await doneFlash(done, { objected: () => t('ofc.rev.objected') }) });
  }

  /** An objection to a reviewed score: CreateObjectionDto, then ObjectionsService (which owns the window's rules). */
  @Post('cycles/:cycleId/units/:unitId/review/objections')
  async object(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const values = { indicatorCode: formText(body.indicatorCode), reason: formText(body.reason), evidenceId: formText(body.evidenceId) };
    await submitForm(res, {
      act: async () => {
        const plain: Record<string, unknown> = { indicatorCode: values.indicatorCode, reason: values.reason.trim() === '' ? undefined : values.reason };
        if (values.evidenceId) plain.evidenceId = values.evidenceId;
        await this.objections.create(actor, at.cycleId, at.unitId, await validDto(CreateObjectionDto, plain));
        return `${unitCycleUrl(at.cycleId, at.unitId)}/review?done=objected#objections`;
      },
      refused: officerRefusal,
      again: (refused) =>
        this.renderReview(res, actor, at, { status: refused.status, form: { values, refused }, problems: [{ message: refused.message, href: '#objection-form' }] }),
    });
  }

  private async renderReview(res: Response, actor: Actor, { cycleId, unitId }: UnitCycleIds, options: ReviewOptions): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const { cycle, framework } = await cycleWithFramework(this.cycles, this.frameworks, cycleId);
    const leaves = leafIndex(framework);
    const scores = await shownReviewedScores(this.objections, actor, cycleId, unitId);
    const objections = await this.objections.list(actor, cycleId, { unitId });
    const state = await this.submissions.state(actor, cycleId, unitId);
    const window = await this.objections.window(cycleId);
    const unitName = localName(await this.units.get(unitId), lang);
    const nameOf = (code: string) => {
      const leaf = leaves.get(code)?.node;
      return leaf ? localized(leaf.name, lang) : code;
    };
    const rows = (scores ?? []).map((s) => {
      const leaf = leaves.get(s.indicatorCode)?.node;
      return {
        code: s.indicatorCode,
        name: nameOf(s.indicatorCode),
        maxPoints: s.maxPoints,
        selfValue: leaf?.scoring?.rule === 'manual' ? null : displayValue(s.self.value, lang, t, leaf),
        selfPoints: s.self.points,
        reviewedValue: s.reviewed && leaf?.scoring?.rule !== 'manual' ? displayValue(s.reviewed.value, lang, t, leaf) : null,
        reviewedPoints: s.reviewed?.points ?? null,
        reviewed: s.reviewed !== null,
        method: s.reviewed?.method ?? null,
        changed: s.reviewed !== null && s.reviewed.points !== s.self.points,
        objections: s.objections,
      };
    });
    const openObjection = new Set(objections.filter((o) => o.status === 'open').map((o) => o.indicatorCode));
    const evidence = Object.entries(state.evidence).flatMap(([code, list]) => evidenceItems(list, cycleId, unitId).map((e) => ({ ...e, code })));
    await renderPage(
      res,
      'app/officer-review.njk',
      {
        title: `${t('ofc.rev.title')} · ${unitName}`,
        unitName,
        cycleName: localName(cycle, lang),
        cycle,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        shown: scores !== null,
        rows,
        window: window.state,
        phaseNote: officerReviewNote(cycle.phase, window, t),
        openAt: window.openAt,
        closeAt: window.closeAt,
        objectable: rows.filter((r) => r.reviewed && !openObjection.has(r.code)),
        evidence,
        objections: objections.map((o) => {
          const leaf = leaves.get(o.indicatorCode)?.node;
          return {
            ...o,
            name: nameOf(o.indicatorCode),
            oldPointsText: o.oldPoints,
            newPointsText: o.newPoints,
            newValueText: o.status === 'accepted' && leaf?.scoring?.rule !== 'manual' ? displayValue(o.newValue, lang, t, leaf) : null,
          };
        }),
        form: options.form ?? null,
        urls: { cycles: `${APP_PREFIX}/units/${unitId}/cycles`, form: unitCycleUrl(cycleId, unitId), object: `${unitCycleUrl(cycleId, unitId)}/review/objections` },
      },
      options.status ?? 200,
    );
  }
}
