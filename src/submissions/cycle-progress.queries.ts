import type { EntityManager } from 'typeorm';
import type { Framework } from '../engine/framework.model';
import { leafIndex } from '../frameworks/framework-tree';
import { answeredByUnit } from './answer-check';
import { SubmissionStatus } from './submission-status';

/**
 * How far each unit of a cycle has come with its self-assessment, for the pages that follow a cycle while it is open
 * (the administrator's progress page, the officer's home, the reminders). Plain functions on the caller's
 * EntityManager; the tables stay this feature's.
 */

/** A unit's self-assessment in numbers: its status, the indicators it has answered, when it last saved. */
export interface SubmissionProgressRow {
  unitId: string;
  status: SubmissionStatus;
  /** Indicators of the given codes with a value. */
  answered: number;
  /** The latest answer written or evidence added; null when the unit has written nothing. */
  lastSavedAt: Date | null;
  submittedAt: Date | null;
}

/** Where a unit stands, as the people following a cycle say it (DHIS2's reporting rate counts the first). */
export type ProgressState = 'submitted' | 'inProgress' | 'notStarted';
export const PROGRESS_STATES: readonly ProgressState[] = ['submitted', 'inProgress', 'notStarted'];

/**
 * Submitted; else in progress once anything is written (or it was returned to be corrected); else not started. A
 * unit that only opened its form has a submission row and nothing in it: not started.
 */
export function progressState(row: SubmissionProgressRow | undefined): ProgressState {
  if (!row) return 'notStarted';
  if (row.status === SubmissionStatus.Submitted) return 'submitted';
  return row.lastSavedAt !== null || row.status === SubmissionStatus.Returned ? 'inProgress' : 'notStarted';
}

/** The indicators a unit answers itself (not those measured by national systems or surveys), in document order. */
export function unitAnsweredCodes(framework: Framework): string[] {
  return [...leafIndex(framework).values()].filter(({ node }) => answeredByUnit(node)).map(({ node }) => node.code);
}

/**
 * The progress of the cycle's submissions, by unit id; a unit that has never opened its form is absent (it has no
 * submission row yet). `unitId` narrows it to one unit.
 */
export async function submissionProgress(
  manager: EntityManager,
  cycleId: string,
  indicatorCodes: readonly string[],
  unitId?: string,
): Promise<Map<string, SubmissionProgressRow>> {
  const rows: { unit_id: string; status: SubmissionStatus; answered: number; last_saved_at: Date | null; submitted_at: Date | null }[] = await manager.query(
    `SELECT s.unit_id, s.status, s.submitted_at,
            (SELECT count(*)::int FROM answers a
              WHERE a.submission_id = s.id AND a.indicator_code = ANY($2) AND a.value IS NOT NULL AND a.value <> 'null'::jsonb) AS answered,
            GREATEST((SELECT max(a.updated_at) FROM answers a WHERE a.submission_id = s.id),
                     (SELECT max(e.created_at) FROM evidence e WHERE e.submission_id = s.id)) AS last_saved_at
       FROM submissions s
      WHERE s.cycle_id = $1 ${unitId ? 'AND s.unit_id = $3' : ''}`,
    unitId ? [cycleId, indicatorCodes, unitId] : [cycleId, indicatorCodes],
  );
  return new Map(
    rows.map((r) => [r.unit_id, { unitId: r.unit_id, status: r.status, answered: r.answered, lastSavedAt: r.last_saved_at, submittedAt: r.submitted_at }]),
  );
}
