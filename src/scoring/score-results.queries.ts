import type { EntityManager } from 'typeorm';
import { pickKeys } from './result-node-sql';
import type { StoredNodeResult } from './stored-node-result';

/**
 * SQL of a run's result rows for other features (each feature owns its tables: they ask here, never name
 * `score_results`), for a statement that must copy them inside PostgreSQL: a publication freezes 10,000 communes'
 * results (~250 MB of JSON) with one INSERT ... SELECT, never parsing them in Node.
 */

/** `SELECT <columns> FROM score_results WHERE run_id = <param>`: the run's rows, the run's id bound as runIdParam (e.g. `$2`). */
export function runResultRowsSql(columns: string, runIdParam: string): string {
  return `SELECT ${columns} FROM score_results WHERE run_id = ${runIdParam}`;
}

/** The size of a run's stored result documents as PostgreSQL keeps them (bytes, after compression) and their count. */
export async function runResultsSize(manager: EntityManager, runId: string): Promise<{ bytes: number; n: number }> {
  const [row]: { bytes: number; n: number }[] = await manager.query(
    'SELECT sum(pg_column_size(nodes) + pg_column_size(pillars))::float8 AS bytes, count(*)::int AS n FROM score_results WHERE run_id = $1',
    [runId],
  );
  return row;
}

/** An empty table of that name with score_results' columns, keys and indexes (a benchmark's write floor). */
export async function createTableLikeRunResults(manager: EntityManager, table: string): Promise<void> {
  await manager.query(`CREATE TABLE ${table} (LIKE score_results INCLUDING ALL)`);
}

/** VACUUM (ANALYZE) of the runs' results, after a bulk write, so that statistics and the visibility map catch up. */
export async function vacuumRunResults(manager: EntityManager): Promise<void> {
  await manager.query('VACUUM (ANALYZE) score_results');
}

/** A unit's index and some of its nodes' results in a run. */
export interface RunResultNodesRow {
  unitId: string;
  unitCode: string;
  index: number | null;
  /** The asked nodes' results by code (a node the unit's document lacks is null). */
  nodes: Record<string, StoredNodeResult | null>;
}

/** Every unit's index and these nodes' results in the run, by unit code (a monitored month: tens of units). */
export function runResultNodes(manager: EntityManager, runId: string, codes: string[]): Promise<RunResultNodesRow[]> {
  return manager.query(
    `SELECT r.unit_id AS "unitId", r.unit_code AS "unitCode", r.index, ${pickKeys('r.nodes', codes.slice(0, 50), 2)} AS nodes
       FROM score_results r WHERE r.run_id = $1 ORDER BY r.unit_code`,
    [runId, ...codes.slice(0, 50)],
  );
}
