/**
 * The unit registry files (config/units/*.yaml): a pure parser and validator, no Nest, no database, no I/O.
 *
 * File shape (file-level defaults, each overridable per record):
 * ```yaml
 * level: province            # national | ministry | province | department | district | commune
 * validFrom: 2008-08-01      # YYYY-MM-DD, first day the unit exists
 * validTo: 2025-06-30        # YYYY-MM-DD, last day it exists (inclusive); null or absent = still valid
 * parent: VN                 # code of the unit above it; required except for the national unit
 * group: ...                 # ranking group; required for ministries (with_public_services | without_public_services)
 * units:
 *   - { code: "01", name: { vi: "Hà Nội", en: "Ha Noi" }, kind: centrally_run_city }
 *   - { code: "37", name: { vi: "Ninh Bình" }, validFrom: 2025-07-01, predecessors: ["37", "35", "36"] }
 * ```
 * A unit is identified by (level, code, validFrom): a reform that changes a unit's territory ends the old record and
 * starts a new one, linked to the old ones by `predecessors`, so that results of different years can be compared.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { LocalizedText, UnitLevel } from '../engine/framework.model';

export const UNIT_LEVELS: readonly UnitLevel[] = ['national', 'ministry', 'province', 'department', 'district', 'commune'];
export const MINISTRY_GROUPS = ['with_public_services', 'without_public_services'] as const;
/** Only for provinces: a thành phố trực thuộc trung ương. Absent means an ordinary tỉnh. */
export const UNIT_KINDS = ['centrally_run_city'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitRecord {
  level: UnitLevel;
  code: string;
  name: LocalizedText;
  validFrom: string;
  validTo?: string | null;
  parent?: string | null;
  group?: string | null;
  kind?: UnitKind | null;
  /** Codes of the units (same level, valid the day before validFrom) this one was formed from. */
  predecessors?: string[];
  /** Where the record was declared; only used to point error messages at the file. */
  source?: { file: string; index: number };
}

export interface UnitFileError {
  file: string;
  /** e.g. `units[3].code`, or `(root)` */
  path: string;
  rule: string;
  /** 1-based line of the offending node, when it exists in the text. */
  line?: number;
}

export type UnitFileResult = { ok: true; units: UnitRecord[] } | { ok: false; errors: UnitFileError[] };

export function formatUnitFileError(e: UnitFileError): string {
  return `${e.file}${e.line === undefined ? '' : `:${e.line}`}: ${e.path}: ${e.rule}`;
}

const ROOT_KEYS = new Set(['level', 'validFrom', 'validTo', 'parent', 'group', 'units']);
const UNIT_KEYS = new Set(['level', 'code', 'name', 'validFrom', 'validTo', 'parent', 'group', 'kind', 'predecessors']);
const NAME_KEYS = new Set(['vi', 'en']);
// Upper-case so that codes compare without case folding; dots and dashes for composed codes (e.g. departments).
const CODE = /^[0-9A-Z]+(?:[.-][0-9A-Z]+)*$/;
const GROUP = /^[a-z][a-z0-9_]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OPEN_END = '9999-12-31';

type Segment = string | number;
type Obj = Record<string, unknown>;
type Fail = (path: Segment[], rule: string) => void;

export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function dayBefore(date: string): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] - 1)).toISOString().slice(0, 10);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pathText(segments: Segment[]): string {
  if (segments.length === 0) return '(root)';
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function parseUnitFile(text: string, fileName: string): UnitFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => ({
      file: fileName,
      path: '(root)',
      rule: `invalid YAML: ${e.message.split('\n')[0]}`,
      line: lines.linePos(e.pos[0]).line,
    }));
    return { ok: false, errors };
  }

  const errors: UnitFileError[] = [];
  const fail: Fail = (segments, rule) =>
    errors.push({ file: fileName, path: pathText(segments), rule, line: lineOf(doc, lines, segments) });
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isObj(root)) {
    fail([], 'must be a mapping with a `units` list');
    return { ok: false, errors };
  }
  for (const key of Object.keys(root)) if (!ROOT_KEYS.has(key)) fail([key], 'unknown key');

  const defaults: Obj = {};
  for (const key of ['level', 'validFrom', 'validTo', 'parent', 'group'] as const) {
    if (key in root) defaults[key] = root[key];
  }
  // Defaults are type-checked once, where they are written, rather than once per record that inherits them.
  const defaultsOk = checkTypes(defaults, [], fail);

  const list = root.units;
  if (list === undefined || list === null) fail(['units'], 'required');
  else if (!Array.isArray(list)) fail(['units'], 'must be a list');
  else if (list.length === 0) fail(['units'], 'must not be empty');

  const units: UnitRecord[] = [];
  const seen = new Map<string, number>();
  (Array.isArray(list) ? (list as unknown[]) : []).forEach((raw, index) => {
    const at: Segment[] = ['units', index];
    if (!isObj(raw)) return fail(at, 'must be a mapping');
    for (const key of Object.keys(raw)) if (!UNIT_KEYS.has(key)) fail([...at, key], 'unknown key');
    const own = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'code' && k !== 'name'));
    const merged: Obj = { ...defaults, ...own };
    const before = errors.length;
    checkTypes(own, at, fail);
    checkRecord(merged, at, fail);
    const code = checkCode(raw.code, [...at, 'code'], fail);
    const name = checkName(raw.name, [...at, 'name'], fail);
    if (errors.length > before || code === undefined || name === undefined || !defaultsOk) return;

    const record: UnitRecord = {
      level: merged.level as UnitLevel,
      code,
      name,
      validFrom: merged.validFrom as string,
      validTo: (merged.validTo as string | null | undefined) ?? null,
      parent: (merged.parent as string | null | undefined) ?? null,
    };
    if (merged.group != null) record.group = merged.group as string;
    if (merged.kind != null) record.kind = merged.kind as UnitKind;
    if (merged.predecessors !== undefined) record.predecessors = [...(merged.predecessors as string[])];
    record.source = { file: fileName, index };

    const key = `${record.level} ${record.code} from ${record.validFrom}`;
    const first = seen.get(key);
    if (first !== undefined) fail([...at, 'code'], `duplicate unit ${key} (also units[${first}])`);
    else seen.set(key, index);
    units.push(record);
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, units };
}

