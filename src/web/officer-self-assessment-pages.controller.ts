import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { answeredByUnit } from '../submissions/answer-check';
import { SaveAnswersDto } from '../submissions/dto/save-answers.dto';
import { SubmissionsService, type AnswerInput } from '../submissions/submissions.service';
import { answerValue, formNumber, formText, formVersion, typedAnswer, type FormBody, type TypedAnswer } from './form-values';
import { doneFlash, pageT, submitForm, UnitCycle, validDto, type UnitCycleIds } from './page-handler';
import { formRefusal, formUrl, SelfAssessmentPage, type FormPageOptions, type RawView } from './self-assessment.page';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

/**
 * The officer's self-assessment of the unit: the form, its plain save and the submission, through SubmissionsService,
 * which enforces the API's rules (own unit, window, lock, versions). The guard refuses an officer every URL of another
 * unit before anything is read.
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerSelfAssessmentPagesController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly page: SelfAssessmentPage,
  ) {}

  /** One section of the form (?section=, 'all' for every one) under a filter (?filter=todo|flagged|stale). */
  @Get('cycles/:cycleId/units/:unitId')
  async form(
    @CurrentActor() actor: Actor,
    @UnitCycle() at: UnitCycleIds,
    @Query('done') done: unknown,
    @Query('code') code: unknown,
    @Query('section') section: unknown,
    @Query('filter') filter: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const flash = await doneFlash(done, {
      saved: () => t('form.savedOk'),
      unchanged: () => t('form.nothingChanged'),
      submitted: () => t('form.submittedOk'),
      evidence: () => (typeof code === 'string' ? t('evidence.added', { code: code.slice(0, 64) }) : null),
    });
    await this.page.render(res, actor, at, { flash, view: { section, filter, code } });
  }

  /** The plain save (the form without script): only what differs from the stored answers is sent, at the version read. */
  @Post('cycles/:cycleId/units/:unitId/answers')
  async save(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const state = await this.submissions.state(actor, at.cycleId, at.unitId);
    const framework = await this.page.framework(at.cycleId);
    const typed: Record<string, TypedAnswer> = {};
    const answers: AnswerInput[] = [];
    for (const { node } of frameworkLeaves(framework)) {
      if (!answeredByUnit(node) || body[`value[${node.code}]`] === undefined && !(node.input?.names ?? []).some((n) => body[`value[${node.code}][${n}]`] !== undefined)) continue;
      const typedNow = typedAnswer(body, node);
      typed[node.code] = typedNow;
      const stored = state.answers[node.code];
      const value = answerValue(node, typedNow);
      const note = typedNow.note === '' ? null : typedNow.note;
      const points = node.scoring?.rule === 'manual' ? formNumber(typedNow.points) : undefined;
      const changed =
        JSON.stringify(value) !== JSON.stringify(stored?.value ?? null) || note !== (stored?.note ?? null) || (points !== undefined && points !== (stored?.selfPoints ?? null));
      if (changed) answers.push({ indicatorCode: node.code, value, note, ...(points !== undefined ? { selfPoints: points } : {}) });
    }
    const view = postedView(body);
    if (answers.length === 0) return res.redirect(303, backTo(at, 'unchanged', view));
    const version = formNumber(formText(body.version));
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(SaveAnswersDto, { version, answers });
        await this.submissions.saveAnswers(actor, at.cycleId, at.unitId, typeof version === 'number' ? version : 0, dto.answers);
        return backTo(at, 'saved', view);
      },
      refused: (error, t) => formRefusal(error, t, (field) => answers[Number(/^answers\[(\d+)\]/.exec(field)?.[1] ?? -1)]?.indicatorCode),
      again: (refused) =>
        this.page.render(res, actor, at, { status: refused.status, typed, errors: refused.byCode, problems: [{ message: refused.summary }, ...refused.list], view }),
    });
  }

  @Post('cycles/:cycleId/units/:unitId/submit')
  async submit(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const view = postedView(body);
    await submitForm(res, {
      act: async () => {
        await this.submissions.submit(actor, at.cycleId, at.unitId, formVersion(body.version));
        return backTo(at, 'submitted', view);
      },
      refused: (error, t): FormPageOptions | null => {
        if (error instanceof DomainException && error.code === ErrorCode.Incomplete) {
          const count = Array.isArray(error.details) ? error.details.length : 0;
          return { status: 422, problems: [{ message: t('form.incomplete', { count }), href: '#missing' }] };
        }
        const refused = formRefusal(error, t, () => undefined);
        return refused && { status: refused.status, problems: [{ message: refused.summary }, ...refused.list] };
      },
      again: (options) => this.page.render(res, actor, at, { ...options, view }),
    });
  }
}

/** The section and filter a form was posted from (its hidden fields), to come back to them. */
const postedView = (body: FormBody): RawView => ({ section: formText(body.section).slice(0, 64) || undefined, filter: formText(body.filter).slice(0, 16) || undefined });

/** The form's address after a post: its outcome, and the section and filter it came from. */
function backTo(at: UnitCycleIds, done: string, view: RawView): string {
  const query = new URLSearchParams({ done });
  if (typeof view.section === 'string') query.set('section', view.section);
  if (typeof view.filter === 'string' && view.filter !== 'all') query.set('filter', view.filter);
  return `${formUrl(at)}?${query.toString()}`;
}
