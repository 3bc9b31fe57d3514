import type { EntityManager } from 'typeorm';
import { ScoreRun } from './score-run.entity';

/**
 * Reads of score runs for other features (each feature owns its tables: they ask here or ScoringService, never
 * import its entity). Plain functions on the caller's EntityManager, so that they run in its transaction.
 */

/** A score run as other features see it: the row. */
export type ScoreRunRow = ScoreRun;

/** The run; throws TypeORM's EntityNotFoundError if there is none (the caller's row names it). */
export function scoreRunById(manager: EntityManager, id: string): Promise<ScoreRunRow> {
  return manager.findOneByOrFail(ScoreRun, { id });
}

/** The run of that cycle, or null. */
export function findCycleScoreRun(manager: EntityManager, cycleId: string, id: string): Promise<ScoreRunRow | null> {
  return manager.findOneBy(ScoreRun, { id, cycleId });
}

/** The cycle's latest succeeded run (by when it finished), or null when none has succeeded. */
export function latestSucceededRun(manager: EntityManager, cycleId: string): Promise<ScoreRunRow | null> {
  return manager.findOne(ScoreRun, { where: { cycleId, status: 'succeeded' }, order: { finishedAt: 'DESC', createdAt: 'DESC' } });
}
