/**
 * SQL of a run's result rows for other features (each feature owns its tables: they ask here, never name
 * `score_results`), for a statement that must copy them inside PostgreSQL: a publication freezes 10,000 communes'
 * results (~250 MB of JSON) with one INSERT ... SELECT, never parsing them in Node.
 */

/** `SELECT <columns> FROM score_results WHERE run_id = <param>`: the run's rows, the run's id bound as runIdParam (e.g. `$2`). */
export function runResultRowsSql(columns: string, runIdParam: string): string {
  return `SELECT ${columns} FROM score_results WHERE run_id = ${runIdParam}`;
}
