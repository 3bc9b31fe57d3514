import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { copyRows, type CopyCell } from '../database/copy-rows';

/**
 * Submissions and answers written in bulk with COPY, for data made by a program (the benchmark's 2,000,000 answers),
 * on the caller's connection.
 */

/** An empty submission (version 1) of each unit in the cycle; each unit's submission id back. */
export async function copySubmissions(client: PoolClient, cycleId: string, unitIds: readonly string[]): Promise<Map<string, string>> {
  await copyRows(client, 'submissions', ['cycle_id', 'unit_id', 'version'], unitIds.map((id) => [cycleId, id, 1]));
  const { rows } = await client.query<{ unit_id: string; id: string }>('SELECT unit_id, id FROM submissions WHERE cycle_id = $1', [cycleId]);
  return new Map(rows.map((r) => [r.unit_id, r.id]));
}

/** Answers as [submission id, indicator code, value as JSON text or null], streamed with COPY. */
export async function copyAnswerRows(target: PoolClient | EntityManager, rows: Iterable<[string, string, string | null]>): Promise<void> {
  await copyRows(target, 'answers', ['submission_id', 'indicator_code', 'value'], rows as Iterable<CopyCell[]>);
}

/**
 * `SELECT` of a cycle's answers as a score run reads them (each with its unit, by unit and indicator), for a
 * `COPY (…) TO STDOUT` that takes no bound parameters: the cycle's id is checked to be a UUID and written in.
 */
export function cycleAnswersCopySql(cycleId: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cycleId)) throw new Error(`not a cycle id: ${cycleId}`);
  return `SELECT s.unit_id, a.indicator_code, a.value, a.self_points
            FROM answers a JOIN submissions s ON s.id = a.submission_id
           WHERE s.cycle_id = '${cycleId}' ORDER BY s.unit_id, a.indicator_code`;
}
