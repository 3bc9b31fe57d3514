import type { EntityManager } from 'typeorm';
import type { StoredNodeResult } from '../scoring/stored-node-result';

/**
 * Reads of a publication's frozen results for other features (each feature owns its tables: they ask here, never
 * name `publication_results`). The workbooks read 10,000 communes' results through a cursor, so the ranked rows are
 * also given as SQL, a FROM item for the reader's own statement.
 */

/** The ranking's order of frozen result rows named r. */
export const RANK_ORDER = 'ORDER BY r.rank ASC NULLS LAST, r.index_rounded DESC NULLS LAST, r.unit_code';

/**
 * A publication's frozen results in ranking order, as a FROM item named r (the publication's id bound as
 * publicationIdParam, e.g. `$1`). The rows are sorted as stored, before anything is computed from their documents: a
 * sort above the computing would have PostgreSQL work through every document before the first FETCH (1.3 s at 10,000
 * units, spilling the arrays to disk), where this way each FETCH computes its own batch while the reader works on the
 * one before. A statement over it repeats RANK_ORDER, which the subquery already satisfies.
 */
export function rankedResultsSql(publicationIdParam: string): string {
  return `(SELECT r.* FROM publication_results r WHERE r.publication_id = ${publicationIdParam} ${RANK_ORDER} OFFSET 0) r`;
}

/** Whether any unit of the publication has a ranking group. */
export async function publicationIsGrouped(manager: EntityManager, publicationId: string): Promise<boolean> {
  const [{ grouped }]: { grouped: boolean | null }[] = await manager.query(
    'SELECT bool_or(unit_group IS NOT NULL) AS grouped FROM publication_results WHERE publication_id = $1',
    [publicationId],
  );
  return grouped === true;
}

/** How many units the publication has. */
export async function publicationUnitCount(manager: EntityManager, publicationId: string, unitGroup: string | null = null): Promise<number> {
  // A unit of a ranking group is ranked among its group's units only: "rank / of" counts those.
  const [{ n }]: { n: number }[] = await manager.query(
    'SELECT count(*)::int AS n FROM publication_results WHERE publication_id = $1 AND ($2::text IS NULL OR unit_group = $2)',
    [publicationId, unitGroup],
  );
  return n;
}

/** The ids of the publication's units, in no particular order. */
export async function publicationUnitIds(manager: EntityManager, publicationId: string): Promise<string[]> {
  const rows: { unit_id: string }[] = await manager.query('SELECT unit_id FROM publication_results WHERE publication_id = $1', [publicationId]);
  return rows.map((r) => r.unit_id);
}

/** The unit id of a unit code in a publication, or null if the unit is not in it. */
export async function publicationUnitId(manager: EntityManager, publicationId: string, unitCode: string): Promise<string | null> {
  const [row]: { unit_id: string }[] = await manager.query('SELECT unit_id FROM publication_results WHERE publication_id = $1 AND unit_code = $2', [
    publicationId,
    unitCode,
  ]);
  return row?.unit_id ?? null;
}

/** A unit's frozen result in a publication, as a score card reads it. */
export interface FrozenUnitResultRow {
  unit_id: string;
  unit_group: string | null;
  ranked: boolean;
  rank: number | null;
  group_rank: number | null;
  index_rounded: number | null;
  nodes: Record<string, StoredNodeResult>;
  pillars: Record<string, StoredNodeResult>;
}

/** The unit's frozen result in the publication, or null if the unit is not in it. */
export async function frozenUnitResult(manager: EntityManager, publicationId: string, unitCode: string): Promise<FrozenUnitResultRow | null> {
  const [row]: FrozenUnitResultRow[] = await manager.query(
    `SELECT r.unit_id, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, r.nodes, r.pillars
       FROM publication_results r WHERE r.publication_id = $1 AND r.unit_code = $2`,
    [publicationId, unitCode],
  );
  return row ?? null;
}

/** A unit's frozen row as a ranking reads it, without the node documents. */
export interface FrozenRankingRow {
  unit_id: string;
  unit_code: string;
  unit_group: string | null;
  ranked: boolean;
  rank: number | null;
  group_rank: number | null;
  index_rounded: number | null;
  pillars: Record<string, StoredNodeResult>;
}

/** A unit's ranking row with the nodes a ranking shows (picked by result-node-sql's pickedNodes as g). */
export interface FrozenRankingNodesRow extends FrozenRankingRow {
  nodes: Record<string, StoredNodeResult> | null;
}

/** The columns of a FrozenRankingNodesRow, over frozen rows named r and pickedNodes named g. */
export const RANKING_NODES_COLUMNS = 'r.unit_id, r.unit_code, r.unit_group, r.ranked, r.rank, r.group_rank, r.index_rounded, r.pillars, g.nodes';
