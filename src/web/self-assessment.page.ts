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
import { UnitsService } from '../units/units.service';
import { problemText } from './field-problem';
import type { TypedAnswer } from './form-values';
import { localName, type Translate } from './i18n';
import { pageLang, pageT, type UnitCycleIds } from './page-handler';
import { refusalSentence } from './refusal';
import { buildSelfAssessment, type EvidenceFormState } from './self-assessment.model';
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
    const model = buildSelfAssessment(framework, state, { lang, t, typed: options.typed, errors: options.errors, evidenceForm: options.evidenceForm });
    const unitName = localName(unit, lang);
    const base = formUrl(at);
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
        problems: options.problems ?? [],
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          answers: `${base}/answers`,
          submit: `${base}/submit`,
          evidence: `${base}/evidence`,
          files: `${base}/evidence/files?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
        script: {
          api: `/api/v1/cycles/${cycleId}/units/${unitId}/submission/answers`,
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
          },
          leaves: Object.fromEntries(
            frameworkLeaves(framework)
              .filter(({ node }) => answeredByUnit(node))
              .map(({ node }) => [node.code, { type: node.input?.type ?? 'text', names: node.input?.names ?? [], manual: node.scoring?.rule === 'manual', name: node.name[lang] ?? node.name.vi }]),
          ),
        },
      },
      options.status ?? 200,
    );
  }
}
