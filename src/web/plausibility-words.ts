import type { PlausibilityWarning } from '../submissions/plausibility';
import type { Lang, MessageKey, Translate } from './i18n';
import { formatNumber } from './view-setup';

/** The sentence of each warning; a range by the bounds the framework gives, a change of a named part with its name. */
const SENTENCES = {
  numeratorAboveDenominator: 'plausibility.numeratorAboveDenominator',
  outsideExpected: 'plausibility.outsideExpected',
  belowExpected: 'plausibility.belowExpected',
  aboveExpected: 'plausibility.aboveExpected',
  farFromLastYear: 'plausibility.farFromLastYear',
  farFromLastYearPart: 'plausibility.farFromLastYearPart',
  rareExtreme: 'plausibility.rareExtreme',
} satisfies Record<string, MessageKey>;

/** Which sentence says the warning (a key of SENTENCES; the page's script picks it the same way). */
export function sentenceOf(w: Pick<PlausibilityWarning, 'rule' | 'part' | 'params'>): keyof typeof SENTENCES {
  if (w.rule === 'outsideExpected') {
    if (w.params.min === undefined) return 'aboveExpected';
    if (w.params.max === undefined) return 'belowExpected';
  }
  if (w.rule === 'farFromLastYear' && w.part) return 'farFromLastYearPart';
  return w.rule;
}

/** The params that are shares (0.5), said as percents (50). */
const SHARES = ['change', 'share'];

/** A number as the page says it: a whole number as it is, another with two decimals, in the page's language. */
const said = (n: number, lang: Lang): string => formatNumber(n, Number.isInteger(n) ? 0 : 2, lang);

/** A warning in the page's language, with its numbers written as the page writes numbers. */
export function warningText(t: Translate, w: PlausibilityWarning, lang: Lang): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(w.params)) params[name] = SHARES.includes(name) ? String(Math.round(value * 100)) : said(value, lang);
  if (w.part) params.part = w.part === 'numerator' || w.part === 'denominator' ? t(`plausibility.part.${w.part}`) : w.part;
  return t(SENTENCES[sentenceOf(w)], params);
}

/**
 * The words a page's script needs to say a warning itself (the self-assessment's autosave, from the API's answer):
 * each sentence with its placeholders, the parts' names, the shares among the params.
 */
export function warningWords(t: Translate): { sentences: Record<string, string>; parts: Record<string, string>; shares: string[] } {
  const sentences: Record<string, string> = {};
  for (const [name, key] of Object.entries(SENTENCES)) sentences[name] = t(key);
  return { sentences, parts: { numerator: t('plausibility.part.numerator'), denominator: t('plausibility.part.denominator') }, shares: SHARES };
}
