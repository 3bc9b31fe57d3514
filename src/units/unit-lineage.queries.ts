import type { EntityManager } from 'typeorm';

/**
 * Reads of the units' lineage (which units a unit was made of) for other features (each feature owns its tables:
 * they ask here, never name `unit_lineage`). Plain SQL on the caller's EntityManager, so that it runs in its
 * transaction.
 */

/** Each of these units' predecessors in their order (position), by unit id; a unit without any is absent. */
export async function predecessorIdsOf(manager: EntityManager, unitIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { unit_id: string; predecessor_id: string }[] = await manager.query(
    'SELECT unit_id, predecessor_id FROM unit_lineage WHERE unit_id = ANY($1) ORDER BY unit_id, position',
    [unitIds],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.unit_id);
    if (list) list.push(r.predecessor_id);
    else out.set(r.unit_id, [r.predecessor_id]);
  }
  return out;
}
