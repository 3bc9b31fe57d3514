import { In, type EntityManager } from 'typeorm';
import type { RawValue } from '../engine/types';
import { Answer } from './answer.entity';
import type { PlausibilityWarning } from './plausibility';
import type { SubmissionStatus } from './submission-status';
import { Submission } from './submission.entity';

/**
 * Reads of self-assessments for other features (each feature owns its tables: they ask here, never name
 * `submissions` or `answers` or import their entities). Plain functions on the caller's EntityManager, so that they
 * run in its transaction; plain rows out.
 */

/** A unit's self-assessment in a cycle, as other features see it. */
export type SubmissionRow = Omit<Submission, 'cycle' | 'unit'>;

/** A unit's answer to one indicator, as other features see it. */
export interface AnswerRow {
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  /** The soft plausibility warnings stored with the answer (plausibility.ts). */
  warnings: PlausibilityWarning[];
}

/** The unit's submission in the cycle, or null before it has one. */
export function findSubmission(manager: EntityManager, cycleId: string, unitId: string): Promise<SubmissionRow | null> {
  return manager.findOneBy(Submission, { cycleId, unitId });
}

/** The submissions of these units in the cycle (a unit without one is absent), in no particular order. */
export function submissionsOf(manager: EntityManager, cycleId: string, unitIds: readonly string[]): Promise<SubmissionRow[]> {
  if (unitIds.length === 0) return Promise.resolve([]);
  return manager.findBy(Submission, { cycleId, unitId: In([...unitIds]) });
}

/** The status of every submission of the cycle, by unit id (a unit without a submission is absent). */
export async function submissionStatuses(manager: EntityManager, cycleId: string): Promise<Map<string, SubmissionStatus>> {
  const rows = await manager.find(Submission, { where: { cycleId }, select: { unitId: true, status: true } });
  return new Map(rows.map((r) => [r.unitId, r.status]));
}

/** The submission's answers to these indicators (an unanswered one is absent). */
export async function answersOf(manager: EntityManager, submissionId: string, indicatorCodes: readonly string[]): Promise<AnswerRow[]> {
  const rows = await manager.findBy(Answer, { submissionId, indicatorCode: In([...indicatorCodes]) });
  return rows.map((a) => ({ indicatorCode: a.indicatorCode, value: a.value, note: a.note, selfPoints: a.selfPoints, warnings: a.warnings }));
}

/**
 * SQL for a relation (unit_id, indicator_code, value, self_points): the answers of the cycle whose id is the given
 * parameter, e.g. `$1`. For a statement of another feature that must compare its own rows with the answers in one
 * pass (the stale finals, over a whole cycle): PostgreSQL plans it as the join it is.
 */
export function cycleAnswersSql(cycleIdParam: string): string {
  return `(SELECT s.unit_id, a.indicator_code, a.value, a.self_points
             FROM submissions s JOIN answers a ON a.submission_id = s.id
            WHERE s.cycle_id = ${cycleIdParam})`;
}
