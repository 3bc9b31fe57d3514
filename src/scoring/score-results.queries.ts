import type { EntityManager } from 'typeorm';

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
