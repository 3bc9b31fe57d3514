import { cellNumber, clip } from './cells';

/**
 * A CSV file as people save it: Excel in a Vietnamese (or European) locale writes ';' between cells because the
 * comma is its decimal mark ("0,75"), and "CSV UTF-8" puts a BOM first. The separator is read from the header line
 * (outside quotes), never guessed per row; a decimal comma is accepted only where the separator is ';', so that a
 * ','-separated file's "1,5" is still refused rather than guessed. Every CSV reader of the platform (cli score, the
 * system values import) uses this one detector, and says what it detected.
 */

export type CsvSeparator = ',' | ';' | '\t';

export interface CsvDialect {
  separator: CsvSeparator;
  /** Numbers may be written with a decimal comma (and a dot between thousands): only where the separator is ';'. */
  decimalComma: boolean;
  /** The file began with a UTF-8 byte order mark. */
  bom: boolean;
}

export interface CsvTextRead {
  /** The text without its BOM. */
  text: string;
  dialect: CsvDialect;
}

const CANDIDATES: readonly CsvSeparator[] = [',', ';', '\t'];

/** The separators of the header line counted outside quotes: the line ends at the first line break outside quotes. */
function headerCounts(text: string): Map<CsvSeparator, number> {
  const counts = new Map<CsvSeparator, number>(CANDIDATES.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch as CsvSeparator)) counts.set(ch as CsvSeparator, counts.get(ch as CsvSeparator)! + 1);
  }
  return counts;
}

/** The BOM stripped and the separator the header uses most (',' on a tie or when it has none: one column). */
export function detectCsvDialect(text: string): CsvTextRead {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const counts = headerCounts(body);
  let separator: CsvSeparator = ',';
  for (const candidate of CANDIDATES) if (counts.get(candidate)! > counts.get(separator)!) separator = candidate;
  return { text: body, dialect: { separator, decimalComma: separator === ';', bom } };
}

const SEPARATOR_NAMES: Record<CsvSeparator, string> = { ',': "','", ';': "';'", '\t': 'tab' };

/** What was detected, said to the person who saved the file: "phân tách ';', dấu thập phân ',', có BOM". */
export function describeCsvDialect(dialect: CsvDialect): string {
  return `phân tách ${SEPARATOR_NAMES[dialect.separator]}, dấu thập phân '${dialect.decimalComma ? ',' : '.'}', ${dialect.bom ? 'có BOM' : 'không BOM'}`;
}

// With a decimal comma, a dot groups thousands (Excel writes "1.234,5" for a cell formatted with separators).
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const GROUPED = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
// "1.234" alone is a thousand and more, or one and a bit written with a dot: never guessed. "1.234.567" is not.
const AMBIGUOUS = /^[+-]?\d{1,3}\.\d{3}$/;

/**
 * A cell as a number in the file's dialect, or undefined. Without a decimal comma: as cellNumber (a dot for
 * decimals, no grouping). With it: "0,75" → 0.75, "1.234,5" → 1234.5, "1.234.567" → 1234567, a plain "85.5"
 * still 85.5; "1.234" is ambiguous and refused (csvNumberHint says why).
 */
export function dialectNumber(value: unknown, dialect: CsvDialect | undefined): number | undefined {
  if (!dialect?.decimalComma || typeof value !== 'string') return cellNumber(value);
  const text = value.trim();
  if (AMBIGUOUS.test(text)) return undefined;
  if (DECIMAL_COMMA.test(text)) return Number(text.replace(',', '.'));
  if (GROUPED.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  return cellNumber(text);
}

/**
 * Why a cell was refused as a number in a file with decimal commas, as " (…)" to follow the refusal; else ''.
 * (Elsewhere each reader keeps its own "use a dot for decimals" hint.)
 */
export function csvNumberHint(value: unknown, dialect: CsvDialect | undefined): string {
  if (!dialect?.decimalComma || typeof value !== 'string') return '';
  const text = value.trim();
  if (!AMBIGUOUS.test(text)) return '';
  const [whole, part] = text.split('.');
  return ` (in a file separated by ';' the comma is the decimal mark and a dot groups thousands, so ${text} could be either: write ${whole}${part} or ${whole},${part})`;
}

/** Said when no column of a header is known: how it was read and how to save it instead. */
export function headerReadAs(columns: readonly string[], dialect: CsvDialect): string {
  const shown = clip(columns.map((c) => JSON.stringify(c)).join(', '), 120);
  return `row 1 was read as ${columns.length} column(s) separated by ${SEPARATOR_NAMES[dialect.separator]}: ${shown}; in Excel save the file as "CSV UTF-8 (Comma delimited)" (or with ';' as the separator), or as .xlsx`;
}
