import type { EntityManager } from 'typeorm';
import { Publication } from './publication.entity';

/**
 * Reads of publications for other features (each feature owns its tables: they ask here or the publications'
 * services, never name `publications` or import its entity). Plain functions on the caller's EntityManager, so that
 * they run in its transaction.
 */

/** A publication as other features see it: its row without the snapshot (see Publication.snapshot). */
export type PublicationRow = Omit<Publication, 'snapshot' | 'resultsHash' | 'publishedById'>;

/** The publication without its snapshot, or null. */
export function findPublicationRow(manager: EntityManager, id: string): Promise<PublicationRow | null> {
  return manager.findOne(Publication, {
    select: { id: true, cycleId: true, runId: true, year: true, level: true, version: true, sha256: true, previous: true, publishedAt: true, reason: true },
    where: { id },
  });
}

/** The ids of the cycle's publications (every version), in no particular order. */
export async function publicationIdsOfCycle(manager: EntityManager, cycleId: string): Promise<string[]> {
  const rows = await manager.find(Publication, { select: { id: true }, where: { cycleId } });
  return rows.map((p) => p.id);
}
