import { In, type EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { updateAtVersion } from '../common/optimistic-update';
import { Evidence } from './evidence.entity';
import { Submission } from './submission.entity';

/**
 * Evidence of submissions for other features (each feature owns its tables: they ask here, never name `evidence` or
 * import its entity). Plain functions on the caller's EntityManager, so that they run in its transaction.
 */

/** One piece of evidence, as other features see it. */
export type EvidenceRow = Omit<Evidence, 'submission'>;

/** What a new piece of evidence says: a file already stored, or a citation or link. */
export type NewEvidence = Partial<Omit<EvidenceRow, 'id' | 'submissionId' | 'indicatorCode' | 'createdById' | 'createdAt'>>;

/** The evidence of these submissions, oldest first. */
export function evidenceOf(manager: EntityManager, submissionIds: readonly string[]): Promise<EvidenceRow[]> {
  if (submissionIds.length === 0) return Promise.resolve([]);
  const submissionId = submissionIds.length === 1 ? submissionIds[0] : In([...submissionIds]);
  return manager.find(Evidence, { where: { submissionId }, order: { createdAt: 'ASC' } });
}

/** The piece of evidence if it belongs to the submission, or null. */
export function findEvidence(manager: EntityManager, submissionId: string, id: string): Promise<EvidenceRow | null> {
  return manager.findOneBy(Evidence, { id, submissionId });
}

/**
 * Adds evidence to the unit's submission in the caller's transaction (404 without one). The submission row is locked
 * (FOR UPDATE) and gets a new version, as with any other evidence change; no If-Match is compared, so the bump never
 * conflicts.
 */
export async function addEvidenceToSubmission(
  manager: EntityManager,
  cycleId: string,
  unitId: string,
  entry: { indicatorCode: string; createdById: string | null; values: NewEvidence },
): Promise<{ row: EvidenceRow; submissionVersion: number }> {
  const submission = await manager.findOne(Submission, { where: { cycleId, unitId }, lock: { mode: 'pessimistic_write' } });
  if (!submission) throw DomainException.notFound('submission', `${unitId} of cycle ${cycleId}`);
  await updateAtVersion(manager, Submission, submission.id, submission.version, {});
  const saved = await manager.save(
    manager.create(Evidence, { ...entry.values, submissionId: submission.id, indicatorCode: entry.indicatorCode, createdById: entry.createdById }),
  );
  return { row: await manager.findOneByOrFail(Evidence, { id: saved.id }), submissionVersion: submission.version + 1 };
}
