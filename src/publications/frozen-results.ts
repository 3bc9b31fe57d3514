import type { EntityManager } from 'typeorm';
import { MoreThan } from 'typeorm';
import { toUnitScore, type UnitScore } from '../scoring/score-results';
import { PublicationResult } from './publication-result.entity';

const COLUMNS = 'unit_id, unit_code, unit_group, ranked, status, index, index_rounded, rank, group_rank, nodes, pillars, notes';

/**
 * Copies a run's results into a publication's frozen rows, in the caller's transaction: one INSERT ... SELECT, so
 * the documents are never parsed in Node (10,000 communes' results are ~250 MB of JSON).
 */
export async function freezeResults(manager: EntityManager, publicationId: string, runId: string): Promise<void> {
  await manager.query(`INSERT INTO publication_results (publication_id, ${COLUMNS}) SELECT $1, ${COLUMNS} FROM score_results WHERE run_id = $2`, [
    publicationId,
    runId,
  ]);
}

/** A publication's frozen results in unit code order, a batch at a time (keyset on uq_publication_results_code). */
export async function* frozenResultBatches(manager: EntityManager, publicationId: string, size = 500): AsyncGenerator<UnitScore[]> {
  let after = '';
  for (;;) {
    const rows = await manager.find(PublicationResult, {
      where: { publicationId, unitCode: MoreThan(after) },
      order: { unitCode: 'ASC' },
      take: size,
    });
    if (rows.length === 0) return;
    yield rows.map(toUnitScore);
    after = rows[rows.length - 1].unitCode;
  }
}
