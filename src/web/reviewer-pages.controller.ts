import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import type { CycleView } from '../cycles/cycle.view';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import type { FrameworkNode } from '../engine/framework.model';
import { leafIndex } from '../frameworks/framework-tree';
import { FrameworksService } from '../frameworks/frameworks.service';
import { AssignmentsService, type UnitProgress } from '../reviews/assignments.service';
import { ClarificationsService, type ThreadView } from '../reviews/clarifications.service';
import { DecisionsService } from '../reviews/decisions.service';
import { PostMessageDto } from '../reviews/dto/clarification.dto';
import { DecideDto } from '../reviews/dto/decision.dto';
import { canDecide } from '../reviews/review.can';
import type { IndicatorReviewView } from '../reviews/review.view';
import { UnitsService } from '../units/units.service';
import { Role } from '../auth/role';
import { answerValue, checkWithDto, formNumber, formText, typedAnswer, typedFromStored, type FormBody, type TypedAnswer } from './form-values';
import { localName, type Lang, type Translate } from './i18n';
import { serviceRefusal } from './refusal';
import { displayValue, evidenceItems, localized, type EvidenceItem } from './self-assessment.model';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const reviewUrl = (cycleId: string, unitId?: string) => `${APP_PREFIX}/review/cycles/${cycleId}${unitId ? `/units/${unitId}` : ''}`;
const DECISIONS = ['accept', 'adjust', 'clarify'] as const;

interface TypedDecision {
  decision: string;
  typed: TypedAnswer;
  comment: string;
}

interface ReviewRow {
  code: string;
  name: string;
  description: string;
  kind: string;
  manual: boolean;
  maxPoints: number;
  options: Array<{ value: string; label: string }>;
  parts: Array<{ name: string; label: string }>;
  self: { value: string; points: number | null; note: string | null };
  evidence: EvidenceItem[];
  mine: { decision: string; value: string; points: number | null; comment: string | null; version: number } | null;
  final: string | null;
  /**
   * The final value went stale (the unit's answer changed after it was settled): the old value for comparison, and
   * whether this reviewer has already decided again since (then it waits for the other reviewers).
   */
  stale: { since: Date; value: string; points: number | null; self: string; decidedAgain: boolean } | null;
  form: TypedDecision;
  problems: string[];
  clarification: { open: boolean; messages: number };
  thread: ThreadMessage[];
  /** The question typed in the row's clarification form (kept after a refusal) and why it was refused. */
  ask: { body: string; problems: string[] };
}

/** A message of an indicator's clarification thread as the page shows it. */
interface ThreadMessage {
  id: string;
  author: string;
  mine: boolean;
  officer: boolean;
  body: string;
  at: Date;
  evidence: EvidenceItem | null;
}

/**
 * A stale final value asks every assigned reviewer to decide again: this reviewer has, once its own accept or adjust
 * is later than the moment the final went stale (as recompute-finals.ts counts it).
 */
const decidedAgain = (i: Pick<IndicatorReviewView, 'final' | 'myDecision'>): boolean =>
  Boolean(i.final?.staleSince && i.myDecision && i.myDecision.decision !== 'clarify' && new Date(i.myDecision.decidedAt) > new Date(i.final.staleSince));

/** The indicators of a unit whose final value is stale and that wait for this reviewer's decision again. */
const toDecideAgain = (indicators: Array<Pick<IndicatorReviewView, 'final' | 'myDecision'>>): number =>
  indicators.filter((i) => i.final?.stale && !decidedAgain(i)).length;

const REFUSALS: string[] = [ErrorCode.ValidationFailed, ErrorCode.UnprocessableEntity, ErrorCode.VersionConflict, ErrorCode.WrongPhase, ErrorCode.Conflict];

/** A refusal of the review's services as the row shows it, in the page's language: each rule in words, else the code's sentence. */
function refusedProblems(error: unknown, t: Translate): string[] | null {
  const refusal = serviceRefusal(error, t);
  if (!refusal || !REFUSALS.includes(refusal.code)) return null;
  return refusal.fields.length ? refusal.fields.map((p) => p.text) : [refusal.message];
}

/**
 * The reviewer's pages: the units assigned (AssignmentsService.workload) and a unit's review side by side
 * (DecisionsService.unitView) with the reviewer's own decision per indicator (DecisionsService.decide): the same
 * rules as the API (assignment, phase, submitted self-assessment, comment to adjust or ask, versions), and per
 * indicator the clarification thread (ClarificationsService.threads: questions, the officer's answers and evidence)
 * with a form to ask.
 */
