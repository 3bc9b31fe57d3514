import { DomainException } from '../common/domain.exception';
import type { LeafEntry } from '../frameworks/framework-tree';
import type { Lang } from './i18n';
import { localized } from './self-assessment.model';

/**
 * What the reviewer's unit page shows of its indicators: all, those still to decide, those the reviewers disagree on,
 * those whose answer changed after they were settled. Kept in the address (?show=), so that a filtered page can be
 * linked, reloaded and works without JavaScript.
 */
export const REVIEW_FILTERS = ['all', 'todo', 'flagged', 'stale'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** Where a row stands for this reviewer, which the summary counts and the filters select by. */
export interface RowMarks {
  code: string;
  section: string;
  /** Accepted or adjusted by this reviewer, and not waiting for a decision again. */
  decided: boolean;
  /** This reviewer asked the unit and waits for its answer. */
  clarifying: boolean;
  /** The reviewers' points are apart by more than the cycle allows (settled by the lead or waiting for it). */
  flagged: boolean;
  /** Flagged and not settled yet: the lead reviewer decides. */
  awaitingLead: boolean;
  /** The answer changed after the value was settled. */
  stale: boolean;
}

export const matchesFilter = (row: RowMarks, show: ReviewFilter): boolean =>
  show === 'all' || (show === 'todo' ? !row.decided : show === 'flagged' ? row.flagged : row.stale);

/** The counts of the summary at the top, and of each section in the menu. */
export interface ReviewCounts {
  total: number;
  decided: number;
  todo: number;
  clarifying: number;
  flagged: number;
  awaitingLead: number;
  stale: number;
}

export function countRows(rows: RowMarks[]): ReviewCounts {
  const count = (test: (r: RowMarks) => boolean) => rows.filter(test).length;
  return {
    total: rows.length,
    decided: count((r) => r.decided),
    todo: count((r) => !r.decided),
    clarifying: count((r) => r.clarifying),
    flagged: count((r) => r.flagged),
    awaitingLead: count((r) => r.awaitingLead),
    stale: count((r) => r.stale),
  };
}

/** A section of the page: a main indicator of the framework (or its top group where it has no deeper one). */
export interface ReviewSection {
  code: string;
  name: string;
  counts: ReviewCounts;
  /** Shown open: the section asked for, one holding the row just saved or refused, or one with something to do again. */
  open: boolean;
  /** How many of its rows the filter shows. */
  shown: number;
}

const OTHER = '-';

/** The section of a leaf: its main indicator (the second level of groups), else its top group, else "other". */
export const sectionOf = (entry: LeafEntry): { code: string; name: LeafEntry['node']['name'] | null } => {
  const node = entry.ancestors[1] ?? entry.ancestors[0];
  return node ? { code: node.code, name: node.name } : { code: OTHER, name: null };
};

/**
 * The sections of the page, in framework order, with their counts. Which are open: with a filter, every section it
 * shows rows of (a filtered list is short); without one, the section asked for, else the one of the row just acted on,
 * else the first with something to do (the whole unit open at once was 64 cards and 22,500 px); and any section with
 * a value to decide again, which a summary above links to.
 */
export function reviewSections(
  rows: RowMarks[],
  entries: Map<string, LeafEntry>,
  lang: Lang,
  otherName: string,
  view: { show: ReviewFilter; section: string | null; focus: string | null; decideAgain: Set<string> },
): ReviewSection[] {
  const order: string[] = [];
  const names = new Map<string, string>();
  const bySection = new Map<string, RowMarks[]>();
  for (const row of rows) {
    const entry = entries.get(row.code);
    const s = entry ? sectionOf(entry) : { code: OTHER, name: null };
    if (!bySection.has(row.section)) {
      order.push(row.section);
      names.set(row.section, s.name ? localized(s.name, lang) : otherName);
      bySection.set(row.section, []);
    }
    bySection.get(row.section)!.push(row);
  }
  const focused = view.section ?? rows.find((r) => r.code === view.focus)?.section ?? order.find((code) => bySection.get(code)!.some((r) => !r.decided)) ?? order[0];
  return order.map((code) => {
    const own = bySection.get(code)!;
    const shown = own.filter((r) => matchesFilter(r, view.show)).length;
    return {
      code,
      name: names.get(code)!,
      counts: countRows(own),
      shown,
      open: view.show !== 'all' ? shown > 0 : code === focused || own.some((r) => view.decideAgain.has(r.code)),
    };
  });
}

/** The filter of the address: one of REVIEW_FILTERS (all when absent), else 400 naming the parameter and the rule. */
export function parseFilter(value: unknown): ReviewFilter {
  if (value === undefined || value === '') return 'all';
  if (typeof value === 'string' && (REVIEW_FILTERS as readonly string[]).includes(value)) return value as ReviewFilter;
  throw DomainException.validation([{ field: 'show', rule: 'isIn', message: `must be one of ${REVIEW_FILTERS.join(', ')}` }]);
}

/** The section of the address: one of the page's sections, or none; else 400 naming the parameter and the rule. */
export function parseSection(value: unknown, sections: string[]): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value === 'string' && sections.includes(value)) return value;
  throw DomainException.validation([{ field: 'section', rule: 'isIn', message: `must be a section of the framework: ${sections.join(', ')}` }]);
}
