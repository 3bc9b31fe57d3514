import type { EntityManager } from 'typeorm';
import { finalInForce } from './final-value.entity';

/**
 * The reviewers' spread of a cycle, for an uncertainty analysis (issue #22: "each final value drawn among the assigned
 * reviewers' decisions"): per unit and indicator whose final value is in force (what the run scored), the number each
 * reviewer still assigned to the unit decided: its points (what a reviewed value puts in the run: a person's points),
 * or, where a decision has no points (a normalised indicator), its value when that is a number. Clarifications decide
 * nothing and are left out. Only cells where the reviewers decided at least two different numbers: the others cannot
 * move. One number per reviewer (two reviewers who agree weigh twice), ordered by reviewer id. Keyed by unit id, as
 * loadScoreInputs merges the reviewed values; keyedByUnitCode turns it to the codes an analysis reads.
 */
export async function reviewerCandidates(manager: EntityManager, cycleId: string): Promise<Map<string, Map<string, number[]>>> {
  const rows: { unitId: string; indicatorCode: string; values: number[] }[] = await manager.query(
    `WITH decided AS (
       SELECT d.unit_id, d.indicator_code, d.reviewer_id,
              COALESCE(d.points, CASE WHEN jsonb_typeof(d.value) = 'number' THEN (d.value #>> '{}')::double precision END) AS x
         FROM review_decisions d
         JOIN review_assignments a ON a.cycle_id = d.cycle_id AND a.unit_id = d.unit_id AND a.reviewer_id = d.reviewer_id
         JOIN final_values f ON f.cycle_id = d.cycle_id AND f.unit_id = d.unit_id AND f.indicator_code = d.indicator_code
        WHERE d.cycle_id = $1 AND d.decision <> 'clarify' AND ${finalInForce('f')})
     SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", array_agg(x ORDER BY reviewer_id) AS values
       FROM decided WHERE x IS NOT NULL
      GROUP BY unit_id, indicator_code HAVING count(DISTINCT x) >= 2
      ORDER BY unit_id, indicator_code`,
    [cycleId],
  );
  const out = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    let cells = out.get(r.unitId);
    if (!cells) out.set(r.unitId, (cells = new Map()));
    cells.set(r.indicatorCode, r.values.map(Number));
  }
  return out;
}

/** The same candidates keyed by unit code (an analysis' units are codes), through the run's units' ids and codes. */
export function keyedByUnitCode(
  byId: ReadonlyMap<string, Map<string, number[]>>,
  units: readonly { unitId: string; code: string }[],
): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const u of units) {
    const cells = byId.get(u.unitId);
    if (cells) out.set(u.code, cells);
  }
  return out;
}