@ApiExcludeController()
@AppPage(Role.Reviewer)
@Controller(`${APP_PREFIX}/review`)
export class ReviewerPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly assignments: AssignmentsService,
    private readonly decisions: DecisionsService,
    private readonly units: UnitsService,
    private readonly clarifications: ClarificationsService,
  ) {}

  @Get()
  async home(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const rows: Array<{ cycle: CycleView; name: string; units: number; decided: number; total: number; href: string }> = [];
    for (const cycle of (await this.cycles.list({ page: 1, pageSize: 200 } as ListCyclesQuery)).items) {
      const units = await this.assignments.workload(actor, cycle.id);
      if (!units.length) continue;
      rows.push({
        cycle,
        name: localName(cycle, lang),
        units: units.length,
        decided: units.reduce((s, u) => s + u.decided, 0),
        total: units.reduce((s, u) => s + u.indicators, 0),
        href: reviewUrl(cycle.id),
      });
    }
    await renderPage(res, 'app/review-home.njk', { title: t('review.title'), rows });
  }

  @Get('cycles/:cycleId')
  async cycleUnits(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const cycle = await this.cycles.get(cycleId);
    const units: Array<UnitProgress & { href: string; lead: boolean; decideAgain: number }> = [];
    for (const u of await this.assignments.workload(actor, cycleId)) {
      // Stale final values are not in force: only a unit short of final values can have one to decide again.
      const decideAgain = u.finals < u.indicators ? toDecideAgain((await this.decisions.unitView(actor, cycleId, u.unitId)).indicators) : 0;
      units.push({ ...u, href: reviewUrl(cycleId, u.unitId), lead: u.reviewers.some((r) => r.reviewerId === actor.userId && r.isLead), decideAgain });
    }
    const cycleName = localName(cycle, lang);
    await renderPage(res, 'app/review-units.njk', { title: t('review.unitsTitle', { cycle: cycleName }), cycle, units });
  }

  @Get('cycles/:cycleId/units/:unitId')
  async unit(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query('done') done: unknown,
    @Query('code') code: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const shown = typeof code === 'string' ? code.slice(0, 64) : '';
    const flash = done === 'decided' && shown ? t('review.saved', { code: shown }) : done === 'asked' && shown ? t('reviewer.asked', { code: shown }) : null;
    await this.renderUnit(res, actor, cycleId, unitId, { flash });
  }

  /** One indicator's decision (the row's form): accept, adjust with a value or points and a comment, or ask. */
  @Post('cycles/:cycleId/units/:unitId/decisions')
  async decide(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const code = formText(body.indicatorCode);
    const leaf = await this.leaf(cycleId, code);
    const decision = formText(body.decision);
    const typed = leaf ? typedAnswer(body, leaf) : { value: '', parts: {}, note: '', points: '' };
    const comment = formText(body.comment);
    const item: Record<string, unknown> = { indicatorCode: code, decision };
    if (comment.trim()) item.comment = comment;
    const version = formNumber(formText(body.version));
    if (typeof version === 'number') item.version = version;
    if (decision === 'adjust' && leaf) {
      if (leaf.scoring?.rule === 'manual') {
        const points = formNumber(typed.points);
        if (points !== null) item.points = points;
      } else {
        item.value = answerValue(leaf, typed);
      }
    }
    try {
      const checked = await checkWithDto(DecideDto, { decisions: [item] });
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.decisions.decide(actor, cycleId, unitId, checked.dto.decisions);
      return res.redirect(303, `${reviewUrl(cycleId, unitId)}?done=decided&code=${encodeURIComponent(code)}#r-${encodeURIComponent(code)}`);
    } catch (error) {
      const problems = refusedProblems(error, t);
      if (!problems) throw error;
      const status = (error as DomainException).code === ErrorCode.VersionConflict ? 409 : 422;
      await this.renderUnit(res, actor, cycleId, unitId, { status, row: { code, form: { decision, typed, comment }, problems } });
    }
  }

  /**
   * A question to the unit's officer about one indicator. While the reviewer's own decision on it is not "clarify",
   * the question is that decision (DecisionsService.decide, with the version read: it opens the thread the officer
   * answers); once it is, a further message in the thread (ClarificationsService.post).
   */
  @Post('cycles/:cycleId/units/:unitId/clarifications')
  async ask(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const code = formText(body.indicatorCode);
    const text = formText(body.body);
    const version = formNumber(formText(body.version));
    try {
      const message = await checkWithDto(PostMessageDto, { indicatorCode: code, body: text });
      if (message.problems.length) throw DomainException.validation(message.problems);
      const view = await this.decisions.unitView(actor, cycleId, unitId);
      const mine = view.indicators.find((i) => i.indicatorCode === code)?.myDecision ?? null;
      if (mine?.decision === 'clarify' && version === mine.version) {
        await this.clarifications.post(actor, cycleId, unitId, code, text);
      } else {
        const item: Record<string, unknown> = { indicatorCode: code, decision: 'clarify', comment: text };
        if (typeof version === 'number') item.version = version;
        const checked = await checkWithDto(DecideDto, { decisions: [item] });
        if (checked.problems.length) throw DomainException.validation(checked.problems);
        await this.decisions.decide(actor, cycleId, unitId, checked.dto.decisions);
      }
      return res.redirect(303, `${reviewUrl(cycleId, unitId)}?done=asked&code=${encodeURIComponent(code)}#q-${encodeURIComponent(code)}`);
    } catch (error) {
      const problems = refusedProblems(error, t);
      if (!problems) throw error;
      const status = (error as DomainException).code === ErrorCode.VersionConflict ? 409 : 422;
      await this.renderUnit(res, actor, cycleId, unitId, { status, ask: { code, body: text, problems } });
    }
  }

  private async leaf(cycleId: string, code: string): Promise<FrameworkNode | undefined> {
    const cycle = await this.cycles.get(cycleId);
    return leafIndex((await this.frameworks.get(cycle.frameworkId)).document).get(code)?.node;
  }

  private async renderUnit(
    res: Response,
    actor: Actor,
    cycleId: string,
    unitId: string,
    options: {
      status?: number;
      flash?: string | null;
      row?: { code: string; form: TypedDecision; problems: string[] };
      ask?: { code: string; body: string; problems: string[] };
    },
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const view = await this.decisions.unitView(actor, cycleId, unitId);
    const cycle = await this.cycles.get(cycleId);
    const leaves = leafIndex((await this.frameworks.get(cycle.frameworkId)).document);
    const unit = await this.units.get(unitId);
    const threads = new Map((await this.clarifications.threads(actor, cycleId, unitId)).map((th: ThreadView) => [th.indicatorCode, th]));
    const rows = view.indicators.map((i: IndicatorReviewView): ReviewRow => {
      const leaf = leaves.get(i.indicatorCode)!.node;
      const mine = i.myDecision;
      const refused = options.row?.code === i.indicatorCode ? options.row : null;
      const asked = options.ask?.code === i.indicatorCode ? options.ask : null;
      const evidence = evidenceItems(i.evidence, cycleId, unitId);
      return {
        code: i.indicatorCode,
        name: localized(leaf.name, lang),
        description: localized(leaf.description, lang),
        kind: leaf.input?.type ?? 'text',
        manual: leaf.scoring?.rule === 'manual',
        maxPoints: i.maxPoints,
        options: leaf.scoring?.rule === 'choice' ? leaf.scoring.options.map((o) => ({ value: o.value, label: o.label ? localized(o.label, lang) : o.value })) : [],
        parts: (leaf.input?.names ?? []).map((name) => ({ name, label: name })),
        self: { value: displayValue(i.self.value, lang, t, leaf), points: i.self.points, note: i.self.note },
        evidence,
        mine: mine ? { decision: mine.decision, value: displayValue(mine.value, lang, t, leaf), points: mine.points, comment: mine.comment, version: mine.version } : null,
        final: i.final && !i.final.pending ? displayValue(i.final.value, lang, t, leaf) : null,
        stale:
          i.final?.stale && i.final.staleSince
            ? {
                since: i.final.staleSince,
                value: displayValue(i.final.value, lang, t, leaf),
                points: i.final.points,
                self: displayValue(i.final.self.value, lang, t, leaf),
                decidedAgain: decidedAgain(i),
              }
            : null,
        form: refused?.form ?? {
          decision: mine?.decision ?? 'accept',
          typed: typedFromStored(leaf, mine?.decision === 'adjust' ? mine.value : i.self.value, null, mine?.decision === 'adjust' ? mine.points : i.self.points, lang),
          comment: mine?.comment ?? '',
        },
        problems: refused?.problems ?? [],
        clarification: i.clarification,
        thread: (threads.get(i.indicatorCode)?.messages ?? []).map((m) => ({
          id: m.id,
          author: m.authorId === actor.userId ? t('reviewer.you') : t(m.authorRole === Role.Officer ? 'reviewer.officer' : 'reviewer.otherReviewer'),
          mine: m.authorId === actor.userId,
          officer: m.authorRole === Role.Officer,
          body: m.body,
          at: m.createdAt,
          evidence: m.evidenceId ? (evidence.find((e) => e.id === m.evidenceId) ?? null) : null,
        })),
        ask: { body: asked?.body ?? '', problems: asked?.problems ?? [] },
      };
    });
    const unitName = localName(unit, lang);
    const decideAgain = rows.filter((r) => r.stale && !r.stale.decidedAgain).map((r) => ({ code: r.code, name: r.name, href: `#r-${r.code}` }));
    // The row whose decision or question was refused: its problems in the summary, each leading to the row's field.
    const refusedRow = options.row ?? options.ask ?? null;
    await renderPage(
      res,
      'app/review-unit.njk',
      {
        title: t('review.unitTitle', { unit: unitName }),
        cycle,
        unitName,
        rows,
        decideAgain,
        decisions: DECISIONS,
        editable: canDecide(cycle.phase, view.submission?.status),
        backUrl: reviewUrl(cycleId),
        action: `${reviewUrl(cycleId, unitId)}/decisions`,
        askAction: `${reviewUrl(cycleId, unitId)}/clarifications`,
        flash: options.flash ?? null,
        refused: refusedRow ? { code: refusedRow.code, ask: Boolean(options.ask && !options.row), links: refusedRow.problems.map((message) => ({ message, href: `#${options.row ? 'r' : 'qa'}-${refusedRow.code}` })) } : null,
      },
      options.status ?? 200,
    );
  }
}
