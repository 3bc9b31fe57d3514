import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { ExportJobView } from '../exports/export-job.view';
import { ExportsService } from '../exports/exports.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { leafIndex } from '../frameworks/framework-tree';
import { PublicResultsService } from '../publications/public-results.service';
import { ObjectionsService } from '../reviews/objections.service';
import { ScoringService } from '../scoring/scoring.service';
import { WhatIfService } from '../analysis/what-if.service';
import type { SubmissionState } from '../submissions/submission.view';
import { SubmissionsService } from '../submissions/submissions.service';
import { UnitsService } from '../units/units.service';
import { localName, type Lang, type Translate } from './i18n';
import { cycleWithFramework, shownReviewedScores, unitCycleUrl } from './officer-results.model';
import { formChanges, sentValues, whatIfFields, whatIfView } from './officer-what-if.model';
import { pageLang, pageT, UnitCycle, type UnitCycleIds } from './page-handler';
import { displayValue, localized } from './self-assessment.model';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';
import { rankingGroupName } from '../publications/ranking-groups';

const EXPORT_PENDING = new Set(['queued', 'running']);

function nodeName(nodes: FrameworkNode[], code: string, lang: Lang): string | null {
  for (const node of nodes) {
    if (node.code === code) return localized(node.name, lang);
    const found = node.children ? nodeName(node.children, code, lang) : null;
    if (found) return found;
  }
  return null;
}

/** Points given by hand (a hand-scored leaf has no value, only points). */
function pointsText(points: number | null | undefined, lang: Lang, t: Translate): string | null {
  return points === null || points === undefined ? null : t('ofc.card.pointsGiven', { points: displayValue(points, lang, t) });
}

