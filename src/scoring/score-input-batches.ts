import type { EntityManager } from 'typeorm';
import { unitsByIdsByCode } from '../units/units.queries';
import { cycleInputsHead, parametersOf, unitInputs, type ScoreInputs, type ScoredUnitInput } from './score-inputs';

/** Units per batch: a batch of 500 units of 400 indicators is a few MB of objects. */
const BATCH = 500;

/**
 * A cycle's score inputs as loadScoreInputs reads them (same units, same order, same values), the units a batch at a
 * time: a publication writes 20,000 units × 400 indicators into its snapshot without holding them all. The head
 * (framework, parameters) and the count are read first; the batches are read when iterated, each by its units' ids.
 */
export async function scoreInputBatches(
  manager: EntityManager,
  cycleId: string,
  size = BATCH,
): Promise<{ head: Omit<ScoreInputs, 'units'>; count: number; batches: AsyncGenerator<ScoredUnitInput[]> }> {
  const { head, participation, manual } = await cycleInputsHead(manager, cycleId);
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
