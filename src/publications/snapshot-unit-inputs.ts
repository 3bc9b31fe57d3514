import type { EntityManager } from 'typeorm';
import type { ScoredUnitInput } from '../scoring/score-inputs';
import { readCanonicalSnapshot } from './canonical-snapshot-reader';
import { snapshotBytes } from './snapshot-bytes';

/**
 * One unit's inputs as a publication froze them (null when the snapshot has no such unit): its snapshot read from
 * the start up to that unit, the other units' text only scanned (in the canonical JSON a unit's first key is its
 * code), never the whole snapshot held.
 */
export async function snapshotUnitInputs(manager: EntityManager, publicationId: string, code: string): Promise<ScoredUnitInput | null> {
  const source = await snapshotBytes(manager, publicationId);
  const prefix = `{"code":${JSON.stringify(code)},`;
  let found: ScoredUnitInput | null = null;
  await readCanonicalSnapshot(source.text(), {
    parse: () => false,
    item: (path, text) => {
      if (path === 'inputs.units' && (text as string).startsWith(prefix)) found = JSON.parse(text as string) as ScoredUnitInput;
    },
    done: () => found !== null,
  });
  return found;
}
