import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { CyclesService } from '../cycles/cycles.service';
import type { FrameworkNode } from '../engine/framework.model';
import { leafIndex } from '../frameworks/framework-tree';
import { FrameworksService } from '../frameworks/frameworks.service';
import { ClarificationsService, type ThreadView } from '../reviews/clarifications.service';
import { DecisionsService } from '../reviews/decisions.service';
import { PostMessageDto } from '../reviews/dto/clarification.dto';
import { DecideDto, LeadDecisionDto } from '../reviews/dto/decision.dto';
import { ObjectionsService } from '../reviews/objections.service';
import { canDecide } from '../reviews/review.can';
import type { IndicatorReviewView } from '../reviews/review.view';
import { UnitsService } from '../units/units.service';
import { answerValue, formNumber, formText, typedAnswer, typedFromStored, type FormBody } from './form-values';
import { localName } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, UnitCycle, validDto, type UnitCycleIds } from './page-handler';
import { reviewerUnitNote } from './phase-note';
import { finalStory } from './review-final.model';
import { countRows, matchesFilter, parseFilter, parseSection, REVIEW_FILTERS, reviewSections, sectionOf, type ReviewFilter } from './review-outline.model';
import { decidedAgain, DECISIONS, reviewUrl, reviewViewUrl, rowRefusal, type ReviewRow, type TypedDecision } from './review-unit.model';
import { displayValue, evidenceItems, localized } from './self-assessment.model';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';
import { warningText } from './plausibility-words';

/** The filter a form was sent from (its hidden field), to come back to; all when it is not one. */
const keptFilter = (value: unknown): ReviewFilter => ((REVIEW_FILTERS as readonly string[]).includes(formText(value)) ? (formText(value) as ReviewFilter) : 'all');

/**
 * The reviewer's review of one unit: the self-assessment side by side (DecisionsService.unitView) with the reviewer's
 * own decision per indicator (DecisionsService.decide): the same rules as the API (assignment, phase, submitted
 * self-assessment, comment to adjust or ask, versions), and per indicator the clarification thread
 * (ClarificationsService.threads: questions, the officer's answers and evidence) with a form to ask.
 */
