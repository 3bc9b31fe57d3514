import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import type { ParticipantView } from '../cycles/cycle.view';
import { progressState, PROGRESS_STATES, type ProgressState, type SubmissionProgressRow } from '../submissions/cycle-progress.queries';
import type { Lang, MessageKey, Translate } from './i18n';
import { formatDay } from './view-setup';

/** One unit's line of a cycle's progress page (and of its export). */
export interface ProgressRow {
  unitId: string;
  code: string;
  name: string;
  state: ProgressState;
  answered: number;
  total: number;
  lastSavedAt: Date | null;
  submittedAt: Date | null;
  /** The end of the unit's window: its extension, else the cycle's close. */
  deadline: Date;
  extended: boolean;
  remindedAt: Date | null;
}

/** How many units stand where, and the share that has submitted (DHIS2's reporting rate). */
export interface ProgressSummary {
  units: number;
  submitted: number;
  inProgress: number;
  notStarted: number;
  /** submitted / units, 0 for a cycle without units. */
  rate: number;
}

export const PROGRESS_SORTS = ['code', 'name', 'state', 'answered', 'lastSaved', 'reminded'] as const;
export type ProgressSort = (typeof PROGRESS_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The participants' lines, from their submissions' progress and their last reminders. */
export function progressRows(
  participants: readonly ParticipantView[],
  progress: ReadonlyMap<string, SubmissionProgressRow>,
  reminders: ReadonlyMap<string, Date>,
  total: number,
  closesAt: Date,
): ProgressRow[] {
  return participants.map((p) => {
    const row = progress.get(p.unitId);
    const extension = p.extensionUntil ? new Date(p.extensionUntil) : null;
    const extended = extension !== null && extension > closesAt;
    return {
      unitId: p.unitId,
      code: p.code,
      name: p.nameVi,
      state: progressState(row),
      answered: row?.answered ?? 0,
      total,
      lastSavedAt: row?.lastSavedAt ?? null,
      submittedAt: row?.submittedAt ?? null,
      deadline: extended ? extension : closesAt,
      extended,
      remindedAt: reminders.get(p.unitId) ?? null,
    };
  });
}

export function summarize(rows: readonly ProgressRow[]): ProgressSummary {
  const count = (state: ProgressState) => rows.filter((r) => r.state === state).length;
  const submitted = count('submitted');
  return { units: rows.length, submitted, inProgress: count('inProgress'), notStarted: count('notStarted'), rate: rows.length ? submitted / rows.length : 0 };
}

/**
 * The page's sort from its address: a column of PROGRESS_SORTS (the unit's code by default) and a direction; anything
 * else is the reader's mistake, refused (400) naming the parameter and what it takes.
 */
export function progressSort(sort: string, dir: string): { sort: ProgressSort; dir: SortDirection } {
  const problems = [];
  if (sort && !(PROGRESS_SORTS as readonly string[]).includes(sort)) {
    problems.push({ field: 'sort', rule: 'isIn', message: `must be one of ${PROGRESS_SORTS.join(', ')}` });
  }
  if (dir && dir !== 'asc' && dir !== 'desc') problems.push({ field: 'dir', rule: 'isIn', message: 'must be one of asc, desc' });
  if (problems.length) throw new DomainException(ErrorCode.ValidationFailed, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  return { sort: (sort || 'code') as ProgressSort, dir: dir === 'desc' ? 'desc' : 'asc' };
}

// Nulls (never saved, never reminded) last whichever the direction: the units that need a look stay together.
const byTime = (a: Date | null, b: Date | null): number | null => (a && b ? a.getTime() - b.getTime() : a ? null : b ? null : 0);

/** The rows in the order asked for, names in the language's collation; ties by code. */
export function sortRows(rows: readonly ProgressRow[], sort: ProgressSort, dir: SortDirection, lang: Lang): ProgressRow[] {
  const collator = new Intl.Collator(lang === 'en' ? 'en' : 'vi', { numeric: true });
  const sign = dir === 'desc' ? -1 : 1;
  const compare: Record<ProgressSort, (a: ProgressRow, b: ProgressRow) => number | null> = {
    code: (a, b) => collator.compare(a.code, b.code),
    name: (a, b) => collator.compare(a.name, b.name),
    state: (a, b) => PROGRESS_STATES.indexOf(a.state) - PROGRESS_STATES.indexOf(b.state),
    answered: (a, b) => a.answered - b.answered,
    lastSaved: (a, b) => byTime(a.lastSavedAt, b.lastSavedAt),
    reminded: (a, b) => byTime(a.remindedAt, b.remindedAt),
  };
  return [...rows].sort((a, b) => {
    const c = compare[sort](a, b);
    if (c === null) return a[sort === 'lastSaved' ? 'lastSavedAt' : 'remindedAt'] ? -1 : 1;
    return c * sign || collator.compare(a.code, b.code);
  });
}

/** A column of the page's table and of its export: its header, and its cell as text. */
export interface ProgressColumn {
  sort: ProgressSort | null;
  header: MessageKey;
  width: number;
  kind: 'text' | 'number';
  of: (r: ProgressRow, t: Translate, lang: Lang) => string | number;
}

export const PROGRESS_COLUMNS: ProgressColumn[] = [
  { sort: 'code', header: 'ca.progress.code', width: 10, kind: 'text', of: (r) => r.code },
  { sort: 'name', header: 'ca.progress.unit', width: 32, kind: 'text', of: (r) => r.name },
  { sort: 'state', header: 'ca.progress.state', width: 16, kind: 'text', of: (r, t) => t(`ca.progress.state.${r.state}`) },
  { sort: 'answered', header: 'ca.progress.answered', width: 12, kind: 'number', of: (r) => r.answered },
  { sort: null, header: 'ca.progress.total', width: 12, kind: 'number', of: (r) => r.total },
  { sort: 'lastSaved', header: 'ca.progress.lastSaved', width: 20, kind: 'text', of: (r, _t, lang) => (r.lastSavedAt ? formatDay(r.lastSavedAt, lang, true) : '') },
  { sort: null, header: 'ca.progress.deadline', width: 20, kind: 'text', of: (r, _t, lang) => formatDay(r.deadline, lang, true) },
  { sort: 'reminded', header: 'ca.progress.reminded', width: 20, kind: 'text', of: (r, _t, lang) => (r.remindedAt ? formatDay(r.remindedAt, lang, true) : '') },
];
