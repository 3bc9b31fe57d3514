import type { EntityManager } from 'typeorm';
import { AUDIT_AREAS, AUDIT_ACTIONS_BY_AREA, isAuditAction } from '../audit/audit-actions';
import type { AuditEntryView } from '../audit/audit-entry.view';
import { unitNamesByIds } from '../units/units.queries';
import { usersByIds } from '../users/users.queries';
import { finalReasonText } from './final-reason';
import { lockedText } from './framework-tree.model';
import { localName, type Lang, type Translate } from './i18n';
import { auditWords } from './i18n/audit-words';

/** One field of an entry's change: its name in words, the value before and after (absent: null). */
export interface AuditChangeRow {
  field: string;
  before: string | null;
  after: string | null;
}

/** An audit entry as people read it. */
export interface AuditRow {
  id: string;
  action: string;
  at: string;
  actor: string;
  actorEmail: string | null;
  actionWords: string;
  unit: string | null;
  entity: string;
  changes: AuditChangeRow[];
  requestId: string | null;
}

/** The names the log's ids stand for: people (name and e-mail) and units (in the page's language). */
export interface AuditNames {
  users: Map<string, { name: string; email: string }>;
  units: Map<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Fields whose value is a code with words elsewhere in the dictionary: the key prefix of those words. */
const CODED_FIELDS: Record<string, string[]> = {
  phase: ['phase'],
  role: ['role'],
  status: ['status'],
  level: ['catalog.level'],
  period: ['catalog.period'],
  // A unit's kind, or an export's.
  kind: ['catalog.kind', 'ca.kind'],
  method: ['catalog.method'],
  authorRole: ['role'],
};
/** A value longer than this is cut, so that one entry (a framework's tree, a list of answers) cannot fill the page. */
export const AUDIT_VALUE_MAX_CHARS = 120;

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
};
const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
};
const numberFormats: Record<Lang, Intl.NumberFormat> = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

/** A moment in Vietnam time, in the page language's way of writing it. */
export const auditTime = (at: Date | string, lang: Lang): string => dateTimeFormats[lang].format(new Date(at));

/** Every id in the entries' actors, units and values, to look their names up in one read each. */
export function idsOf(entries: readonly AuditEntryView[]): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string' && UUID.test(value)) ids.add(value);
    else if (depth < 3 && Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (depth < 3 && value && typeof value === 'object') Object.values(value).forEach((v) => visit(v, depth + 1));
  };
  for (const e of entries) {
    if (e.actorId) ids.add(e.actorId);
    if (e.unitId) ids.add(e.unitId);
    if (UUID.test(e.entityId)) ids.add(e.entityId);
    visit(e.before, 0);
    visit(e.after, 0);
  }
  return [...ids];
}

/** The names of people and units these ids stand for (the owners' query functions; an unknown id is absent). */
export async function auditNames(manager: EntityManager, ids: readonly string[], lang: Lang): Promise<AuditNames> {
  const [users, units] = await Promise.all([usersByIds(manager, ids), unitNamesByIds(manager, ids)]);
  return {
    users: new Map(users.map((u) => [u.id, { name: u.fullName, email: u.email }])),
    units: new Map([...units].map(([id, u]) => [id, `${localName(u, lang)} (${u.code})`])),
  };
}

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
const shorten = (text: string): string => (text.length > AUDIT_VALUE_MAX_CHARS ? `${text.slice(0, AUDIT_VALUE_MAX_CHARS - 1)}…` : text);

/** Reads the codes, ids, dates and lists an entry records as words. */
export class AuditPresenter {
  private readonly words;

  constructor(
    private readonly t: Translate,
    private readonly lang: Lang,
    private readonly names: AuditNames,
  ) {
    this.words = auditWords(lang);
  }

  row(e: AuditEntryView): AuditRow {
    const user = e.actorId ? this.names.users.get(e.actorId) : undefined;
    return {
      id: e.id,
      action: e.action,
      at: auditTime(e.at, this.lang),
      actor: user ? user.name : e.actorId ? e.actorLabel : `${this.t('audit.system')} (${e.actorLabel})`,
      // A deleted account: the e-mail it had then (actorLabel).
      actorEmail: user ? user.email : e.actorId ? e.actorLabel : null,
      actionWords: isAuditAction(e.action) ? this.words.actions[e.action] : e.action,
      unit: e.unitId ? (this.names.units.get(e.unitId) ?? this.id(e.unitId)) : null,
      entity: this.entity(e),
      changes: this.changes(e.before, e.after),
      requestId: e.requestId,
    };
  }

