import type { EntityManager } from 'typeorm';
import { updateAtVersion } from '../common/optimistic-update';
import { Submission } from './submission.entity';

/** A submission row's columns and properties. */
const SUBMISSION_COLUMNS = [
  ['id', 'id'],
  ['cycle_id', 'cycleId'],
  ['unit_id', 'unitId'],
  ['status', 'status'],
  ['submitted_at', 'submittedAt'],
  ['submitted_by_id', 'submittedById'],
  ['returned_at', 'returnedAt'],
  ['returned_reason', 'returnedReason'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
] as const;

export const SUBMISSION_FIELDS = SUBMISSION_COLUMNS.map(([, property]) => property);

/** A submission row's columns, each as its property (prefixed: `s_cycleId`), for a raw statement that returns the row. */
export const submissionColumnsSql = (alias: string, prefix = ''): string =>
  SUBMISSION_COLUMNS.map(([column, property]) => `${alias}.${column} AS "${prefix}${property}"`).join(', ');

/**
 * A write of a submission's answers at the version read: its version moved on by one (UPDATE ... WHERE version, as
 * updateAtVersion does) and the row as updated, in one round trip (RETURNING) instead of an update and a read. A
 * stale version or a missing row is updateAtVersion's 409 or 404.
 */
export async function bumpSubmissionVersion(manager: EntityManager, id: string, version: number): Promise<Submission> {
  const [rows]: [Submission[], number] = await manager.query(
    `UPDATE submissions SET version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND version = $2
     RETURNING ${submissionColumnsSql('submissions')}`,
    [id, version],
  );
  if (rows.length === 1) return manager.create(Submission, rows[0]);
  await updateAtVersion(manager, Submission, id, version, {});
  throw new Error(`submission ${id} was neither updated nor refused at version ${version}`);
}
