import type { EntityManager } from 'typeorm';
import { updateAtVersion } from '../common/optimistic-update';
import { Submission } from './submission.entity';

/**
 * A write of a submission's answers at the version read: its version moved on by one (UPDATE ... WHERE version, as
 * updateAtVersion does) and the row as updated, in one round trip (RETURNING) instead of an update and a read. A
 * stale version or a missing row is updateAtVersion's 409 or 404.
 */
export async function bumpSubmissionVersion(manager: EntityManager, id: string, version: number): Promise<Submission> {
  const [rows]: [Submission[], number] = await manager.query(
    `UPDATE submissions SET version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND version = $2
     RETURNING id, cycle_id AS "cycleId", unit_id AS "unitId", status, submitted_at AS "submittedAt", submitted_by_id AS "submittedById",
               returned_at AS "returnedAt", returned_reason AS "returnedReason", version, created_at AS "createdAt", updated_at AS "updatedAt"`,
    [id, version],
  );
  if (rows.length === 1) return manager.create(Submission, rows[0]);
  await updateAtVersion(manager, Submission, id, version, {});
  throw new Error(`submission ${id} was neither updated nor refused at version ${version}`);
}
