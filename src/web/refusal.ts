import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import type { MessageKey, Translate } from './i18n';
import { problemText } from './self-assessment.model';

/**
 * What a refusal says on a page, by the API's stable error code, in the page's language: the one mapping of every
 * page. The service's own message is English, written for API clients and logs; a page never shows it.
 */
const CODE_TEXT: Record<ErrorCode, MessageKey> = {
  [ErrorCode.ValidationFailed]: 'refusal.validationFailed',
  [ErrorCode.Unauthenticated]: 'refusal.unauthenticated',
  [ErrorCode.InvalidCredentials]: 'refusal.invalidCredentials',
  [ErrorCode.TooManyLoginFailures]: 'refusal.tooManyLoginFailures',
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
  const message = refusalText(error.code, t);
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
