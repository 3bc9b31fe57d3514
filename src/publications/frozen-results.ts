import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
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

/** Node results per batch of frozen rows (each row holds one per node of its framework): about 10 MB of objects. */
const BATCH_NODES = 50_000;
/** Rows per batch at most (a small framework's). */
const MAX_ROWS = 500;
/** Rows of the first batch, before a row's size is known. */
const FIRST_ROWS = 20;

/**
 * A publication's frozen results in the order hashResults reads them (byCode, which a database collation need not
 * follow): the codes first (a few bytes each), then the rows by code, a batch at a time. A batch holds about
 * BATCH_NODES node results, not a fixed number of rows: 500 rows of a 400-indicator framework were ~45 MB of
 * objects, two of them alive at once while a publication was written or verified.
 */
export async function frozenResultsByCode(manager: EntityManager, publicationId: string): Promise<{ count: number; batches: AsyncGenerator<UnitScore[]> }> {
  const rows: { unit_code: string }[] = await manager.query('SELECT unit_code FROM publication_results WHERE publication_id = $1', [publicationId]);
  const codes = rows.map((r) => r.unit_code).sort(byCode);
  async function* batches(): AsyncGenerator<UnitScore[]> {
    let size = FIRST_ROWS;
    for (let at = 0; at < codes.length; ) {
      const chunk = codes.slice(at, at + size);
      at += chunk.length;
      const found = new Map((await manager.find(PublicationResult, { where: { publicationId, unitCode: In(chunk) } })).map((r) => [r.unitCode, r]));
      // A row gone meanwhile is left out: the hash then differs, as it should.
      const batch = chunk.flatMap((code) => (found.has(code) ? [toUnitScore(found.get(code)!)] : []));
      if (batch.length > 0) size = Math.max(1, Math.min(MAX_ROWS, Math.floor(BATCH_NODES / Math.max(1, Object.keys(batch[0].nodes).length))));
      yield batch;
    }
  }
  return { count: codes.length, batches: batches() };
}

/** Each frozen result's unit id and whether it is ranked: what last year's values are looked up by, without the rest. */
export async function frozenUnitFlags(manager: EntityManager, publicationId: string): Promise<{ unitId: string; ranked: boolean }[]> {
  const rows: { unit_id: string; ranked: boolean }[] = await manager.query('SELECT unit_id, ranked FROM publication_results WHERE publication_id = $1', [publicationId]);
  return rows.map((r) => ({ unitId: r.unit_id, ranked: r.ranked }));
}
