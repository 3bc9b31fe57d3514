/**
 * Vietnamese collation for sorting names (DESIGN.md, Conventions: "Vietnamese collation for sorting by name").
 *
 * ICU's `vi` tailoring follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
 * where ă, â, đ, ê, ô, ơ, ư are letters of their own and tone marks only break ties; the root collation that a
 * small-ICU Node falls back to silently treats ă/â as accents of a, so the spec asserts the locale resolves to `vi`.
 * numeric: "Phường 2" before "Phường 10".
 */
const collator = new Intl.Collator('vi', { usage: 'sort', sensitivity: 'variant', numeric: true });

export function compareVietnamese(a: string, b: string): number {
  // The collator says 0 for canonically equivalent spellings (NFC vs NFD); code points then keep the sort total and
  // deterministic, whatever order the rows came in.
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function vietnameseCollationLocale(): string {
  return collator.resolvedOptions().locale;
}
