import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import type { CycleView } from '../cycles/cycle.view';
import type { CyclesService } from '../cycles/cycles.service';
import type { Framework } from '../engine/framework.model';
import type { FrameworksService } from '../frameworks/frameworks.service';
import type { ObjectionsService, ReviewedScore } from '../reviews/objections.service';
import type { ImportProblem } from '../submissions/import-report';
import type { MessageKey, Translate } from './i18n';
import { serviceRefusal } from './refusal';
import { APP_PREFIX } from './session';

/** The pages of one unit in one cycle start here (the self-assessment form is this address itself). */
export const unitCycleUrl = (cycleId: string, unitId: string): string => `${APP_PREFIX}/cycles/${cycleId}/units/${unitId}`;

/** A cycle and its framework's document, as the officer's pages after submission read them (404 for no such cycle). */
export async function cycleWithFramework(cycles: CyclesService, frameworks: FrameworksService, cycleId: string): Promise<{ cycle: CycleView; framework: Framework }> {
  const cycle = await cycles.get(cycleId);
  return { cycle, framework: (await frameworks.get(cycle.frameworkId)).document };
}

/** The reviewed scores the unit may see (from the opening of an objection window on), or null before. */
export async function shownReviewedScores(objections: ObjectionsService, actor: Actor, cycleId: string, unitId: string): Promise<ReviewedScore[] | null> {
  try {
    return await objections.scores(actor, cycleId, unitId);
  } catch (error) {
    if (error instanceof DomainException && error.code === ErrorCode.WindowClosed) return null;
    throw error;
  }
}

/** A refusal a page explains next to its form: the status, one sentence, and the field problems in the page's words. */
export interface PageRefusal {
  status: number;
  message: string;
  fields: Array<{ field: string; message: string }>;
}

/**
 * A DomainException of a feature service as the officer's pages show it (validation, a closed window or thread, a
 * stale version), in the page's language (serviceRefusal); null for anything else, which goes to the error page.
 * Refusals of access are not explained here: the guard has refused another unit's officer before, and a 403 of the
 * service is a page.
 */
export function officerRefusal(error: unknown, t: Translate): PageRefusal | null {
  const refusal = serviceRefusal(error, t);
  if (!refusal) return null;
  const fields = refusal.fields.map((p) => ({ field: p.field, message: p.text }));
  switch (refusal.code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.UnprocessableEntity:
      return { status: 422, message: t('form.errors', { count: Math.max(1, fields.length) }), fields };
    case ErrorCode.WindowClosed:
    case ErrorCode.WrongPhase:
    case ErrorCode.Conflict:
      return { status: refusal.status, message: refusal.message, fields };
    case ErrorCode.VersionConflict:
      return { status: refusal.status, message: t('form.versionConflict'), fields };
    default:
      return null;
  }
}

/** Rules of the template reader that the page explains in its own words; the reader's message is shown beside. */
const IMPORT_RULES: Partial<Record<string, MessageKey>> = {
  'stale-template': 'ofc.import.rule.stale',
  'too-large': 'ofc.import.rule.tooLarge',
  'not-xlsx': 'ofc.import.rule.notXlsx',
  corrupt: 'ofc.import.rule.corrupt',
};

export interface ImportProblemRow {
  where: string;
  rule: string;
  explanation: string | null;
  message: string;
}

/** One row per problem of an import's report: where (sheet!cell, or row and column), the rule and what it means. */
export function importProblemRows(problems: ImportProblem[], t: Translate): ImportProblemRow[] {
  return problems.map((p) => {
    const where = [p.sheet, ...(p.cell ? [p.cell] : [p.row !== undefined ? t('ofc.import.row', { row: p.row }) : null, p.column])].filter(Boolean).join(' · ');
    const key = IMPORT_RULES[p.rule];
    return { where: where || '—', rule: p.rule, explanation: key ? t(key) : null, message: p.message };
  });
}
