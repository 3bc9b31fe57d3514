import { AUDIT_ACTIONS } from '../../src/audit/audit-actions';

/** One word (or pattern) that must not be on a page of a language, with what it is when found. */
interface Leak {
  name: string;
  pattern: RegExp;
}

const word = (w: string): Leak => ({ name: w, pattern: new RegExp(`(?<![\\p{L}\\p{N}_.-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u') });

/** What no page shows in either language: a program's values where words belong. */
const EITHER: Leak[] = [
  word('null'),
  word('undefined'),
  word('NaN'),
  { name: '[object Object]', pattern: /\[object Object\]/ },
  word('Invalid Date'),
  { name: 'raw JSON', pattern: /[{[]\s*"[A-Za-z_]\w*"\s*:/ },
  { name: 'ISO date', pattern: /(?<![\d-])\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}[\d:.]*Z?)?(?![\d-])/ },
  { name: 'UUID', pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i },
  { name: 'code in camelCase', pattern: /(?<![\p{L}\p{N}.@/-])[a-z]+(?:[A-Z][a-z]+)+(?![\p{L}\p{N}.@/-])/u },
  { name: 'code with underscores', pattern: /(?<![\p{L}\p{N}.@/-])[a-z]+(?:_[a-z]+)+(?![\p{L}\p{N}.@/-])/u },
  // The audit log's action codes (review.decide, user.create …): the pages say them in words.
  ...AUDIT_ACTIONS.map(word),
];

/**
 * English on a Vietnamese page: the words the issue saw (levels, aggregations, input types, rules, the framework's
 * status words, the API's refusals) and their kin. Proper names and acronyms (DTI, Excel, API, PDF) are not here.
 */
const ENGLISH: Leak[] = [
  'must be', 'must not', 'is required', 'should be', 'not found', 'already', 'applied to', 'data year',
  'points', 'province', 'provinces', 'ministry', 'ministries', 'national', 'department', 'district', 'commune',
  'boolean', 'percent', 'integer', 'number', 'numbers', 'choice', 'text', 'ratio', 'target', 'bands', 'formula', 'manual',
  'weighted_mean', 'geometric_mean', 'minmax', 'zscore', 'goalposts',
  'OFFICIAL', 'ILLUSTRATIVE', 'official', 'illustrative', 'not official',
  'self', 'expert', 'system', 'survey', 'required', 'optional', 'none',
  'draft', 'open', 'review', 'scoring', 'published', 'submitted', 'returned', 'queued', 'running', 'succeeded', 'failed',
  'accept', 'adjust', 'clarify', 'median', 'mean', 'lead', 'objection', 'spread',
  'true', 'false', 'yes', 'no', 'Yes', 'No', 'the', 'and', 'of', 'with', 'from', 'version', 'Version', 'rank', 'score',
  'is', 'are', 'by', 'for', 'pending', 'reviewer', 'reviewers', 'decides', 'used', 'cycle', 'unit', 'units', 'user', 'level', 'group', 'value', 'index',
].map(word);

/** A letter only Vietnamese writes (a vowel with a tone or a hat, đ): on an English page, a Vietnamese word. */
const VIETNAMESE_WORD = /[\p{L}]*[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ][\p{L}]*/iu;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * What a person reads on a page: the text (the title included; scripts, styles and comments not), and the texts of
 * the attributes said or shown to them (title, alt, aria-label, placeholder), entities decoded, spaces collapsed.
 */
export function pageText(html: string): string {
  const said = [...html.matchAll(/\s(?:title|alt|aria-label|placeholder)="([^"]*)"/gi)].map((m) => m[1]);
  const body = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...said]
    .join(' \n ')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) =>
      name[0] === '#' ? String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : (ENTITIES[name] ?? whole),
    )
    .replace(/\s+/g, ' ');
}

/** A leak found: the page, the word, and the words around it (to find it on the page). */
export interface FoundLeak {
  page: string;
  word: string;
  near: string;
}

/** The page's text without the data it shows as stored (names of units, people, frameworks, indicators, options; e-mail addresses). */
function withoutData(text: string, data: readonly string[]): string {
  let rest = text;
  for (const d of data) if (d) rest = rest.split(d).join(' ');
  // E-mail addresses, and the numbers of legal documents (922/QĐ-BTTTT: a decision's number is its name).
  return rest.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ').replace(/\d+\/QĐ-[A-ZĐ]+/g, ' ');
}

/**
 * The leaks of one page in its language: on a Vietnamese page the English words of the list and a program's values; on
 * an English page every Vietnamese word that is not data, and a program's values.
 */
export function languageLeaks(page: string, html: string, lang: 'vi' | 'en', data: readonly string[]): FoundLeak[] {
  const text = withoutData(pageText(html), data);
  const found: FoundLeak[] = [];
  const check = (name: string, pattern: RegExp) => {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    const seen = new Set<string>();
    for (const m of text.matchAll(global)) {
      const shown = name === 'Vietnamese' ? m[0] : name;
      if (seen.has(shown)) continue;
      seen.add(shown);
      found.push({ page, word: shown, near: text.slice(Math.max(0, m.index - 50), m.index + m[0].length + 50).trim() });
    }
  };
  for (const leak of EITHER) check(leak.name, leak.pattern);
  if (lang === 'vi') for (const leak of ENGLISH) check(leak.name, leak.pattern);
  else check('Vietnamese', VIETNAMESE_WORD);
  return found;
}
