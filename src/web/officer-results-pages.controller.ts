import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { ParseIdPipe } from '../common/validators';
import { CyclePhase } from '../cycles/cycle-phase';
import type { FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { UploadedEvidenceFile } from '../submissions/store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import type { ExportJobView } from '../exports/export-job.view';
import { ExportsService } from '../exports/exports.service';
import { leafIndex } from '../frameworks/framework-tree';
import { PublicResultsService } from '../publications/public-results.service';
import { ClarificationsService } from '../reviews/clarifications.service';
import { PostMessageDto } from '../reviews/dto/clarification.dto';
import { CreateObjectionDto } from '../reviews/dto/objection.dto';
import { ObjectionsService, type ReviewedScore } from '../reviews/objections.service';
import { ReviewScope } from '../reviews/review-scope';
import { ReviewUploadChecks } from '../reviews/upload-checks';
import { loadScoreInputs } from '../scoring/score-inputs';
import { AddEvidenceDto } from '../submissions/dto/add-evidence.dto';
import type { SubmissionState } from '../submissions/submission.view';
import { SubmissionsService } from '../submissions/submissions.service';
import { UnitsService } from '../units/units.service';
import { Role } from '../auth/role';
import { checkWithDto, formText, type FormBody } from './form-values';
import { localName, type Lang, type Translate } from './i18n';
import { officerRefusal, unitCycleUrl, type PageRefusal } from './officer-results.model';
import { megabytes, PageUploadInterceptor, uploadTooLarge } from './page-upload';
import { displayValue, evidenceItems, localized, type EvidenceItem } from './self-assessment.model';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { AppPage, renderPage } from './web-auth';

/** What a clarification form held when the service refused it: shown again under its thread. */
interface ThreadFormState {
  code: string;
  form: 'answer' | 'file' | 'link';
  values: Record<string, string>;
  refused: PageRefusal;
  /** The file input's own error (a file over the size limit), shown at the field. */
  fileError?: string;
}

interface ObjectionFormState {
  values: Record<string, string>;
  refused: PageRefusal;
}

type WindowState = 'none' | 'upcoming' | 'open' | 'closed';

const EXPORT_PENDING = new Set(['queued', 'running']);

/**
 * The officer's pages after submission, on the review and publication services: the clarification threads of the unit
 * (ClarificationsService: answer, add a file or a link while a reviewer asks), the reviewed scores next to the self ones
 * with the objection form while the window is open (ObjectionsService), and after publication the unit's score card
 * from the publication's stored results (PublicResultsService, the public API's) with its workbook (ExportsService).
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerResultsPagesController {
  constructor(
    private readonly clarifications: ClarificationsService,
    @InjectDataSource() private readonly db: DataSource,
    @InjectClock() private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly submissions: SubmissionsService,
    private readonly objections: ObjectionsService,
    private readonly scope: ReviewScope,
    private readonly publicResults: PublicResultsService,
    private readonly exports: ExportsService,
    private readonly config: AppConfig,
  ) {}

  // ---- clarifications ---------------------------------------------------------------------------------------------

  @Get('cycles/:cycleId/units/:unitId/clarifications')
  async threads(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query('done') done: unknown,
    @Query('code') code: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const shown = typeof code === 'string' ? code.slice(0, 64) : '';
    const flash = done === 'answered' ? t('ofc.clar.answered', { code: shown }) : done === 'evidence' ? t('ofc.clar.evidenceAdded', { code: shown }) : null;
    await this.renderThreads(res, actor, cycleId, unitId, { flash });
  }

  /** An answer in an open thread, checked by the API's PostMessageDto, then ClarificationsService. */
  @Post('cycles/:cycleId/units/:unitId/clarifications')
  async answer(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const values = { indicatorCode: formText(body.indicatorCode), body: formText(body.body) };
    try {
      const checked = await checkWithDto(PostMessageDto, { indicatorCode: values.indicatorCode, body: values.body.trim() === '' ? undefined : values.body });
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.clarifications.post(actor, cycleId, unitId, checked.dto.indicatorCode, checked.dto.body);
      return res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/clarifications?done=answered&code=${encodeURIComponent(values.indicatorCode)}#th-${encodeURIComponent(values.indicatorCode)}`);
    } catch (error) {
      await this.threadRefused(res, actor, cycleId, unitId, error, { code: values.indicatorCode, form: 'answer', values }, t);
    }
  }

  /** A link as evidence of the indicator in question (AddEvidenceDto, as the API's clarifications/evidence). */
  @Post('cycles/:cycleId/units/:unitId/clarifications/evidence')
  async addLink(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const values = { indicatorCode: formText(body.indicatorCode), url: formText(body.url).trim(), label: formText(body.label).trim() };
    try {
      const plain: Record<string, unknown> = { indicatorCode: values.indicatorCode, kind: 'link' };
      if (values.url) plain.url = values.url;
      if (values.label) plain.label = values.label;
      const checked = await checkWithDto(AddEvidenceDto, plain);
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.clarifications.addEvidence(actor, cycleId, unitId, checked.dto.indicatorCode, { reference: checked.dto });
      return res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/clarifications?done=evidence&code=${encodeURIComponent(values.indicatorCode)}#th-${encodeURIComponent(values.indicatorCode)}`);
    } catch (error) {
      await this.threadRefused(res, actor, cycleId, unitId, error, { code: values.indicatorCode, form: 'link', values }, t);
    }
  }

  /**
   * A file as evidence (multipart, field `file`, the evidence storage engine and limits; ?_csrf= checked first). A
   * file over UPLOAD_MAX_BYTES comes back to its thread, the limit named at the field; nothing stored.
   */
  @Post('cycles/:cycleId/units/:unitId/clarifications/evidence/files')
  @UseInterceptors(UploadGate(ReviewUploadChecks, 'clarification'), PageUploadInterceptor(FileInterceptor('file')))
  async addFile(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const code = formText(body.indicatorCode);
    if (uploadTooLarge(req)) {
      const message = t('evidence.tooLarge', { limit: megabytes(this.config.UPLOAD_MAX_BYTES, res.locals.lang as Lang) });
      const refused: PageRefusal = { status: 413, message, fields: [] };
      return this.renderThreads(res, actor, cycleId, unitId, { status: 413, form: { code, form: 'file', values: {}, refused, fileError: message }, problems: [{ message, href: `#cf-${code}` }] });
    }
    try {
      if (!file) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('evidence.fileMissing') }]);
      await this.clarifications.addEvidence(actor, cycleId, unitId, code, { file: { originalName: file.originalname, stored: file.stored } });
      return res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/clarifications?done=evidence&code=${encodeURIComponent(code)}#th-${encodeURIComponent(code)}`);
    } catch (error) {
      await this.threadRefused(res, actor, cycleId, unitId, error, { code, form: 'file', values: {} }, t);
    }
  }

  private async threadRefused(res: Response, actor: Actor, cycleId: string, unitId: string, error: unknown, form: Omit<ThreadFormState, 'refused'>, t: Translate): Promise<void> {
    const refused = officerRefusal(error, t);
    if (!refused) throw error;
    await this.renderThreads(res, actor, cycleId, unitId, { status: refused.status, form: { ...form, refused }, problems: [{ message: refused.message, href: `#th-${form.code}` }] });
  }

  private async renderThreads(
    res: Response,
    actor: Actor,
    cycleId: string,
    unitId: string,
    options: { status?: number; flash?: string | null; form?: ThreadFormState; problems?: Array<{ message: string; href?: string }> },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const threads = await this.clarifications.threads(actor, cycleId, unitId);
    const ctx = await this.scope.context(this.db.manager, cycleId);
    const state = await this.submissions.state(actor, cycleId, unitId);
    const leaves = leafIndex(ctx.framework);
    const evidenceById = new Map<string, EvidenceItem>();
    for (const list of Object.values(state.evidence)) for (const e of evidenceItems(list, cycleId, unitId)) evidenceById.set(e.id, e);
    const writable = ctx.cycle.phase === CyclePhase.Review;
    const unitName = await this.unitName(unitId, lang);
    const base = unitCycleUrl(cycleId, unitId);
    await renderPage(
      res,
      'app/officer-clarifications.njk',
      {
        title: `${t('ofc.clar.title')} · ${unitName}`,
        unitName,
        cycleName: localName(ctx.cycle, lang),
        cycle: ctx.cycle,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        writable,
        threads: threads.map((th) => {
          const leaf = leaves.get(th.indicatorCode)?.node;
          const form = options.form?.code === th.indicatorCode ? options.form : null;
          return {
            code: th.indicatorCode,
            name: leaf ? localized(leaf.name, lang) : th.indicatorCode,
            open: th.open,
            takesEvidence: leaf ? (leaf.evidence ?? 'optional') !== 'none' : false,
            messages: th.messages.map((m) => ({
              id: m.id,
              role: m.authorRole,
              createdAt: m.createdAt,
              body: m.body,
              evidence: m.evidenceId ? (evidenceById.get(m.evidenceId) ?? null) : null,
            })),
            form,
          };
        }),
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          form: base,
          answer: `${base}/clarifications`,
          link: `${base}/clarifications/evidence`,
          file: `${base}/clarifications/evidence/files?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
      },
      options.status ?? 200,
    );
  }

  // ---- reviewed scores and objections -----------------------------------------------------------------------------

  @Get('cycles/:cycleId/units/:unitId/review')
  async review(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    await this.renderReview(res, actor, cycleId, unitId, { flash: done === 'objected' ? t('ofc.rev.objected') : null });
  }

  /** An objection to a reviewed score: CreateObjectionDto, then ObjectionsService (which owns the window's rules). */
  @Post('cycles/:cycleId/units/:unitId/review/objections')
  async object(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const values = { indicatorCode: formText(body.indicatorCode), reason: formText(body.reason), evidenceId: formText(body.evidenceId) };
    try {
      const plain: Record<string, unknown> = { indicatorCode: values.indicatorCode, reason: values.reason.trim() === '' ? undefined : values.reason };
      if (values.evidenceId) plain.evidenceId = values.evidenceId;
      const checked = await checkWithDto(CreateObjectionDto, plain);
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.objections.create(actor, cycleId, unitId, checked.dto);
      return res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/review?done=objected#objections`);
    } catch (error) {
      const refused = officerRefusal(error, t);
      if (!refused) throw error;
      await this.renderReview(res, actor, cycleId, unitId, { status: refused.status, form: { values, refused }, problems: [{ message: refused.message, href: '#objection-form' }] });
    }
  }

  private windowState(openAt: Date | null | undefined, closeAt: Date | null | undefined, phase: CyclePhase): WindowState {
    if (!openAt || !closeAt) return 'none';
    const now = this.clock.now();
    if (![CyclePhase.Review, CyclePhase.Scoring].includes(phase) || now >= closeAt) return 'closed';
    return now < openAt ? 'upcoming' : 'open';
  }

  private async renderReview(
    res: Response,
    actor: Actor,
    cycleId: string,
    unitId: string,
    options: { status?: number; flash?: string | null; form?: ObjectionFormState; problems?: Array<{ message: string; href?: string }> },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const ctx = await this.scope.context(this.db.manager, cycleId);
    const leaves = leafIndex(ctx.framework);
    const scores = await this.reviewedScores(actor, cycleId, unitId);
    const objections = await this.objections.list(actor, cycleId, { unitId });
    const state = await this.submissions.state(actor, cycleId, unitId);
    const window = this.windowState(ctx.settings?.objectionsOpenAt, ctx.settings?.objectionsCloseAt, ctx.cycle.phase);
    const unitName = await this.unitName(unitId, lang);
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
        cycleName: localName(ctx.cycle, lang),
        cycle: ctx.cycle,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        shown: scores !== null,
        rows,
        window,
        openAt: ctx.settings?.objectionsOpenAt ?? null,
        closeAt: ctx.settings?.objectionsCloseAt ?? null,
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

  /** The reviewed scores the unit may see (from the opening of an objection window on), or null before. */
  private async reviewedScores(actor: Actor, cycleId: string, unitId: string): Promise<ReviewedScore[] | null> {
    try {
      return await this.objections.scores(actor, cycleId, unitId);
    } catch (error) {
      if (error instanceof DomainException && error.code === ErrorCode.WindowClosed) return null;
      throw error;
    }
  }

  // ---- the score card -------------------------------------------------------------------------------------------

  @Get('cycles/:cycleId/units/:unitId/score-card')
  async scoreCard(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query('export') exportId: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const ctx = await this.scope.context(this.db.manager, cycleId);
    const unit = await this.units.get(unitId);
    const unitName = localName(unit, lang);
    const base = unitCycleUrl(cycleId, unitId);
    const page = {
      title: `${t('ofc.card.title', { year: ctx.cycle.year })} · ${unitName}`,
      heading: t('ofc.card.title', { year: ctx.cycle.year }),
      unitName,
      cycleName: localName(ctx.cycle, lang),
      cycle: ctx.cycle,
      urls: { cycles: `${APP_PREFIX}/units/${unitId}/cycles`, form: base, workbook: `${base}/score-card/workbook` },
    };
    const publication = await this.publicationOf(ctx.cycle.year, ctx.cycle.level, cycleId);
    if (!publication) return renderPage(res, 'app/officer-score-card.njk', { ...page, published: false });
    const card = await this.publicResults.scoreCard(publication.year, publication.level, unit.code, publication.version);
    const state: SubmissionState = await this.submissions.state(actor, cycleId, unitId);
    const reviewed = new Map((await this.reviewedScores(actor, cycleId, unitId))?.map((s) => [s.indicatorCode, s]) ?? []);
    // The values the published run scored: the cycle's final inputs of this unit (the published cycle takes no writes).
    const inputs = (await loadScoreInputs(this.db.manager, cycleId, [unit.code])).units[0];
    const leaves = leafIndex(ctx.framework);
    const lines = card.lines.map((line) => {
      const leaf: FrameworkNode | undefined = line.leaf ? leaves.get(line.code)?.node : undefined;
      const manual = leaf?.scoring?.rule === 'manual';
      const answer = state.answers[line.code];
      const r = reviewed.get(line.code);
      const show = (value: RawValue | undefined) => (leaf && !manual ? displayValue(value ?? null, lang, t, leaf) : null);
      return {
        ...line,
        name: leaf ? localized(leaf.name, lang) : this.nodeName(ctx.framework.nodes, line.code, lang) ?? line.nameVi,
        self: line.leaf ? (manual ? this.pointsText(answer?.selfPoints, lang, t) : answer ? show(answer.value) : null) : null,
        reviewed: line.leaf ? (r?.reviewed ? (manual ? this.pointsText(r.reviewed.points, lang, t) : show(r.reviewed.value)) : null) : null,
        final: line.leaf ? (manual ? this.pointsText(inputs?.manualPoints?.[line.code], lang, t) : show(inputs?.values[line.code])) : null,
      };
    });
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
      lines,
      pillars: Object.entries(card.pillars ?? {}).map(([code, p]) => ({
        code,
        name: localized(ctx.framework.pillars?.find((x) => x.code === code)?.name, lang) || code,
        ...p,
      })),
      exportJob,
      exportPending: pending,
      downloadUrl: exportJob?.status === 'succeeded' ? `${base}/score-card/workbook/${exportJob.id}` : null,
      publicUrl: `/rankings/${publication.year}/${publication.level}`,
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
  async requestWorkbook(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Res() res: Response,
  ): Promise<void> {
    const cycle = (await this.scope.context(this.db.manager, cycleId)).cycle;
    const unit = await this.units.get(unitId);
    const publication = await this.publicationOf(cycle.year, cycle.level, cycleId);
    if (!publication) throw DomainException.conflict(`the ${cycle.year} cycle is not published yet`);
    const { job } = await this.exports.request(actor, { kind: 'score_card', publicationId: publication.id, unitCode: unit.code });
    res.redirect(303, `${unitCycleUrl(cycleId, unitId)}/score-card?export=${job.id}#workbook`);
  }

  @Get('cycles/:cycleId/units/:unitId/score-card/workbook/:exportId')
  async downloadWorkbook(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('exportId', ParseIdPipe) exportId: string,
    @Res() res: Response,
  ): Promise<void> {
    const unit = await this.units.get(unitId);
    const job = await this.exports.get(actor, exportId);
    // A score card of this unit from a publication (any version) of this cycle's year and level.
    const cycle = (await this.scope.context(this.db.manager, cycleId)).cycle;
    const edition = (await this.publicResults.editions()).find((e) => e.year === cycle.year && e.level === cycle.level);
    const ofThisCycle = edition?.versions.some((v) => v.publicationId === job.params.publicationId) ?? false;
    if (job.kind !== 'score_card' || !ofThisCycle || job.params.unitCode !== unit.code) throw DomainException.notFound('export', exportId);
    const file = await this.exports.download(actor, exportId);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    file.stream.pipe(res);
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

  private nodeName(nodes: FrameworkNode[], code: string, lang: Lang): string | null {
    for (const node of nodes) {
      if (node.code === code) return localized(node.name, lang);
      const found = node.children ? this.nodeName(node.children, code, lang) : null;
      if (found) return found;
    }
    return null;
  }

  /** Points given by hand (a hand-scored leaf has no value, only points). */
  private pointsText(points: number | null | undefined, lang: Lang, t: Translate): string | null {
    return points === null || points === undefined ? null : t('ofc.card.pointsGiven', { points: displayValue(points, lang, t) });
  }

  private async unitName(unitId: string, lang: Lang): Promise<string> {
    return localName(await this.units.get(unitId), lang);
  }
}
