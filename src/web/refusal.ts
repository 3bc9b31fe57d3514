import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { CYCLE_PHASES, CyclePhase } from '../cycles/cycle-phase';
import { problemText } from './field-problem';
import type { MessageKey, Translate } from './i18n';
import { formatDate } from './view-setup';

/**
 * What a refusal says on a page, by the API's stable error code, in the page's language: the one mapping of every
 * page. The service's own message is English, written for API clients and logs; a page never shows it.
 */
const CODE_TEXT: Record<ErrorCode, MessageKey> = {
  [ErrorCode.ValidationFailed]: 'refusal.validationFailed',
  [ErrorCode.Unauthenticated]: 'refusal.unauthenticated',
  [ErrorCode.InvalidCredentials]: 'refusal.invalidCredentials',
  [ErrorCode.TooManyLoginFailures]: 'refusal.tooManyLoginFailures',
  [ErrorCode.PasswordHashBusy]: 'refusal.passwordHashBusy',
  [ErrorCode.VerifyBusy]: 'refusal.verifyBusy',
  [ErrorCode.UploadRateLimited]: 'refusal.uploadRateLimited',
  [ErrorCode.UploadQuotaExceeded]: 'refusal.uploadQuotaExceeded',
  [ErrorCode.Forbidden]: 'refusal.forbidden',
  [ErrorCode.NotFound]: 'refusal.notFound',
  [ErrorCode.Conflict]: 'refusal.conflict',
  [ErrorCode.VersionConflict]: 'refusal.versionConflict',
  [ErrorCode.WindowClosed]: 'refusal.windowClosed',
  [ErrorCode.WrongPhase]: 'refusal.wrongPhase',
  [ErrorCode.Incomplete]: 'refusal.incomplete',
  [ErrorCode.PayloadTooLarge]: 'refusal.payloadTooLarge',
  [ErrorCode.UnprocessableEntity]: 'refusal.unprocessable',
  [ErrorCode.ServiceUnavailable]: 'refusal.unavailable',
  [ErrorCode.Internal]: 'refusal.internal',
};

/** The sentence of an error code in the page's language. */
export const refusalText = (code: ErrorCode, t: Translate): string => t(CODE_TEXT[code] ?? 'refusal.internal');

type Details = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const phaseName = (phase: unknown, t: Translate): string => {
  const name = str(phase);
  return (CYCLE_PHASES as string[]).includes(name) ? t(`phase.${name}` as MessageKey) : name;
};
const list = (values: unknown, each: (v: unknown) => string = str): string => (Array.isArray(values) ? values.map(each).join(', ') : '');

/**
 * The sentence of a refusal's reason (details.reason, RefusalReason) with its values, in the page's language; null
 * for a reason the pages do not say specifically (the code's sentence is said instead).
 */
const REASON_TEXT: Partial<Record<RefusalReason, (d: Details, t: Translate) => string | null>> = {
  [RefusalReason.PhaseMoveNotAllowed]: (d, t) =>
    Array.isArray(d.allowed) && d.allowed.length
      ? t('refusal.reason.phaseMoveNotAllowed', { from: phaseName(d.from, t), to: phaseName(d.to, t), allowed: list(d.allowed, (p) => `“${phaseName(p, t)}”`) })
      : t('refusal.reason.phaseMoveNowhere', { from: phaseName(d.from, t) }),
  // A feature's checks: each one's own sentence, or its message where it has none.
  [RefusalReason.PhaseMoveRefused]: (d, t) => {
    const reasons = Array.isArray(d.reasons) ? (d.reasons as Details[]) : [];
    const lines = reasons.map((r) => reasonText({ ...r, to: r.to ?? d.to }, t));
    return lines.length && lines.every((l) => l !== null) ? lines.join(' ') : null;
  },
  [RefusalReason.PublishedByRun]: (_d, t) => t('refusal.reason.publishedByRun'),
  [RefusalReason.ReviewIncomplete]: (d, t) => t('refusal.reason.reviewIncomplete', { to: phaseName(d.to, t), count: str(d.count), units: list(d.units) }),
  [RefusalReason.UnitCodeInUse]: (d, t) => {
    // Both names go to the sentence: the Vietnamese one says {unit}, the English one {unitEn} (the Vietnamese name
    // where the unit has no English one), so each page names the unit as its own lists do (localName).
    const names = { unit: str(d.nameVi), unitEn: str(d.nameEn) || str(d.nameVi) };
    return d.validTo
      ? t('refusal.reason.unitCodeInUse', { code: str(d.code), ...names, validFrom: str(d.validFrom), validTo: str(d.validTo) })
      : t('refusal.reason.unitCodeInUseOpen', { code: str(d.code), ...names, validFrom: str(d.validFrom) });
  },
  // A published cycle is said as what it is (read only), not as one more phase that is not the right one.
  [RefusalReason.CyclePhase]: (d, t) =>
    d.phase === CyclePhase.Published
      ? t('phase.refusal.published')
      : t('phase.refusal.cyclePhase', { phase: phaseName(d.phase, t), allowed: list(d.allowed, (p) => `“${phaseName(p, t)}”`) }),
  [RefusalReason.WindowPhase]: (d, t) => (d.phase === CyclePhase.Published ? t('phase.refusal.published') : t('refusal.reason.windowPhase', { phase: phaseName(d.phase, t) })),
  [RefusalReason.WindowNotYetOpen]: (d, t) => t('refusal.reason.windowNotYetOpen', { at: formatDate(d.opensAt) }),
  [RefusalReason.WindowEnded]: (d, t) =>
    d.extensionUntil
      ? t('refusal.reason.windowEndedExtension', { at: formatDate(d.closesAt), until: formatDate(d.extensionUntil) })
      : t('refusal.reason.windowEnded', { at: formatDate(d.closesAt) }),
  [RefusalReason.ObjectionPhase]: (d, t) =>
    d.phase === CyclePhase.Published ? t('phase.refusal.publishedObjection') : t('refusal.reason.objectionPhase', { phase: phaseName(d.phase, t) }),
  [RefusalReason.ObjectionWindowUnset]: (_d, t) => t('refusal.reason.objectionWindowUnset'),
  [RefusalReason.ObjectionWindowNotYetOpen]: (d, t) => t('refusal.reason.objectionWindowNotYetOpen', { at: formatDate(d.opensAt) }),
  [RefusalReason.ObjectionWindowEnded]: (d, t) => t('refusal.reason.objectionWindowEnded', { at: formatDate(d.closesAt) }),
  [RefusalReason.SingleReviewerPolicy]: (_d, t) => t('refusal.reason.singleReviewerPolicy'),
  [RefusalReason.FrameworkVersionExists]: (d, t) => t('refusal.reason.frameworkVersionExists', { code: str(d.code), version: str(d.version) }),
  [RefusalReason.FinalStale]: (d, t) => t('refusal.reason.finalStale', { code: str(d.indicatorCode) }),
  [RefusalReason.FinalUnsettled]: (d, t) => t('refusal.reason.finalUnsettled', { code: str(d.indicatorCode) }),
  [RefusalReason.ConflictAssignedInReview]: (d, t) =>
    t('refusal.reason.conflictAssignedInReview', { cycles: list(d.cycles, (c) => `${str((c as Details).year)} (${phaseName((c as Details).phase, t)})`) }),
};

