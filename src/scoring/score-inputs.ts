import type { EntityManager } from 'typeorm';
import { ContentHashOfItems, contentHash, contentHashWithBatches } from '../common/content-hash';
import { participations, type ParticipationRow } from '../cycles/cycle-units.queries';
import { cycleRowById } from '../cycles/cycles.queries';
import type { Framework } from '../engine/framework.model';
import type { ScoreOptions, UnitInput } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { finalValuesInForce } from '../reviews/final-values.queries';
import { cycleAnswersByUnit } from '../submissions/answers.queries';
import { cycleSystemValues } from '../submissions/system-values.queries';
import type { UnitRef } from '../units/unit.view';
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
  return contentHash({ framework: inputs.frameworkContentHash, parameters: inputs.parameters, units: inputs.units.map(hashedUnit) });
}

/** hashInputs of `count` units read a batch at a time (in the inputs' order), without holding them all. */
export function hashInputBatches(head: Omit<ScoreInputs, 'units'>, count: number, batches: AsyncIterable<readonly ScoredUnitInput[]>): Promise<string> {
  return contentHashWithBatches(
    { framework: head.frameworkContentHash, parameters: head.parameters },
    'units',
    count,
    (async function* () {
      for await (const batch of batches) yield batch.map(hashedUnit);
    })(),
  );
}

/** hashInputs of `count` units given one by one (in the inputs' order), as a writer meets them. */
export function inputsHasher(head: Omit<ScoreInputs, 'units'>, count: number): { add(unit: ScoredUnitInput): void; digest(): string } {
  const hash = new ContentHashOfItems(count, { head: { framework: head.frameworkContentHash, parameters: head.parameters }, key: 'units' });
  return { add: (unit) => hash.add(hashedUnit(unit)), digest: () => hash.digest() };
}

const hashedUnit = (u: ScoredUnitInput) => ({ code: u.code, ranked: u.ranked, groups: u.groups, values: u.values, manualPoints: u.manualPoints });

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
  const { head, participation, manual } = await cycleInputsHead(manager, cycleId);
  const registered = await unitsByIdsByCode(manager, [...participation.keys()], unitCodes);
  // A batch reads its own units' rows only (by the answers' and values' unit indexes); a whole run reads them all.
  const units = await unitInputs(manager, cycleId, { participation, manual }, registered, unitCodes ? registered.map((u) => u.id) : null);
  return { ...head, units, parameters: parametersOf(units.map((u) => u.unitGroup)) };
}

/** What the inputs are read with: the cycle's participants by unit id and its framework's hand-scored leaves. */
export interface CycleInputsHead {
  /** The inputs without the units and the parameters (which depend on the units read: parametersOf). */
  head: Omit<ScoreInputs, 'units' | 'parameters'>;
  participation: Map<string, ParticipationRow>;
  manual: Set<string>;
}

/** The cycle's framework, participants and parameters: read once, before the units' values (all, or a batch at a time). */
export async function cycleInputsHead(manager: EntityManager, cycleId: string): Promise<CycleInputsHead> {
  const cycle = await cycleRowById(manager, cycleId);
  const frameworkRow = await frameworkVersionById(manager, cycle.frameworkId);
  const framework = frameworkRow.document;
  const manual = new Set(frameworkLeaves(framework).filter((l) => l.node.scoring?.rule === 'manual').map((l) => l.node.code));
  // The participants (the cycle's), then their units in code order (the registry's): two reads, merged by id.
  const participation = new Map((await participations(manager, cycleId)).map((p) => [p.unitId, p]));
  return { head: { cycleId, frameworkId: frameworkRow.id, frameworkContentHash: frameworkRow.contentHash, framework }, participation, manual };
}

/**
 * The parameters of scoring these units (their groups): a cycle with ranking groups ranks within them only. 922 ranks
 * ministries with and without public services apart and publishes no rank across the groups, so a rank across them
 * would be shown nowhere as "the rank".
 */
export const parametersOf = (unitGroups: readonly (string | null)[]): ScoreOptions =>
  unitGroups.some((g) => g !== null) ? { rankWithin: 'group', rankAcrossGroups: false, rankNodes: 'groups' } : { rankNodes: 'groups' };

/**
 * The given units' inputs, in their order: per unit, its answers and its own points for hand-scored leaves, overlaid
 * by the values measured by national systems, and by the reviewed values where the review gave one. `only`: read the
 * rows of these unit ids only (null: the cycle's all, when the units are all of them).
 */
export async function unitInputs(
  manager: EntityManager,
  cycleId: string,
  { participation, manual }: Pick<CycleInputsHead, 'participation' | 'manual'>,
  registered: readonly UnitRef[],
  only: string[] | null,
): Promise<ScoredUnitInput[]> {
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

  // A unit's answers come as its two objects, already split by the leaves' scoring (cycleAnswersByUnit): each is the
  // unit's own, so it becomes the unit's values or points as it is, and the overlays below write into it.
  for (const a of await cycleAnswersByUnit(manager, cycleId, [...manual], only)) {
    const unit = byId.get(a.unitId);
    if (!unit) continue;
    if (a.values) unit.values = a.values;
    if (a.points) unit.manualPoints = pointsOf(a.points);
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
  return units;
}

/** Self points as pg reads a float8: JSON has no NaN nor ±Infinity, which PostgreSQL writes as strings there. */
function pointsOf(points: Record<string, number | string>): Record<string, number> {
  for (const code in points) if (typeof points[code] === 'string') points[code] = Number(points[code]);
  return points as Record<string, number>;
}