@ApiExcludeController()
@AppPage(Role.Reviewer)
@Controller(`${APP_PREFIX}/review`)
export class ReviewerUnitPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly decisions: DecisionsService,
    private readonly units: UnitsService,
    private readonly clarifications: ClarificationsService,
    private readonly objections: ObjectionsService,
  ) {}

  /** The unit's page: ?show= one of REVIEW_FILTERS, ?section= a main indicator's code (both kept in the forms). */
  @Get('cycles/:cycleId/units/:unitId')
  async unit(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const show = parseFilter(query.show);
    const shown = typeof query.code === 'string' ? query.code.slice(0, 64) : '';
    const flash = await doneFlash(query.done, {
      decided: () => (shown ? t('review.saved', { code: shown }) : null),
      asked: () => (shown ? t('reviewer.asked', { code: shown }) : null),
      settled: () => (shown ? t('reviewer.lead.settled', { code: shown }) : null),
    });
    await this.renderUnit(res, actor, at, { flash, show, section: query.section, focus: shown || null });
  }

  /** One indicator's decision (the row's form): accept, adjust with a value or points and a comment, or ask. */
  @Post('cycles/:cycleId/units/:unitId/decisions')
  async decide(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const code = formText(body.indicatorCode);
    const show = keptFilter(body.show);
    const leaf = await this.leaf(at.cycleId, code);
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
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(DecideDto, { decisions: [item] });
        await this.decisions.decide(actor, at.cycleId, at.unitId, dto.decisions);
        return `${reviewViewUrl(at.cycleId, at.unitId, { show }, { done: 'decided', code })}#r-${encodeURIComponent(code)}`;
      },
      refused: rowRefusal,
      again: ({ status, problems }) => this.renderUnit(res, actor, at, { status, show: 'all', focus: code, row: { code, form: { decision, typed, comment }, problems } }),
    });
  }

  /**
   * A question to the unit's officer about one indicator. While the reviewer's own decision on it is not "clarify",
   * the question is that decision (DecisionsService.decide, with the version read: it opens the thread the officer
   * answers); once it is, a further message in the thread (ClarificationsService.post).
   */
  @Post('cycles/:cycleId/units/:unitId/clarifications')
  async ask(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const { cycleId, unitId } = at;
    const code = formText(body.indicatorCode);
    const show = keptFilter(body.show);
    const text = formText(body.body);
    const version = formNumber(formText(body.version));
    await submitForm(res, {
      act: async () => {
        await validDto(PostMessageDto, { indicatorCode: code, body: text });
        const view = await this.decisions.unitView(actor, cycleId, unitId);
        const mine = view.indicators.find((i) => i.indicatorCode === code)?.myDecision ?? null;
        if (mine?.decision === 'clarify' && version === mine.version) {
          await this.clarifications.post(actor, cycleId, unitId, code, text);
        } else {
          const item: Record<string, unknown> = { indicatorCode: code, decision: 'clarify', comment: text };
          if (typeof version === 'number') item.version = version;
          await this.decisions.decide(actor, cycleId, unitId, (await validDto(DecideDto, { decisions: [item] })).decisions);
        }
        return `${reviewViewUrl(cycleId, unitId, { show }, { done: 'asked', code })}#q-${encodeURIComponent(code)}`;
      },
      refused: rowRefusal,
      again: ({ status, problems }) => this.renderUnit(res, actor, at, { status, show: 'all', focus: code, ask: { code, body: text, problems } }),
    });
  }

  /**
   * The lead reviewer's ruling on an indicator the reviewers disagree on (DecisionsService.leadDecide, which owns who
   * may and when): the final value or, for a hand-scored one, the points, and why.
   */
  @Post('cycles/:cycleId/units/:unitId/lead-decisions')
  async settle(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const code = formText(body.indicatorCode);
    const show = keptFilter(body.show);
    const leaf = await this.leaf(at.cycleId, code);
    const typed = leaf ? typedAnswer(body, leaf) : { value: '', parts: {}, note: '', points: '' };
    const reason = formText(body.reason);
    const plain: Record<string, unknown> = { reason: reason.trim() === '' ? undefined : reason };
    if (leaf?.scoring?.rule === 'manual') {
      const points = formNumber(typed.points);
      if (points !== null) plain.points = points;
    } else if (leaf) {
      plain.value = answerValue(leaf, typed);
    }
    await submitForm(res, {
      act: async () => {
        await this.decisions.leadDecide(actor, at.cycleId, at.unitId, code, await validDto(LeadDecisionDto, plain));
        return `${reviewViewUrl(at.cycleId, at.unitId, { show }, { done: 'settled', code })}#final-${encodeURIComponent(code)}`;
      },
      refused: rowRefusal,
      again: ({ status, problems }) => this.renderUnit(res, actor, at, { status, show: 'all', focus: code, lead: { code, typed, reason, problems } }),
    });
  }

  private async leaf(cycleId: string, code: string): Promise<FrameworkNode | undefined> {
    const cycle = await this.cycles.get(cycleId);
    return leafIndex((await this.frameworks.get(cycle.frameworkId)).document).get(code)?.node;
  }

  private async renderUnit(
    res: Response,
    actor: Actor,
    { cycleId, unitId }: UnitCycleIds,
    options: {
      status?: number;
      flash?: string | null;
      show?: ReviewFilter;
      /** The section asked for in the address (checked against the unit's sections here). */
      section?: unknown;
      /** The row just saved or refused: its section opens. */
      focus?: string | null;
      row?: { code: string; form: TypedDecision; problems: string[] };
      ask?: { code: string; body: string; problems: string[] };
      /** The lead's ruling refused: what was typed, and why. */
      lead?: { code: string; typed: TypedDecision['typed']; reason: string; problems: string[] };
    },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const view = await this.decisions.unitView(actor, cycleId, unitId);
    const cycle = await this.cycles.get(cycleId);
    const leaves = leafIndex((await this.frameworks.get(cycle.frameworkId)).document);
    const unit = await this.units.get(unitId);
    const threads = new Map((await this.clarifications.threads(actor, cycleId, unitId)).map((th: ThreadView) => [th.indicatorCode, th]));
    // The latest decided objection of each indicator: an objection's final value says what it changed.
    const objectionOf = new Map((await this.objections.decidedOfUnit(actor, cycleId, unitId)).map((o) => [o.indicatorCode, o]));
    const rows = view.indicators.map((i: IndicatorReviewView): ReviewRow => {
      const entry = leaves.get(i.indicatorCode)!;
      const leaf = entry.node;
      const mine = i.myDecision;
      const stale = Boolean(i.final?.stale);
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
        self: { value: displayValue(i.self.value, lang, t, leaf), points: i.self.points, note: i.self.note, warnings: i.self.warnings.map((w) => warningText(t, w, lang)) },
        evidence,
        mine: mine ? { decision: mine.decision, value: displayValue(mine.value, lang, t, leaf), points: mine.points, comment: mine.comment, version: mine.version } : null,
        final: finalStory(i.final, { me: actor.userId ?? null, leaf, maxPoints: i.maxPoints, share: view.disagreementShare, objection: objectionOf.get(i.indicatorCode) ?? null }, lang, t),
        marks: {
          code: i.indicatorCode,
          section: sectionOf(entry).code,
          decided: Boolean(mine && mine.decision !== 'clarify' && (!stale || decidedAgain(i))),
          clarifying: mine?.decision === 'clarify',
          flagged: Boolean(i.final?.flagged),
          awaitingLead: Boolean(i.final?.flagged && i.final.pending && !stale),
          stale,
        },
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
        // The lead's form: on an indicator waiting for the lead, while decisions are taken.
        lead:
          view.isLead && i.final?.flagged && i.final.pending && !i.final.stale
            ? {
                typed: options.lead?.code === i.indicatorCode ? options.lead.typed : typedFromStored(leaf, null, null, null, lang),
                reason: options.lead?.code === i.indicatorCode ? options.lead.reason : '',
                problems: options.lead?.code === i.indicatorCode ? options.lead.problems : [],
              }
            : null,
      };
    });
    const unitName = localName(unit, lang);
    const decideAgain = rows.filter((r) => r.stale && !r.stale.decidedAgain).map((r) => ({ code: r.code, name: r.name, href: `#r-${r.code}` }));
    const show = options.show ?? 'all';
    const marks = rows.map((r) => r.marks);
    const section = parseSection(options.section, [...new Set(marks.map((m) => m.section))]);
    const sections = reviewSections(marks, leaves, lang, t('reviewer.outline.other'), { show, section, focus: options.focus ?? null, decideAgain: new Set(decideAgain.map((d) => d.code)) });
    const viewUrl = (v: { show?: ReviewFilter; section?: string | null }) => reviewViewUrl(cycleId, unitId, { show, section, ...v });
    const phaseNote = reviewerUnitNote(cycle.phase, view.submission?.status, await this.objections.window(cycleId), t);
    // The row whose decision or question was refused: its problems in the summary, each leading to the row's field.
    const refusedRow = options.row ?? options.ask ?? options.lead ?? null;
    await renderPage(
      res,
      'app/review-unit.njk',
      {
        title: t('review.unitTitle', { unit: unitName }),
        cycle,
        unitName,
        rows,
        phaseNote,
        summary: countRows(marks),
        show,
        filters: REVIEW_FILTERS.map((f) => ({ key: f, href: viewUrl({ show: f, section: null }), count: marks.filter((m) => matchesFilter(m, f)).length, current: f === show })),
        sections: sections.map((s) => ({ ...s, href: `${viewUrl({ section: s.code })}#s-${encodeURIComponent(s.code)}`, rows: rows.filter((r) => r.marks.section === s.code && matchesFilter(r.marks, show)) })),
        shownCount: marks.filter((m) => matchesFilter(m, show)).length,
        decideAgain,
        decisions: DECISIONS,
        editable: canDecide(cycle.phase, view.submission?.status),
        backUrl: reviewUrl(cycleId),
        action: `${reviewUrl(cycleId, unitId)}/decisions`,
        askAction: `${reviewUrl(cycleId, unitId)}/clarifications`,
        leadAction: `${reviewUrl(cycleId, unitId)}/lead-decisions`,
        flash: options.flash ?? null,
        refused: refusedRow
          ? {
              code: refusedRow.code,
              ask: Boolean(options.ask && !options.row),
              lead: Boolean(options.lead),
              links: refusedRow.problems.map((message) => ({ message, href: `#${options.row ? 'r' : options.lead ? 'lr' : 'qa'}-${refusedRow.code}` })),
            }
          : null,
      },
      options.status ?? 200,
    );
  }
}