/** The sentence of a reason code with its values (a refusal's details, a submission's window), or null. */
export function reasonText(details: unknown, t: Translate): string | null {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return null;
  const say = REASON_TEXT[(details as Details).reason as RefusalReason];
  return say ? say(details as Details, t) : null;
}

/**
 * What a refusal says on a page: the sentence of its reason where the service gave one (why a phase move was
 * refused, which unit has the code, when the window closed), else the sentence of its error code.
 */
export function refusalSentence(error: DomainException, t: Translate): string {
  return reasonText(error.details, t) ?? refusalText(error.code, t);
}

/** A field problem the API names (field, rule), with the rule in the page's words. */
export interface RefusedField extends FieldProblem {
  text: string;
}

/** A service's refusal as a page says it: its status, the sentence of its code, and the fields and rules it names. */
export interface ServiceRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  fields: RefusedField[];
}

/**
 * A refusal of a feature service (a DomainException answered with 4xx) in the page's words; null for anything else
 * (a 5xx, a bug), which the caller throws on to the error page. The fields are the API's field problems, each rule in
 * words (problemText); a refusal without them whose message starts with its field ("email: a user with … already
 * exists") names that field, with the code's sentence.
 */
export function serviceRefusal(error: unknown, t: Translate): ServiceRefusal | null {
  if (!(error instanceof DomainException)) return null;
  const status: number = ERROR_STATUS[error.code];
  if (status === undefined || status >= 500) return null;
  const message = refusalSentence(error, t);
  const named = Array.isArray(error.details) ? (error.details as FieldProblem[]).filter((p) => typeof p?.field === 'string' && p.field !== '') : [];
  const lead = named.length ? undefined : /^([A-Za-z]+): /.exec(error.message)?.[1];
  const fields: RefusedField[] = named.length
    ? named.map((p) => ({ field: p.field, rule: p.rule, message: p.message, text: p.rule ? problemText(t, p) : message }))
    : lead
      ? [{ field: lead, rule: '', message: error.message, text: message }]
      : [];
  return { status, code: error.code, message, fields };
}

/**
 * A refusal as a list of lines: each field problem as "label: rule in words" (the label is the field's name on the
 * page, the field itself where the page has none), else the code's sentence.
 */
export function refusalLines(refusal: ServiceRefusal, label: (p: FieldProblem) => string = (p) => p.field): string[] {
  return refusal.fields.length ? refusal.fields.map((p) => `${label(p)}: ${p.text}`) : [refusal.message];
}

/** A refusal of a service as a list of messages for the page, in its language (refusalLines); null for anything else. */
export function refusalMessages(error: unknown, t: Translate): string[] | null {
  const refusal = serviceRefusal(error, t);
  return refusal ? refusalLines(refusal) : null;
}

/** A refusal of a service (4xx) as its status and lines, each field named by its label on the page; null for anything else. */
export function labelledRefusal(error: unknown, t: Translate, label: (p: FieldProblem) => string): { status: number; problems: string[] } | null {
  const refusal = serviceRefusal(error, t);
  return refusal ? { status: refusal.status, problems: refusalLines(refusal, label) } : null;
}
