import type { FieldProblem } from '../common/domain.exception';
import type { MessageKey, Translate } from './i18n';

/** The services' own rules that the pages put in words, each a sentence without values. */
const DOMAIN_RULES: Partial<Record<string, MessageKey>> = {
  exists: 'field.rule.exists',
  sameLevel: 'field.rule.sameLevel',
  unique: 'field.rule.unique',
  arrayUnique: 'field.rule.unique',
  afterOpensAt: 'field.rule.afterOpensAt',
  afterClosesAt: 'field.rule.afterClosesAt',
  notBeforeValidFrom: 'field.rule.notBeforeValidFrom',
  coversValidity: 'field.rule.coversValidity',
  requiredForOfficer: 'field.rule.requiredForOfficer',
  onlyForOfficer: 'field.rule.onlyForOfficer',
  participant: 'field.rule.participant',
  activeReviewer: 'field.rule.activeReviewer',
  reviewer: 'field.rule.activeReviewer',
  takesEvidence: 'field.rule.takesEvidence',
  unknownField: 'field.rule.unknownField',
  isUuid: 'field.rule.isUuid',
  maxBytes: 'field.rule.maxBytes',
  fileType: 'field.rule.fileType',
  fileRequired: 'field.rule.fileRequired',
  bothOrNeither: 'field.rule.bothOrNeither',
  ownEvidence: 'field.rule.ownEvidence',
  reviewedIndicator: 'field.rule.reviewedIndicator',
  manualOnly: 'field.rule.manualOnly',
  noNulCharacter: 'field.rule.unstorableText',
  wellFormedUnicode: 'field.rule.unstorableText',
  isEmail: 'field.rule.isEmail',
  isNumber: 'field.isNumber',
  isNumberString: 'field.isNumber',
  isInt: 'field.isInt',
  isIn: 'field.isIn',
  isEnum: 'field.isIn',
  isBoolean: 'field.isBoolean',
  isUrl: 'field.url',
  isIso8601: 'field.date',
  isDateString: 'field.date',
  isNotEmpty: 'field.required',
  isDefined: 'field.required',
  isString: 'field.required',
  required: 'field.required',
};

/**
 * The rules whose sentence names a bound, by that sentence; its placeholder ({min}, {max}) is named as the problem's
 * params are (the answer check gives them: answer-value.ts).
 */
const BOUND_RULES: Partial<Record<string, MessageKey>> = {
  min: 'field.min',
  max: 'field.max',
  maxLength: 'field.tooLong',
};

/** A field problem of the API: its params, where it has them, are the numbers its rule's sentence names. */
type Problem = Pick<FieldProblem, 'rule' | 'message'> & { params?: Record<string, string | number> };

/**
 * The bound of a rule, read from its (English) message, class-validator's or the answer check's: the pages say the rule
 * in their own words and need only its numbers ("must not be less than 0", "must be at most 100", "between 1 and 200").
 */
const bound = (message: string, phrase: RegExp): string | null => phrase.exec(message)?.[1] ?? null;

/** A rule's sentence with its bound, or "not valid" where the message gives none (a custom message). */
function withBound(t: Translate, key: MessageKey, name: string, message: string, phrase: RegExp): string {
  const value = bound(message, phrase);
  return value === null ? t('field.invalid') : t(key, { [name]: value });
}

/** A `matches` rule by what its message asks for: a date, a code of letters and digits, else a format. */
function formatText(t: Translate, message: string): string {
  if (/date/i.test(message)) return t('field.date');
  const size = /(\d+)-(\d+) (lower-case )?letters/.exec(message);
  if (size) return t(size[3] ? 'field.lowerCode' : 'field.code', { min: size[1], max: size[2] });
  return t('field.format');
}

/**
 * A field problem of the API in the words of the page: by its rule, with the bounds it names; never the API's own
 * message, which is English (a rule the pages do not know yet reads "not valid", in the page's language).
 */
export function problemText(t: Translate, p: Problem): string {
  const domainRule = DOMAIN_RULES[p.rule];
  if (domainRule) return t(domainRule);
  const bounded = BOUND_RULES[p.rule];
  if (bounded && p.params && Object.keys(p.params).some((k) => k === 'min' || k === 'max')) return t(bounded, p.params);
  const message = p.message.replace(/^[A-Za-z0-9._[\]-]+: /, '');
  const between = /between (-?[\d.]+) and (-?[\d.]+)/.exec(message);
  switch (p.rule) {
    case 'min':
      return withBound(t, 'field.min', 'min', message, /(?:less than|at least) (-?[\d.]+)/);
    case 'max':
      return withBound(t, 'field.max', 'max', message, /(?:greater than|at most) (-?[\d.]+)/);
    case 'dateYears': {
      const years = /years (\d+) to (\d+)/.exec(message);
      return years ? t('field.dateYears', { min: years[1], max: years[2] }) : t('field.date');
    }
    case 'range':
      return between ? t('field.between', { min: between[1], max: between[2] }) : t('field.invalid');
    case 'matches':
      return formatText(t, message);
    case 'arrayMinSize':
      return withBound(t, 'field.arrayMinSize', 'min', message, /at least (\d+)/);
    case 'arrayMaxSize':
      return withBound(t, 'field.arrayMaxSize', 'max', message, /more than (\d+)/);
    case 'maxLength':
    case 'minLength':
    case 'isLength': {
      // class-validator: "between 1 and 200 characters" (CharLength), "longer than or equal to 12", "shorter than or equal to
      // 2000"; the answer check: "at most 20000 characters".
      if (between) return t('field.length', { min: between[1], max: between[2] });
      const max = bound(message, /(?:shorter than or equal to|at most) (\d+)/);
      if (max) return t('field.tooLong', { max });
      const min = bound(message, /longer than or equal to (\d+)/);
      return min && min !== '1' ? t('field.tooShort', { min }) : t('field.required');
    }
    default:
      return t('field.invalid');
  }
}

/**
 * The words a page's script needs to say a field problem itself (the self-assessment's autosave, which reads the API's
 * answer): each rule's sentence in the page's language, a bound left as its placeholder ({min}, {max}) for the script
 * to fill from the problem's params, and `invalid` for a rule not listed or a bound not given. The same sentences as
 * problemText's.
 */
export function problemWords(t: Translate): Record<string, string> {
  const words: Record<string, string> = {};
  for (const [rule, key] of Object.entries({ ...DOMAIN_RULES, ...BOUND_RULES })) if (key) words[rule] = t(key);
  words.invalid = t('field.invalid');
  return words;
}
