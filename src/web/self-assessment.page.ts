import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { CyclesService } from '../cycles/cycles.service';
import type { Framework } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { FrameworksService } from '../frameworks/frameworks.service';
import { answeredByUnit } from '../submissions/answer-check';
import type { SubmissionState } from '../submissions/submission.view';
import { SubmissionsService } from '../submissions/submissions.service';
import { ClarificationsService } from '../reviews/clarifications.service';
import { UnitsService } from '../units/units.service';
import { problemText, problemWords } from './field-problem';
import type { TypedAnswer } from './form-values';
import { localName, type Translate } from './i18n';
import { pageLang, pageT, type UnitCycleIds } from './page-handler';
import { warningWords } from './plausibility-words';
import { refusalSentence, refusalText } from './refusal';
import { buildSelfAssessment, type AssessmentView, type EvidenceFormState } from './self-assessment.model';
import { ALL_SECTIONS, SECTION_FILTERS, sectionsOf, type IndicatorFlag, type SectionFilter } from './self-assessment-sections';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { renderPage } from './web-auth';

/** The unit's self-assessment form in a cycle: the officer's pages of the cycle start here. */
export const formUrl = ({ cycleId, unitId }: UnitCycleIds) => `${APP_PREFIX}/cycles/${cycleId}/units/${unitId}`;

/** What the form page shows besides the stored state: a flash, a refusal's problems, what was typed. */
export interface FormPageOptions {
  status?: number;
  flash?: string | null;
  problems?: Array<{ message: string; href?: string }>;
  typed?: Record<string, TypedAnswer>;
  errors?: Record<string, string>;
  evidenceForm?: EvidenceFormState | null;
  /** The section and filter asked for (the address's or the posted form's), or an indicator whose section to show. */
  view?: RawView;
}

export interface RawView {
  section?: unknown;
  filter?: unknown;
  code?: unknown;
}

/** The section and filter of the page's address; a value the page does not know: the default and a problem naming it. */
export function resolveView(raw: RawView, framework: Framework, t: Translate): { view: AssessmentView; problems: Array<{ message: string }> } {
  const sectionOf = sectionsOf(framework);
  const sections = [...new Set([...sectionOf.values()].map((s) => s.code))];
  const problems: Array<{ message: string }> = [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 64) : null);
  const askedSection = text(raw.section);
  const askedFilter = text(raw.filter);
  const byCode = text(raw.code) ? sectionOf.get(text(raw.code)!)?.code : undefined;
  let section = byCode ?? sections[0] ?? ALL_SECTIONS;
  if (askedSection !== null) {
    if (askedSection === ALL_SECTIONS || sections.includes(askedSection)) section = askedSection;
    else problems.push({ message: t('ofc.sa.badSection', { value: askedSection, allowed: [...sections, ALL_SECTIONS].join(', ') }) });
  }
  let filter: SectionFilter = 'all';
  if (askedFilter !== null) {
    if ((SECTION_FILTERS as readonly string[]).includes(askedFilter)) filter = askedFilter as SectionFilter;
    else problems.push({ message: t('ofc.sa.badFilter', { value: askedFilter, allowed: SECTION_FILTERS.join(', ') }) });
  }
  return { view: { section, filter }, problems };
}

interface FormRefusal {
  status: number;
  summary: string;
  byCode: Record<string, string>;
  list: Array<{ message: string; href?: string }>;
  fieldProblems: FieldProblem[];
}

/**
 * A refusal the form explains next to its fields (validation, version, window, lock); null for anything else.
 * codeOf names the indicator a refused field belongs to (none: a field of the form itself, named above the form).
 */
export function formRefusal(error: unknown, t: Translate, codeOf: (field: string) => string | undefined): FormRefusal | null {
  if (!(error instanceof DomainException)) return null;
  const fieldProblems = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
  const byCode: Record<string, string> = {};
  const list: Array<{ message: string; href?: string }> = [];
  for (const p of fieldProblems) {
    const code = codeOf(p.field);
    // A field of the form itself (its hidden version): named, with its rule, above the form.
    if (!code) {
      list.push({ message: t('field.problem', { field: p.field, message: problemText(t, p) }) });
      continue;
    }
    byCode[code] = problemText(t, p);
    list.push({ message: `${code}: ${byCode[code]}`, href: `#ind-${code}` });
  }
  switch (error.code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.UnprocessableEntity:
      return { status: 422, summary: t('form.errors', { count: Math.max(1, fieldProblems.length) }), byCode, list, fieldProblems };
    case ErrorCode.VersionConflict:
      return { status: 409, summary: t('form.versionConflict'), byCode, list, fieldProblems };
    case ErrorCode.WindowClosed:
    case ErrorCode.WrongPhase:
      return { status: 409, summary: t('form.locked', { reason: refusalSentence(error, t) }), byCode, list, fieldProblems };
    default:
      return null;
  }
}

/** A refused evidence form as the form page shows it: under its indicator, the problems at its fields. */
export function evidenceRefusal(error: unknown, t: Translate, form: EvidenceFormState): FormPageOptions | null {
  const refused = formRefusal(error, t, () => form.code);
  if (!refused) return null;
  const problems = refused.fieldProblems.map((p) => ({ field: p.field, message: problemText(t, p) }));
  return {
    status: refused.status,
    evidenceForm: { ...form, problems: problems.length ? problems : [{ field: '', message: refused.summary }] },
    problems: [{ message: refused.summary, href: `#ind-${form.code}` }],
  };
}

/**
 * The self-assessment page of a unit in a cycle (answers, evidence, submit), from SubmissionsService's state: the one
 * page its controllers show, and show again with a refusal.
 */
