import type { EntityManager } from 'typeorm';
import { contentHash } from '../common/content-hash';
import { Cycle } from '../cycles/cycle.entity';
import type { Framework } from '../engine/framework.model';
import type { RawValue, ScoreOptions, UnitInput } from '../engine/types';
import { FrameworkVersion } from '../frameworks/framework-version.entity';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { finalInForce } from '../reviews/final-value.entity';

export interface ScoredUnitInput extends UnitInput {
  unitId: string;
  unitGroup: string | null;
}

/** Everything a score run reads, gathered from the cycle; its content hash is the run's business key. */
export interface ScoreInputs {
  cycleId: string;
  frameworkId: string;
  frameworkContentHash: string;
  framework: Framework;
  /** Sorted by unit code. */
  units: ScoredUnitInput[];
  parameters: ScoreOptions;
}

/** The part of the inputs that decides the results (ids and names do not): what the hash covers. */
export function hashInputs(inputs: ScoreInputs): string {
  return contentHash({
    framework: inputs.frameworkContentHash,
    parameters: inputs.parameters,
    units: inputs.units.map((u) => ({ code: u.code, ranked: u.ranked, groups: u.groups, values: u.values, manualPoints: u.manualPoints })),
  });
}

/** A unit's group columns for the engine: its group in the cycle (with or without public services), if any. */
export const unitGroups = (unitGroup: string | null): Record<string, string> => (unitGroup ? { group: unitGroup } : {});

/**
 * The final inputs of a cycle: per participating unit, its answers and its own points for hand-scored leaves,
 * overlaid by the values measured by national systems, and by the reviewed values where the review gave one. Read
 * with plain queries: at commune scale this is millions of values.
 *
 * With unitCodes, only those units' inputs (a batch of a split run): the parameters are then the ones such a subset
 * implies, not the run's; the caller uses the run's.
 */
export async function loadScoreInputs(manager: EntityManager, cycleId: string, unitCodes?: string[]): Promise<ScoreInputs> {
  const cycle = await manager.findOneByOrFail(Cycle, { id: cycleId });
  const frameworkRow = await manager.findOneByOrFail(FrameworkVersion, { id: cycle.frameworkId });
  const framework = frameworkRow.document;
  const manual = new Set(frameworkLeaves(framework).filter((l) => l.node.scoring?.rule === 'manual').map((l) => l.node.code));

  const participants: { unit_id: string; code: string; unit_group: string | null; ranked: boolean }[] = await manager.query(
    `SELECT p.unit_id, u.code, p.unit_group, p.ranked FROM cycle_units p JOIN units u ON u.id = p.unit_id
      WHERE p.cycle_id = $1 AND ($2::text[] IS NULL OR u.code = ANY($2::text[])) ORDER BY u.code`,
    [cycleId, unitCodes ?? null],
  );
  // A batch reads its own units' rows only (by the answers' and values' unit indexes); a whole run reads them all.
  const only = unitCodes ? participants.map((p) => p.unit_id) : null;
  const byId = new Map<string, ScoredUnitInput>();
  const units = participants.map((p) => {
    const unit: ScoredUnitInput = {
      unitId: p.unit_id,
      code: p.code,
      unitGroup: p.unit_group,
      ranked: p.ranked,
      groups: unitGroups(p.unit_group),
      values: {},
      manualPoints: {},
    };
    byId.set(p.unit_id, unit);
    return unit;
  });

  const answers: { unit_id: string; indicator_code: string; value: RawValue; self_points: number | null }[] = await manager.query(
    `SELECT s.unit_id, a.indicator_code, a.value, a.self_points FROM answers a JOIN submissions s ON s.id = a.submission_id
      WHERE s.cycle_id = $1 AND ($2::uuid[] IS NULL OR s.unit_id = ANY($2::uuid[])) ORDER BY s.unit_id, a.indicator_code`,
    [cycleId, only],
  );
  for (const a of answers) {
    const unit = byId.get(a.unit_id);
    if (!unit) continue;
    if (manual.has(a.indicator_code)) {
      if (a.self_points !== null) unit.manualPoints![a.indicator_code] = a.self_points;
    } else if (a.value !== null) {
      unit.values[a.indicator_code] = a.value;
    }
  }
  const system: { unit_id: string; indicator_code: string; value: RawValue }[] = await manager.query(
    `SELECT unit_id, indicator_code, value FROM system_values
      WHERE cycle_id = $1 AND ($2::uuid[] IS NULL OR unit_id = ANY($2::uuid[])) ORDER BY unit_id, indicator_code`,
    [cycleId, only],
  );
  for (const v of system) {
    const unit = byId.get(v.unit_id);
    if (unit && v.value !== null) unit.values[v.indicator_code] = v.value;
  }
  // Reviewed values (final_values in force: not waiting for the lead, not stale) replace the self ones: their points go
  // in as points given by a person, which the engine puts in place of the rule's, and the value beside them. Nothing
  // is added where a cycle has no reviews, so the inputs (and their hash) of such a cycle stay what they were; nor for
  // a stale one, so the changed answer scores until the reviewers decide again.
  const finals: { unit_id: string; indicator_code: string; value: RawValue; points: number | null }[] = await manager.query(
    `SELECT unit_id, indicator_code, value, points FROM final_values
      WHERE cycle_id = $1 AND ${finalInForce()} AND ($2::uuid[] IS NULL OR unit_id = ANY($2::uuid[]))
      ORDER BY unit_id, indicator_code`,
    [cycleId, only],
  );
  for (const f of finals) {
    const unit = byId.get(f.unit_id);
    if (!unit) continue;
    if (f.points !== null) unit.manualPoints![f.indicator_code] = f.points;
    if (!manual.has(f.indicator_code) && f.value !== null) unit.values[f.indicator_code] = f.value;
  }
  const grouped = units.some((u) => u.unitGroup !== null);
  return {
    cycleId,
    frameworkId: frameworkRow.id,
    frameworkContentHash: frameworkRow.contentHash,
    framework,
    units,
    parameters: grouped ? { rankWithin: 'group', rankNodes: 'groups' } : { rankNodes: 'groups' },
  };
}
