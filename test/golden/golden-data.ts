import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The golden data (COINr's ASEM stages, DESI 2022, OECD DGI...) is read at run time from GOLDEN_DATA_DIR, by default
 * ../shared/anchors beside the repository; it is never copied into the project.
 */
export const GOLDEN_DATA_DIR = resolve(process.env.GOLDEN_DATA_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'anchors'));

export function goldenAvailable(...parts: string[]): boolean {
  return existsSync(join(GOLDEN_DATA_DIR, ...parts));
}

export const skipMessage = (what: string): string =>
  `golden data ${what} not found under ${GOLDEN_DATA_DIR} (set GOLDEN_DATA_DIR): these tests are skipped`;

export interface Csv {
  header: string[];
  rows: Record<string, string>[];
}

/** RFC 4180 enough for these files: quoted fields with doubled quotes, a BOM, CRLF or LF. */
export function parseCsv(text: string): Csv {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records.filter((r) => r.length > 1 || r[0] !== '');
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

export function readGoldenCsv(...parts: string[]): Csv {
  return parseCsv(readFileSync(join(GOLDEN_DATA_DIR, ...parts), 'utf8'));
}

/** R writes NA for a missing value. */
export const num = (s: string | undefined): number | null =>
  s === undefined || s === '' || s === 'NA' || s === 'NaN' ? null : Number(s);