@Injectable()
export class SelfAssessmentPage {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly submissions: SubmissionsService,
    private readonly units: UnitsService,
    private readonly clarifications: ClarificationsService,
  ) {}

  async framework(cycleId: string): Promise<Framework> {
    const cycle = await this.cycles.get(cycleId);
    return (await this.frameworks.get(cycle.frameworkId)).document;
  }

  async render(res: Response, actor: Actor, at: UnitCycleIds, options: FormPageOptions): Promise<void> {
    const { cycleId, unitId } = at;
    const t = pageT(res);
    const lang = pageLang(res);
    const state: SubmissionState = await this.submissions.state(actor, cycleId, unitId);
    const cycle = await this.cycles.get(cycleId);
    const framework = (await this.frameworks.get(cycle.frameworkId)).document;
    const unit = await this.units.get(unitId);
    const base = formUrl(at);
    const raw: RawView = { ...options.view, code: options.evidenceForm?.code ?? options.view?.code };
    const resolved = resolveView(raw, framework, t);
    const flags = await this.flags(actor, at, state, t);
    const sectionOf = sectionsOf(framework);
    const model = buildSelfAssessment(framework, state, {
      lang,
      t,
      base,
      view: resolved.view,
      flags,
      typed: options.typed,
      errors: options.errors,
      evidenceForm: options.evidenceForm,
    });
    const unitName = localName(unit, lang);
    const problems = [...resolved.problems, ...(options.problems ?? [])];
    await renderPage(
      res,
      'app/self-assessment.njk',
      {
        title: `${t('form.title', { year: cycle.year })} · ${unitName}`,
        heading: t('form.title', { year: cycle.year }),
        unitName,
        cycle,
        cycleName: localName(cycle, lang),
        state,
        model,
        flash: options.flash ?? null,
        problems,
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          answers: `${base}/answers`,
          submit: `${base}/submit`,
          evidence: `${base}/evidence`,
          files: `${base}/evidence/files?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
        script: {
          // The form draws its counts, every score cell and the missing list again from the whole state.
          api: `/api/v1/cycles/${cycleId}/units/${unitId}/submission/answers?include=state`,
          version: state.submission.version,
          csrfToken: res.locals.csrfToken as string,
          lang,
          writable: model.writable,
          messages: {
            saving: t('form.saving'),
            saved: t('form.saved'),
            saveFailed: t('form.saveFailed', { message: '{message}' }),
            conflict: t('form.conflict'),
            reload: t('form.reload'),
            missingNone: t('form.missingNone'),
            missingValue: t('form.missingValue'),
            missingEvidence: t('form.missingEvidence'),
            sectionCount: t('ofc.sa.sectionCount', { done: '{done}', total: '{total}' }),
            sectionTodo: t('ofc.sa.sectionTodo', { count: '{count}' }),
            sectionDone: t('ofc.sa.sectionDone'),
            sectionStale: t('ofc.sa.sectionStale', { count: '{count}' }),
            sectionFlagged: t('ofc.sa.sectionFlagged', { count: '{count}' }),
            missingIn: t('ofc.sa.missingIn', { count: '{count}' }),
            answered: t('ofc.sa.answeredOf', { answered: '{answered}', total: '{total}' }),
            indicators: t('ofc.sa.indicators', { count: '{count}' }),
            statusTodo: t('ofc.sa.status.todo'),
            statusDone: t('ofc.sa.status.done'),
            formErrors: t('form.errors', { count: '{count}' }),
          },
          // The autosave says the API's refusals and warnings itself, from their rules, codes and params: these words.
          words: {
            problems: problemWords(t),
            errors: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, refusalText(code, t)])),
            warnings: warningWords(t),
          },
          leaves: Object.fromEntries(
            frameworkLeaves(framework)
              .filter(({ node }) => answeredByUnit(node))
              .map(({ node }) => [
                node.code,
                { type: node.input?.type ?? 'text', names: node.input?.names ?? [], manual: node.scoring?.rule === 'manual', name: node.name[lang] ?? node.name.vi, section: sectionOf.get(node.code)!.code },
              ]),
          ),
          // What the counts are drawn again from after an autosave (a clarification does not change with one).
          view: resolved.view,
          sectionUrl: `${base}?section=`,
          sections: model.menu.flatMap((g) => g.sections).map((section) => ({ code: section.code, name: section.name })),
          clarified: Object.keys(flags).filter((code) => flags[code].some((f) => f.kind === 'clarification')),
          submittedAt: state.submission.status !== 'submitted' ? state.submission.submittedAt : null,
        },
      },
      options.status ?? (resolved.problems.length ? 400 : 200),
    );
  }

  /**
   * What marks an indicator for the officer's attention: a reviewer's open request for clarification, the
   * plausibility warnings its answer was saved with (their sentences are shown beside the answer; here, that there are).
   */
  private async flags(actor: Actor, at: UnitCycleIds, state: SubmissionState, t: Translate): Promise<Record<string, IndicatorFlag[]>> {
    const threads = await this.clarifications.threads(actor, at.cycleId, at.unitId);
    const flags: Record<string, IndicatorFlag[]> = {};
    for (const thread of threads.filter((th) => th.open)) {
      const href = `${formUrl(at)}/clarifications#th-${encodeURIComponent(thread.indicatorCode)}`;
      (flags[thread.indicatorCode] ??= []).push({ kind: 'clarification', text: t('ofc.sa.flag.clarification'), href });
    }
    for (const [code, answer] of Object.entries(state.answers)) {
      if (answer.warnings?.length) (flags[code] ??= []).push({ kind: 'warning', text: t('ofc.sa.flag.warning'), href: null });
    }
    return flags;
  }
}
