import type { EntityManager } from 'typeorm';
import type { UnitRef } from '../units/unit.view';
import { unitsByIdsByCode } from '../units/units.queries';
import { CycleUnit } from './cycle-unit.entity';

/**
 * Reads of a cycle's participants for other features (each feature owns its tables: they ask here, never name
 * `cycle_units` or import its entity). Plain functions on the caller's EntityManager, so that they run in its
 * transaction.
 */

/** A participating unit as the registry has it. */
export type ParticipantUnit = UnitRef;

/** The ids of the units taking part in the cycle, in no particular order. */
export async function participantUnitIds(manager: EntityManager, cycleId: string): Promise<string[]> {
  const rows = await manager.find(CycleUnit, { where: { cycleId }, select: { unitId: true } });
  return rows.map((r) => r.unitId);
}

/** Whether the unit takes part in the cycle. */
export function isParticipant(manager: EntityManager, cycleId: string, unitId: string): Promise<boolean> {
  return manager.exists(CycleUnit, { where: { cycleId, unitId } });
}

/** The cycle's participating units, ordered by code as PostgreSQL orders it. */
export async function participantUnitsByCode(manager: EntityManager, cycleId: string): Promise<ParticipantUnit[]> {
  return unitsByIdsByCode(manager, await participantUnitIds(manager, cycleId));
}

/** How a unit takes part in a cycle: its ranking group and whether it is ranked. */
export interface ParticipationRow {
  unitId: string;
  unitGroup: string | null;
  ranked: boolean;
}

/** The cycle's participants with their group and ranked flag, in no particular order. */
export async function participations(manager: EntityManager, cycleId: string): Promise<ParticipationRow[]> {
  return manager.find(CycleUnit, { where: { cycleId }, select: { unitId: true, unitGroup: true, ranked: true } });
}
