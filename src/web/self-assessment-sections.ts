import type { Framework } from '../engine/framework.model';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { answeredByUnit } from '../submissions/answer-check';
import type { SubmissionState } from '../submissions/submission.view';

/**
 * The self-assessment in sections: a section is the group right above the indicators, the main indicator of the
 * DTI (Nhận thức số, Thể chế số; Chuyển đổi nhận thức, Kiến tạo thể chế in 2020), which an officer of a province
 * answers as one piece of work, often with one department; its top-level group (I, II; Chính quyền số, Kinh tế số)
 * titles it in the menu when there is one above it. A framework whose top-level nodes hold the indicators directly
 * has those nodes as sections.
 */
export interface SectionOf {
  code: string;
  groupCode: string;
}

/** The whole form in one view, for a filter across every section. */
export const ALL_SECTIONS = 'all';

export const SECTION_FILTERS = ['all', 'todo', 'flagged', 'stale'] as const;
export type SectionFilter = (typeof SECTION_FILTERS)[number];

/** Why an indicator is marked for attention: a reviewer's open clarification request, a plausibility warning. */
export interface IndicatorFlag {
  kind: 'clarification' | 'warning';
  text: string;
  href: string | null;
}

/** What an indicator still needs, as the filters and counts read it. */
export interface IndicatorStatus {
  /** Answered by the unit (system values are not). */
  own: boolean;
  /** Own and without a value yet. */
  todo: boolean;
  flags: IndicatorFlag[];
  /** Required evidence missing; the answer changed after the submission the reviewers have seen. */
  stale: Array<'evidence' | 'changed'>;
}

/** The section of each indicator, in framework order. */
export function sectionsOf(framework: Framework): Map<string, SectionOf> {
  return new Map(
    frameworkLeaves(framework).map(({ node, ancestors }) => {
      const group = ancestors[0] ?? node;
      return [node.code, { code: (ancestors[1] ?? group).code, groupCode: group.code }];
    }),
  );
}

/**
 * Each indicator's status from the submission's state: todo (an own indicator without a value), stale (required
 * evidence missing, or an answer saved after the last submission while the unit has it back: the reviewers have not
 * seen it), and the flags given (clarifications, warnings).
 */
export function indicatorStatuses(framework: Framework, state: SubmissionState, flags: Record<string, IndicatorFlag[]> = {}): Map<string, IndicatorStatus> {
  const evidenceMissing = new Set(state.missing.filter((m) => m.missing === 'evidence').map((m) => m.indicatorCode));
  const submittedAt = state.submission.status !== 'submitted' && state.submission.submittedAt ? new Date(state.submission.submittedAt).getTime() : null;
  const statuses = new Map<string, IndicatorStatus>();
  for (const { node } of frameworkLeaves(framework)) {
    const own = answeredByUnit(node);
    const answer = state.answers[node.code];
    const stale: IndicatorStatus['stale'] = [];
    if (evidenceMissing.has(node.code)) stale.push('evidence');
    if (own && answer && submittedAt !== null && new Date(answer.updatedAt).getTime() > submittedAt) stale.push('changed');
    statuses.set(node.code, {
      own,
      todo: own && (answer?.value === null || answer?.value === undefined),
      flags: flags[node.code] ?? [],
      stale,
    });
  }
  return statuses;
}

/** Whether an indicator is shown under a filter. */
export function passes(status: IndicatorStatus, filter: SectionFilter): boolean {
  switch (filter) {
    case 'todo':
      return status.todo;
    case 'flagged':
      return status.flags.length > 0;
    case 'stale':
      return status.stale.length > 0;
    default:
      return true;
  }
}

export interface SectionCounts {
  /** Own indicators. */
  total: number;
  done: number;
  todo: number;
  flagged: number;
  stale: number;
}

/** The counts of a set of indicators: own ones answered and not, flagged, stale. */
export function countStatuses(statuses: Iterable<IndicatorStatus>): SectionCounts {
  const counts: SectionCounts = { total: 0, done: 0, todo: 0, flagged: 0, stale: 0 };
  for (const s of statuses) {
    if (s.own) {
      counts.total++;
      if (s.todo) counts.todo++;
      else counts.done++;
    }
    if (s.flags.length) counts.flagged++;
    if (s.stale.length) counts.stale++;
  }
  return counts;
}

/** The page's address of a section and filter (no filter is left out of it). */
export function sectionHref(base: string, section: string, filter: SectionFilter, hash = ''): string {
  const query = new URLSearchParams();
  query.set('section', section);
  if (filter !== 'all') query.set('filter', filter);
  return `${base}?${query.toString()}${hash}`;
}
