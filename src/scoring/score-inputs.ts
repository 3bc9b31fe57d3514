import type { EntityManager } from 'typeorm';
import { contentHash } from '../common/content-hash';
import { participations } from '../cycles/cycle-units.queries';
import { cycleRowById } from '../cycles/cycles.queries';
import type { Framework } from '../engine/framework.model';
import type { ScoreOptions, UnitInput } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { finalValuesInForce } from '../reviews/final-values.queries';
import { cycleAnswerValues } from '../submissions/answers.queries';
import { cycleSystemValues } from '../submissions/system-values.queries';
import { unitsByIdsByCode } from '../units/units.queries';

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
 * with plain queries, one per owner of the data, merged by unit id: at commune scale this is millions of values.
 *
 * With unitCodes, only those units' inputs (a batch of a split run): the parameters are then the ones such a subset
 * implies, not the run's; the caller uses the run's.
 */
export async function loadScoreInputs(manager: EntityManager, cycleId: string, unitCodes?: string[]): Promise<ScoreInputs> {
  const cycle = await cycleRowById(manager, cycleId);
  const frameworkRow = await frameworkVersionById(manager, cycle.frameworkId);
  const framework = frameworkRow.document;
  const manual = new Set(frameworkLeaves(framework).filter((l) => l.node.scoring?.rule === 'manual').map((l) => l.node.code));

  // The participants (the cycle's), then their units in code order (the registry's): two reads, merged by id.
  const participation = new Map((await participations(manager, cycleId)).map((p) => [p.unitId, p]));
  const registered = await unitsByIdsByCode(manager, [...participation.keys()], unitCodes);
  // A batch reads its own units' rows only (by the answers' and values' unit indexes); a whole run reads them all.
  const only = unitCodes ? registered.map((u) => u.id) : null;
  const byId = new Map<string, ScoredUnitInput>();
  const units = registered.map((u) => {
    const p = participation.get(u.id)!;
    const unit: ScoredUnitInput = {
      unitId: u.id,
      code: u.code,
      unitGroup: p.unitGroup,
      ranked: p.ranked,
      groups: unitGroups(p.unitGroup),
      values: {},
      manualPoints: {},
    };
    byId.set(u.id, unit);
    return unit;
  });

  for (const a of await cycleAnswerValues(manager, cycleId, only)) {
    const unit = byId.get(a.unitId);
    if (!unit) continue;
    if (manual.has(a.indicatorCode)) {
      if (a.selfPoints !== null) unit.manualPoints![a.indicatorCode] = a.selfPoints;
    } else if (a.value !== null) {
      unit.values[a.indicatorCode] = a.value;
    }
  }
  for (const v of await cycleSystemValues(manager, cycleId, only)) {
    const unit = byId.get(v.unitId);
    if (unit && v.value !== null) unit.values[v.indicatorCode] = v.value;
  }
  // Reviewed values (final_values in force: not waiting for the lead, not stale) replace the self ones: their points go
  // in as points given by a person, which the engine puts in place of the rule's, and the value beside them. Nothing
  // is added where a cycle has no reviews, so the inputs (and their hash) of such a cycle stay what they were; nor for
  // a stale one, so the changed answer scores until the reviewers decide again.
  for (const f of await finalValuesInForce(manager, cycleId, only)) {
    const unit = byId.get(f.unitId);
    if (!unit) continue;
    if (f.points !== null) unit.manualPoints![f.indicatorCode] = f.points;
    if (!manual.has(f.indicatorCode) && f.value !== null) unit.values[f.indicatorCode] = f.value;
  }
  // A cycle with ranking groups ranks within them only: 922 ranks ministries with and without public services apart
  // and publishes no rank across the groups, so a rank across them would be shown nowhere as "the rank".
  const grouped = units.some((u) => u.unitGroup !== null);
  return {
    cycleId,
    frameworkId: frameworkRow.id,
    frameworkContentHash: frameworkRow.contentHash,
    framework,
    units,
    parameters: grouped ? { rankWithin: 'group', rankAcrossGroups: false, rankNodes: 'groups' } : { rankNodes: 'groups' },
  };
}
