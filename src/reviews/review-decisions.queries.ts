import type { EntityManager } from 'typeorm';
import { ReviewDecision } from './review-decision.entity';

/**
 * Reads of the reviewers' decisions for other parts (each feature owns its tables: they ask here, never name
 * `review_decisions`). Plain functions on the caller's EntityManager, so that they run in its transaction.
 */

/** Whether the reviewer has decided anything on the unit in the cycle. */
export function hasDecided(manager: EntityManager, cycleId: string, unitId: string, reviewerId: string): Promise<boolean> {
  return manager.exists(ReviewDecision, { where: { cycleId, unitId, reviewerId } });
}
