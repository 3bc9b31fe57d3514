import { In, type EntityManager } from 'typeorm';
import type { UnitRef } from '../units/unit.view';
import { unitsByCodesNewestFirst, unitsByIdsByCode } from '../units/units.queries';
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

/**
 * The cycle's participating units among those with these codes (a feed's rows name a few hundred of ten thousand
 * communes: reading only those keeps a push's check from reading every participant), in no particular order.
 */
export async function participantUnitsWithCodes(manager: EntityManager, cycleId: string, codes: readonly string[]): Promise<ParticipantUnit[]> {
  const units = await unitsByCodesNewestFirst(manager, codes);
  if (units.length === 0) return [];
  const taking = await manager.find(CycleUnit, { where: { cycleId, unitId: In(units.map((u) => u.id)) }, select: { unitId: true } });
  const ids = new Set(taking.map((r) => r.unitId));
  return units.filter((u) => ids.has(u.id));
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