  /** The kind of entity in words, and what it is called where the entry says it. */
  private entity(e: AuditEntryView): string {
    const kind = this.words.entities[e.entityType] ?? e.entityType;
    const payload = (e.after ?? e.before ?? {}) as Record<string, unknown>;
    const named = this.names.users.get(e.entityId)?.name ?? this.names.units.get(e.entityId) ?? this.text(payload.nameVi ?? payload.fileName ?? payload.indicatorCode ?? payload.code ?? null);
    return named && named !== this.t('audit.empty') ? `${kind}: ${named}` : kind;
  }

  /** Each field that differs between before and after (one level of nesting read as "field › part"). */
  changes(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChangeRow[] {
    const b = this.flatten(before);
    const a = this.flatten(after);
    const rows: AuditChangeRow[] = [];
    for (const path of new Set([...b.keys(), ...a.keys()])) {
      // The entity's own id: the entity column names it.
      if (path === 'id') continue;
      // Nothing on one side and an empty value on the other (a new record's unset fields) is no change to show.
      if ((!b.has(path) && isEmpty(a.get(path))) || (!a.has(path) && isEmpty(b.get(path)))) continue;
      if (b.has(path) && a.has(path) && JSON.stringify(b.get(path)) === JSON.stringify(a.get(path))) continue;
      rows.push({
        field: path
          .split('.')
          .map((part) => this.words.fields[part] ?? part)
          .join(' › '),
        before: b.has(path) ? this.value(path, b.get(path)) : null,
        after: a.has(path) ? this.value(path, a.get(path)) : null,
      });
    }
    return rows;
  }

  private flatten(value: Record<string, unknown> | null): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const [key, v] of Object.entries(value ?? {})) {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [sub, w] of Object.entries(v)) out.set(`${key}.${sub}`, w);
      else out.set(key, v);
    }
    return out;
  }

  private value(path: string, value: unknown): string {
    const field = path.split('.').pop() ?? path;
    for (const prefix of typeof value === 'string' ? (CODED_FIELDS[field] ?? []) : []) {
      const words = this.t(`${prefix}.${value as string}` as never);
      if (words !== `${prefix}.${value as string}`) return words;
    }
    if (typeof value === 'string' && this.words.values[`${field}.${value}`]) return this.words.values[`${field}.${value}`];
    // A version's lock, as the framework page says it: by the cycle's year and level.
    if (field === 'lockedReason' && typeof value === 'string') return lockedText(value, this.t);
    if (field === 'reason' && typeof value === 'string') return this.text(finalReasonText(value, this.t));
    return this.text(value);
  }

  /** A value in words: a name for a known id, a date in Vietnam time, yes/no, a list joined, all cut to a line. */
  text(value: unknown): string {
    if (value === null || value === undefined || value === '') return this.t('audit.empty');
    if (typeof value === 'boolean') return this.t(value ? 'audit.yes' : 'audit.no');
    if (typeof value === 'number') return numberFormats[this.lang].format(value);
    if (typeof value === 'string') {
      if (UUID.test(value)) return this.id(value);
      if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return auditTime(value, this.lang);
      if (DATE.test(value) && !Number.isNaN(Date.parse(value))) return dateFormats[this.lang].format(new Date(value));
      // An id inside a sentence ("used by cycle 2022 province (<id>)"): its name too.
      return shorten(value.replace(UUIDS, (id) => this.id(id)));
    }
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== 'object')) return shorten(value.map((v) => this.text(v)).join(', ')) || this.t('audit.empty');
      // Answers, finals: each indicator with its value (or points), so a save reads "NT.06: có" rather than "1 mục".
      if (value.every((v) => v && typeof v === 'object' && typeof (v as { indicatorCode?: unknown }).indicatorCode === 'string')) {
        const each = value as { indicatorCode: string; value?: unknown; points?: unknown }[];
        return shorten(each.map((v) => `${v.indicatorCode}: ${this.text(v.value ?? v.points ?? null)}`).join('; '));
      }
      return this.t('audit.items', { count: value.length });
    }
    return this.t('audit.items', { count: Object.keys(value).length });
  }

  /** A person's or unit's name for its id, else the id's first 8 characters. */
  private id(id: string): string {
    const user = this.names.users.get(id);
    return user ? `${user.name} <${user.email}>` : (this.names.units.get(id) ?? `${id.slice(0, 8)}…`);
  }
}

/** The action picker's options: each area's actions in words, areas in the order of the yearly cycle. */
export function actionGroups(lang: Lang): { label: string; actions: { code: string; label: string }[] }[] {
  const words = auditWords(lang);
  return AUDIT_AREAS.map((area) => ({ label: words.areas[area], actions: AUDIT_ACTIONS_BY_AREA[area].map((code) => ({ code, label: words.actions[code] })) }));
}
