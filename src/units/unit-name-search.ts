/**
 * Unit-name search that ignores case and Vietnamese marks: "ha noi", "Ha Noi" and "HÀ NỘI" all find Hà Nội, "da nang"
 * finds Đà Nẵng, "Hòa Bình" finds Hoà Bình. One SQL expression makes the search key of a text, in PostgreSQL's core
 * functions only (no extension): NFD so that every tone and vowel mark (à, ạ, ơ, ư, ă, â…) is a combining character,
 * those characters dropped, Đ/đ written d, runs of white space one space, then lower case (by then the Vietnamese
 * letters are ASCII, lower-cased alike under every collation; no COLLATE either, which would keep the LIKE off the
 * column's index). It is immutable, so the units table keeps the key of both names as a stored generated column
 * (units.name_search, filled by PostgreSQL whoever writes the row: the API, the registry loader, plain SQL), and the
 * query's text goes through the same expression: the two sides cannot drift apart.
 */
export function searchKeySql(expression: string): string {
  return `lower(regexp_replace(translate(regexp_replace(normalize(${expression}, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dD'), '\\s+', ' ', 'g'))`;
}

/** units.name_search: the key of the Vietnamese name, a line break (never in a key), the key of the English name. */
export const UNIT_NAME_SEARCH_SQL = `${searchKeySql('name_vi')} || E'\\n' || ${searchKeySql("coalesce(name_en, '')")}`;

/** A LIKE pattern matching any text that contains `text` literally (%, _ and \ escaped). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;
