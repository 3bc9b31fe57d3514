import type { InputIssueCode } from './errors';
import type { RawValue } from './types';

/** What a leaf's raw value must parse to before its rule or normalisation sees it. */
export type ValueKind = 'boolean' | 'number' | 'choice' | 'numbers' | 'none';

export interface ParseSpec {
  kind: ValueKind;
  min?: number;
  max?: number;
  integer?: boolean;
  choices?: ReadonlySet<string>;
  names?: readonly string[];
}

export type ParsedValue = boolean | number | string | Record<string, number>;

/** Parsing returns the value, null for "no answer", or a ParseIssue; only a refused value allocates. */
export class ParseIssue {
  constructor(
    readonly issue: InputIssueCode,
    readonly message: string,
  ) {}
}

export type ParseOutcome = ParsedValue | null | ParseIssue;

// Data files carry booleans in several spellings (DESIGN.md, "In data files"); anything else is refused.
const TRUE_WORDS = new Set(['true', '1', 'có', 'co', 'yes', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'không', 'khong', 'no']);
// A dot for decimals, no thousands separators: "1,5" is refused rather than guessed.
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export const isAbsent = (raw: RawValue): raw is null | undefined | '' =>
  raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');

export function parseNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') {
    const t = raw.trim();
    return NUMBER_TEXT.test(t) ? Number(t) : undefined;
  }
  return undefined;
}

const describe = (raw: RawValue): string => (typeof raw === 'string' ? JSON.stringify(raw) : String(raw));

export function parseRaw(raw: RawValue, spec: ParseSpec): ParseOutcome {
  if (isAbsent(raw)) return null;
  switch (spec.kind) {
    case 'none':
      return null;
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 1 || raw === 0) return raw === 1;
      if (typeof raw === 'string') {
        const t = raw.trim().toLowerCase();
        if (TRUE_WORDS.has(t)) return true;
        if (FALSE_WORDS.has(t)) return false;
      }
      return new ParseIssue('not_a_boolean', `${describe(raw)} is not a yes/no value`);
    }
    case 'number': {
      const n = parseNumber(raw);
      if (n === undefined) return new ParseIssue('not_a_number', `${describe(raw)} is not a number`);
      if (spec.integer && !Number.isInteger(n)) {
        return new ParseIssue('not_an_integer', `${n} is not a whole number`);
      }
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        return new ParseIssue('out_of_range', `${n} is outside ${spec.min ?? '-∞'}..${spec.max ?? '∞'}`);
      }
      return n;
    }
    case 'choice': {
      const v = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
      if (v === undefined || !spec.choices?.has(v)) {
        return new ParseIssue('unknown_choice', `${describe(raw)} is not one of ${[...(spec.choices ?? [])].join(', ')}`);
      }
      return v;
    }
    case 'numbers': {
      if (typeof raw !== 'object' || raw === null) {
        return new ParseIssue('bad_numbers', `expected the numbers ${spec.names?.join(', ')}`);
      }
      const names = spec.names ?? [];
      let plain = true;
      for (let i = 0; i < names.length && plain; i++) {
        const v = raw[names[i]];
        plain = typeof v === 'number' && Number.isFinite(v);
      }
      // The usual answer (every named input a number) is used as given, without a copy.
      if (plain) return raw;
      const out: Record<string, number> = {};
      let present = 0;
      for (const name of spec.names ?? []) {
        const v = raw[name];
        if (v === null || v === undefined) continue;
        const n = parseNumber(v);
        if (n === undefined) return new ParseIssue('bad_numbers', `${name}: ${describe(v as RawValue)} is not a number`);
        out[name] = n;
        present++;
      }
      // Half an answer cannot be scored; it is refused rather than counted as missing.
      if (present === 0) return null;
      if (present < (spec.names?.length ?? 0)) {
        return new ParseIssue('bad_numbers', `expected all of ${spec.names?.join(', ')}`);
      }
      return out;
    }
  }
}