/** Type-checks the fields a record shares with the file defaults, each where it is written. */
function checkTypes(o: Obj, at: Segment[], fail: Fail): boolean {
  let ok = true;
  const bad = (key: string, rule: string) => ((ok = false), fail([...at, key], rule));
  if ('level' in o && !UNIT_LEVELS.includes(o.level as UnitLevel)) bad('level', `must be one of ${UNIT_LEVELS.join(', ')}`);
  for (const key of ['validFrom', 'validTo'] as const) {
    const v = o[key];
    if (!(key in o) || (key === 'validTo' && v === null)) continue;
    // Unquoted dates stay strings in YAML 1.2; a Date here means the file asked for YAML 1.1 timestamps.
    if (typeof v !== 'string' || !isIsoDate(v)) bad(key, 'must be a date YYYY-MM-DD');
  }
  for (const key of ['parent', 'group', 'kind'] as const) {
    const v = o[key];
    if (!(key in o) || v === null) continue;
    if (typeof v !== 'string') bad(key, 'must be a string');
    else if (key === 'parent' && !CODE.test(v)) bad(key, 'must be a unit code (A-Z, 0-9)');
    else if (key === 'group' && !GROUP.test(v)) bad(key, 'must be snake_case');
    else if (key === 'kind' && !(UNIT_KINDS as readonly string[]).includes(v)) bad(key, `must be one of ${UNIT_KINDS.join(', ')}`);
  }
  if ('predecessors' in o && !checkPredecessors(o.predecessors, [...at, 'predecessors'], fail)) ok = false;
  return ok;
}

/** The rules on a whole record, after its file defaults are applied. */
function checkRecord(o: Obj, at: Segment[], fail: Fail): void {
  const bad = (key: string, rule: string) => fail([...at, key], rule);
  if (o.level === undefined) bad('level', 'required');
  if (o.validFrom === undefined) bad('validFrom', 'required');
  const [from, to] = [o.validFrom, o.validTo];
  if (typeof from === 'string' && typeof to === 'string' && isIsoDate(from) && isIsoDate(to) && to < from) {
    bad('validTo', `must not be before validFrom ${from}`);
  }
  const hasParent = o.parent !== undefined && o.parent !== null;
  if (o.level === 'national' && hasParent) bad('parent', 'must be empty for the national unit');
  if (o.level !== undefined && o.level !== 'national' && !hasParent) bad('parent', 'required');
  // The MDTI ranks ministries within their group only: a ministry without one could not be ranked.
  if (o.level === 'ministry' && !(MINISTRY_GROUPS as readonly unknown[]).includes(o.group)) {
    bad('group', o.group == null ? 'required for a ministry' : `must be one of ${MINISTRY_GROUPS.join(', ')}`);
  }
  if (o.kind != null && o.level !== 'province') bad('kind', 'only for a province');
}

function checkPredecessors(v: unknown, at: Segment[], fail: Fail): boolean {
  if (!Array.isArray(v)) return (fail(at, 'must be a list of unit codes'), false);
  if (v.length === 0) return (fail(at, 'must not be empty (omit it for a unit without lineage)'), false);
  let ok = true;
  const seen = new Set<string>();
  v.forEach((code: unknown, i) => {
    const rule =
      typeof code !== 'string'
        ? 'must be a string (quote codes: "01")'
        : !CODE.test(code)
          ? 'must be a unit code (A-Z, 0-9)'
          : seen.has(code)
            ? `duplicate "${code}"`
            : undefined;
    if (rule) {
      ok = false;
      fail([...at, i], rule);
    } else seen.add(code as string);
  });
  return ok;
}