/**
 * The officer's score card after publication: the unit's results from the publication's stored results
 * (PublicResultsService, the public API's) next to its self, reviewed and final values, with its workbook
 * (ExportsService).
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerScoreCardPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly units: UnitsService,
    private readonly submissions: SubmissionsService,
    private readonly objections: ObjectionsService,
    private readonly scoring: ScoringService,
    private readonly publicResults: PublicResultsService,
    private readonly exports: ExportsService,
    private readonly whatIfs: WhatIfService,
  ) {}

  @Get('cycles/:cycleId/units/:unitId/score-card')
  async scoreCard(@CurrentActor() actor: Actor, @UnitCycle() ids: UnitCycleIds, @Query('export') exportId: unknown, @Res() res: Response): Promise<void> {
    await this.render(actor, ids, exportId, {}, res);
  }

  /**
   * The what-if as a plain form (#22 point 5): the fields that differ from the published values are the changes,
   * scored by WhatIfService; the score card again with the result (nothing is stored, so no redirect), or with the
   * refusal beside the form. public/what-if.js posts the same form and puts the result in place.
   */
  @Post('cycles/:cycleId/units/:unitId/score-card/what-if')
  @HttpCode(200)
  async whatIf(@CurrentActor() actor: Actor, @UnitCycle() ids: UnitCycleIds, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.render(actor, ids, undefined, sentValues(body ?? {}), res);
  }

  /** The score card; with `sent` (the what-if form's fields), the what-if of the values that differ from the published. */
  private async render(actor: Actor, { cycleId, unitId }: UnitCycleIds, exportId: unknown, sent: Record<string, string>, res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const { cycle, framework } = await cycleWithFramework(this.cycles, this.frameworks, cycleId);
    const unit = await this.units.get(unitId);
    const unitName = localName(unit, lang);
    const base = unitCycleUrl(cycleId, unitId);
    const page = {
      title: `${t('ofc.card.title', { year: cycle.year })} · ${unitName}`,
      heading: t('ofc.card.title', { year: cycle.year }),
      unitName,
      cycleName: localName(cycle, lang),
      cycle,
      urls: { cycles: `${APP_PREFIX}/units/${unitId}/cycles`, form: base, workbook: `${base}/score-card/workbook` },
    };
    const publication = await this.publicationOf(cycle.year, cycle.level, cycleId);
    if (!publication) return renderPage(res, 'app/officer-score-card.njk', { ...page, published: false });
    const card = await this.publicResults.scoreCard(publication.year, publication.level, unit.code, publication.version);
    const state: SubmissionState = await this.submissions.state(actor, cycleId, unitId);
    const reviewed = new Map((await shownReviewedScores(this.objections, actor, cycleId, unitId))?.map((s) => [s.indicatorCode, s]) ?? []);
    // The values the published run scored: the cycle's final inputs of this unit (the published cycle takes no writes).
    const inputs = await this.scoring.unitInputs(cycleId, unit.code);
    const leaves = leafIndex(framework);
    const lines = card.lines.map((line) => {
      const leaf: FrameworkNode | undefined = line.leaf ? leaves.get(line.code)?.node : undefined;
      const manual = leaf?.scoring?.rule === 'manual';
      const answer = state.answers[line.code];
      const r = reviewed.get(line.code);
      const show = (value: RawValue | undefined) => (leaf && !manual ? displayValue(value ?? null, lang, t, leaf) : null);
      return {
        ...line,
        name: leaf ? localized(leaf.name, lang) : (nodeName(framework.nodes, line.code, lang) ?? line.nameVi),
        self: line.leaf ? (manual ? pointsText(answer?.selfPoints, lang, t) : answer ? show(answer.value) : null) : null,
        reviewed: line.leaf ? (r?.reviewed ? (manual ? pointsText(r.reviewed.points, lang, t) : show(r.reviewed.value)) : null) : null,
        final: line.leaf ? (manual ? pointsText(inputs?.manualPoints?.[line.code], lang, t) : show(inputs?.values[line.code])) : null,
      };
    });
    const whatIf = await this.whatIfOf(actor, cycleId, unit.code, leaves, inputs?.values ?? {}, inputs?.manualPoints ?? {}, sent, res);
    let exportJob: ExportJobView | null = null;
    if (typeof exportId === 'string' && /^[0-9a-f-]{36}$/i.test(exportId)) {
      // An export the officer may not see (or none) is as if not asked for: the page offers to make one.
      const job = await this.exports.get(actor, exportId).catch((error: unknown) => {
        if (error instanceof DomainException) return null;
        throw error;
      });
      if (job && job.kind === 'score_card' && job.params.publicationId === publication.id && job.params.unitCode === unit.code) exportJob = job;
    }
    const pending = exportJob !== null && EXPORT_PENDING.has(exportJob.status);
    await renderPage(res, 'app/officer-score-card.njk', {
      ...page,
      published: true,
      publication,
      card,
      groupName: card.unit.unitGroup ? rankingGroupName(card.unit.unitGroup)[lang] : null,
      lines,
      pillars: Object.entries(card.pillars ?? {}).map(([code, p]) => ({
        code,
        name: localized(framework.pillars?.find((x) => x.code === code)?.name, lang) || code,
        ...p,
      })),
      exportJob,
      exportPending: pending,
      downloadUrl: exportJob?.status === 'succeeded' ? `${base}/score-card/workbook/${exportJob.id}` : null,
      publicUrl: `/rankings/${publication.year}/${publication.level}`,
      whatIf: { ...whatIf, action: `${base}/score-card/what-if#what-if-result`, reset: `${base}/score-card#what-if` },
      script: pending
        ? {
            api: `/api/v1/exports/${exportJob!.id}`,
            csrfToken: res.locals.csrfToken as string,
            statuses: Object.fromEntries(['queued', 'running', 'succeeded', 'failed'].map((s) => [s, t(`ofc.card.export.${s}` as 'ofc.card.export.queued')])),
          }
        : null,
    });
  }

  /** Asks for the score-card workbook of the latest publication (ExportsService: its access rules, one job per request key). */
  @Post('cycles/:cycleId/units/:unitId/score-card/workbook')
  async requestWorkbook(@CurrentActor() actor: Actor, @UnitCycle() { cycleId, unitId }: UnitCycleIds, @Res() res: Response): Promise<void> {
    const cycle = await this.cycles.get(cycleId);
    const unit = await this.units.get(unitId);
    const publication = await this.publicationOf(cycle.year, cycle.level, cycleId);
    if (!publication) throw DomainException.conflict(`the ${cycle.year} cycle is not published yet`);
    const { job } = await this.exports.request(actor, { kind: 'score_card', publicationId: publication.id, unitCode: unit.code });
    res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/score-card?export=${job.id}#workbook`);
  }

  @Get('cycles/:cycleId/units/:unitId/score-card/workbook/:exportId')
  async downloadWorkbook(
    @CurrentActor() actor: Actor,
    @UnitCycle() { cycleId, unitId }: UnitCycleIds,
    @Param('exportId', ParseIdPipe) exportId: string,
    @Res() res: Response,
  ): Promise<void> {
    const unit = await this.units.get(unitId);
    const job = await this.exports.get(actor, exportId);
    // A score card of this unit from a publication (any version) of this cycle's year and level.
    const cycle = await this.cycles.get(cycleId);
    const edition = (await this.publicResults.editions()).find((e) => e.year === cycle.year && e.level === cycle.level);
    const ofThisCycle = edition?.versions.some((v) => v.publicationId === job.params.publicationId) ?? false;
    if (job.kind !== 'score_card' || !ofThisCycle || job.params.unitCode !== unit.code) throw DomainException.notFound('export', exportId);
    const file = await this.exports.download(actor, exportId);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    file.stream.pipe(res);
  }

  /**
   * The what-if section: its fields (the sent values, else the published ones) and, when the form was sent, the
   * result of the fields that differ from the published values, or the refusal (a value the leaf refuses) in words.
   */
  private async whatIfOf(
    actor: Actor,
    cycleId: string,
    unitCode: string,
    leaves: ReturnType<typeof leafIndex>,
    values: Record<string, RawValue>,
    manualPoints: Record<string, number>,
    sent: Record<string, string>,
    res: Response,
  ) {
    const t = pageT(res);
    const lang = pageLang(res);
    const fields = whatIfFields(leaves, values, manualPoints, sent, lang, t);
    if (Object.keys(sent).length === 0) return { fields, result: null, refusal: null };
    const published = Object.fromEntries(whatIfFields(leaves, values, manualPoints, {}, lang, t).map((f) => [f.code, f.value]));
    const changes = formChanges(fields, published);
    try {
      const answer = await this.whatIfs.whatIf(actor, cycleId, unitCode, changes);
      return { fields, result: whatIfView(answer, leaves, Object.keys(changes), lang, t), refusal: null };
    } catch (error) {
      if (!(error instanceof DomainException) || error.code !== ErrorCode.ValidationFailed) throw error;
      res.status(422);
      // The engine's message is English: the page names the indicators, each beside its rule.
      const problems = Array.isArray(error.details) ? error.details.map((d) => `${d.field.replace(/^values\./, '')} (${d.rule})`) : [];
      return { fields, result: null, refusal: t('ofc.whatIf.refused', { codes: problems.join(', ') }) };
    }
  }

  /** The latest publication of the cycle's year and level, if it is this cycle's. */
  private async publicationOf(year: number, level: string, cycleId: string) {
    try {
      const publication = await this.publicResults.publication(year, level);
      return publication.cycleId === cycleId ? publication : null;
    } catch (error) {
      if (error instanceof DomainException && error.code === ErrorCode.NotFound) return null;
      throw error;
    }
  }
}
