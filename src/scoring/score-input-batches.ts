import type { EntityManager } from 'typeorm';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { unitsByIdsByCode } from '../units/units.queries';
import { cycleInputsHead, parametersOf, unitInputs, type ScoreInputs, type ScoredUnitInput } from './score-inputs';

/**
 * Answers per batch (a unit's inputs hold one per leaf): about 15 MB of objects. 500 units of 400 indicators were
 * ~60 MB, two batches alive at once while a publication is written: its peak RSS at 20,000 × 400 492–509 MB against
 * 367–385 MB in batches of this size (and 43 s against 51–52 s).
 */
const BATCH_VALUES = 50_000;
/** Units per batch at most (a small framework's). */
const MAX_UNITS = 500;

/**
 * A cycle's score inputs as loadScoreInputs reads them (same units, same order, same values), the units a batch at a
 * time: a publication writes 20,000 units × 400 indicators into its snapshot without holding them all. The head
 * (framework, parameters) and the count are read first; the batches are read when iterated, each by its units' ids:
 * `units` at a time, or about BATCH_VALUES answers' worth.
 */
export async function scoreInputBatches(
  manager: EntityManager,
  cycleId: string,
  units?: number,
): Promise<{ head: Omit<ScoreInputs, 'units'>; count: number; batches: AsyncGenerator<ScoredUnitInput[]> }> {
  const { head, participation, manual } = await cycleInputsHead(manager, cycleId);
  const size = units ?? Math.max(1, Math.min(MAX_UNITS, Math.floor(BATCH_VALUES / Math.max(1, frameworkLeaves(head.framework).length))));
  const registered = await unitsByIdsByCode(manager, [...participation.keys()]);
  const parameters = parametersOf(registered.map((u) => participation.get(u.id)!.unitGroup));
  async function* batches(): AsyncGenerator<ScoredUnitInput[]> {
    for (let at = 0; at < registered.length; at += size) {
      const refs = registered.slice(at, at + size);
      yield unitInputs(manager, cycleId, { participation, manual }, refs, refs.map((u) => u.id));
    }
  }
  return { head: { ...head, parameters }, count: registered.length, batches: batches() };
}
