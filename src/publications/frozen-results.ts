import type { EntityManager } from 'typeorm';
import { In, MoreThan } from 'typeorm';
import { byCode, toUnitScore, type UnitScore } from '../scoring/score-results';
import { runResultRowsSql } from '../scoring/score-results.queries';
import { UNIT_RESULT_COLUMNS } from '../scoring/unit-result-columns';
import { PublicationResult } from './publication-result.entity';

const COLUMNS = UNIT_RESULT_COLUMNS.join(', ');

/**
 * Copies a run's results into a publication's frozen rows, in the caller's transaction: one INSERT ... SELECT, so
 * the documents are never parsed in Node (10,000 communes' results are ~250 MB of JSON).
 */
export async function freezeResults(manager: EntityManager, publicationId: string, runId: string): Promise<void> {
  await manager.query(`INSERT INTO publication_results (publication_id, ${COLUMNS}) ${runResultRowsSql(`$1, ${COLUMNS}`, '$2')}`, [publicationId, runId]);
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

/**
 * A publication's frozen results in the order hashResults reads them (byCode, which a database collation need not
 * follow): the codes first (a few bytes each), then the rows by code, a batch at a time.
 */
export async function frozenResultsByCode(
  manager: EntityManager,
  publicationId: string,
  size = 500,
): Promise<{ count: number; batches: AsyncGenerator<UnitScore[]> }> {
  const rows: { unit_code: string }[] = await manager.query('SELECT unit_code FROM publication_results WHERE publication_id = $1', [publicationId]);
  const codes = rows.map((r) => r.unit_code).sort(byCode);
  async function* batches(): AsyncGenerator<UnitScore[]> {
    for (let at = 0; at < codes.length; at += size) {
      const chunk = codes.slice(at, at + size);
      const found = new Map((await manager.find(PublicationResult, { where: { publicationId, unitCode: In(chunk) } })).map((r) => [r.unitCode, r]));
      // A row gone meanwhile is left out: the hash then differs, as it should.
      yield chunk.flatMap((code) => (found.has(code) ? [toUnitScore(found.get(code)!)] : []));
    }
  }
  return { count: codes.length, batches: batches() };
}

/** Each frozen result's unit id and whether it is ranked: what last year's values are looked up by, without the rest. */
export async function frozenUnitFlags(manager: EntityManager, publicationId: string): Promise<{ unitId: string; ranked: boolean }[]> {
  const rows: { unit_id: string; ranked: boolean }[] = await manager.query('SELECT unit_id, ranked FROM publication_results WHERE publication_id = $1', [publicationId]);
  return rows.map((r) => ({ unitId: r.unit_id, ranked: r.ranked }));
}