function checkCode(v: unknown, at: Segment[], fail: Fail): string | undefined {
  if (v === undefined || v === null) return void fail(at, 'required');
  // YAML reads 01 as the number 1: the leading zero of a GSO code would be lost silently.
  if (typeof v !== 'string') return void fail(at, 'must be a string (quote codes: "01")');
  if (!CODE.test(v)) return void fail(at, 'must be a unit code (A-Z, 0-9)');
  return v;
}

function checkName(v: unknown, at: Segment[], fail: Fail): LocalizedText | undefined {
  if (v === undefined || v === null) return void fail(at, 'required');
  if (!isObj(v)) return void fail(at, 'must be a mapping { vi, en }');
  let ok = true;
  for (const key of Object.keys(v)) {
    if (NAME_KEYS.has(key)) continue;
    ok = false;
    fail([...at, key], 'unknown key');
  }
  const text = (key: 'vi' | 'en', required: boolean): string | undefined => {
    const s = v[key];
    if (s === undefined && !required) return undefined;
    const rule =
      s === undefined || s === null || s === ''
        ? 'required'
        : typeof s !== 'string'
          ? 'must be a string'
          : s.trim() !== s || /\s{2}|[\p{Cc}]/u.test(s)
            ? 'must not have leading, trailing, double or control whitespace'
            : // Lookups and collation compare code points: an NFD "Hà Nội" pasted from elsewhere would not match.
              key === 'vi' && s.normalize('NFC') !== s
              ? 'must be Unicode NFC'
              : key === 'en' && !/^[\x20-\x7e]+$/.test(s)
                ? 'must be plain ASCII (English names carry no diacritics)'
                : undefined;
    if (!rule) return s as string;
    ok = false;
    fail([...at, key], rule);
    return undefined;
  };
  const vi = text('vi', true);
  const en = text('en', false);
  if (!ok || vi === undefined) return undefined;
  return en === undefined ? { vi } : { vi, en };
}

function lineOf(doc: Document, lines: LineCounter, segments: Segment[]): number | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return lines.linePos(range[0]).line;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-file checks, over the records of all the registry's files.

/** National above ministries and provinces, above departments and districts, above communes. */
const DEPTH: Record<UnitLevel, number> = { national: 0, ministry: 1, province: 1, department: 2, district: 2, commune: 3 };

function where(r: UnitRecord): string {
  return r.source ? `${r.source.file}: units[${r.source.index}]` : `${r.level} ${r.code} from ${r.validFrom}`;
}

function span(r: UnitRecord): string {
  return `${r.validFrom}..${r.validTo ?? 'open'}`;
}

const end = (r: UnitRecord) => r.validTo ?? OPEN_END;
const validOn = (r: UnitRecord, day: string) => r.validFrom <= day && day <= end(r);

/**
 * Checks what no single file can: unique (level, code, validFrom); no overlapping validity of one level+code;
 * predecessors that resolve to a unit of the same level valid the day before validFrom; a parent of a higher level
 * valid over the whole validity of the child. Returns the errors, empty when the registry is consistent.
 */
export function checkUnitRegistry(records: UnitRecord[]): string[] {
  const errors: string[] = [];
  const byCode = new Map<string, UnitRecord[]>();
  for (const r of records) {
    const list = byCode.get(r.code);
    if (list) list.push(r);
    else byCode.set(r.code, [r]);
  }

  for (const list of byCode.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        if (a.level !== b.level) continue;
        if (a.validFrom === b.validFrom) {
          errors.push(`${where(b)}.code: duplicate unit ${b.level} ${b.code} from ${b.validFrom} (also ${where(a)})`);
        } else if (a.validFrom <= end(b) && b.validFrom <= end(a)) {
          errors.push(`${where(b)}.validFrom: validity ${span(b)} overlaps ${b.level} ${b.code} ${span(a)} (${where(a)})`);
        }
      }
    }
  }

  for (const r of records) {
    const day = dayBefore(r.validFrom);
    (r.predecessors ?? []).forEach((code, i) => {
      const found = (byCode.get(code) ?? []).some((p) => p.level === r.level && validOn(p, day));
      if (!found) errors.push(`${where(r)}.predecessors[${i}]: unknown unit "${code}" valid on ${day}`);
    });

    if (r.parent == null) continue;
    const above = (byCode.get(r.parent) ?? []).filter((p) => DEPTH[p.level] < DEPTH[r.level]);
    if (above.length === 0) {
      errors.push(`${where(r)}.parent: unknown unit "${r.parent}" above level ${r.level}`);
    } else if (!above.some((p) => p.validFrom <= r.validFrom && end(r) <= end(p))) {
      const spans = above.map(span).join(', ');
      errors.push(`${where(r)}.parent: unit "${r.parent}" (${spans}) is not valid over the whole of ${span(r)}`);
    }
  }
  return errors;
}
