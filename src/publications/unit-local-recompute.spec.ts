import { canonicalJson } from '../common/canonical-json';
import type { Framework } from '../engine/framework.model';
import { isUnitLocal } from '../engine/rank-results';
import type { ScoreOptions } from '../engine/types';
import { parametersOf, type ScoredUnitInput } from '../scoring/score-inputs';
import { computeScores, scoreUnits, type UnitScore } from '../scoring/score-results';
import { recomputeWhole, type Recomputed } from './recomputed';
import { recomputeInBatches } from './unit-local-recompute';

/** Rule leaves only (unit-local), a pillar, ranks within the units' groups: every kind of rank verify checks. */
const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'ministry',
  year: 2024,
  name: { vi: 'T' },
  source: 'test',
  result: { scale: 100, precision: 1 },
  aggregation: 'points',
  pillars: [{ code: 'P', name: { vi: 'P' }, members: [{ node: 'B' }] }],
  nodes: [
    { code: 'A', name: { vi: 'A' }, children: [{ code: 'a1', name: { vi: 'a1' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }] },
    { code: 'B', name: { vi: 'B' }, children: [{ code: 'b1', name: { vi: 'b1' }, maxPoints: 10, scoring: { rule: 'manual' } }] },
  ],
};

const unit = (i: number): ScoredUnitInput => ({
  unitId: `id-${i}`,
  unitGroup: i % 3 ? 'x' : 'y',
  code: `M${String(i).padStart(3, '0')}`,
  ranked: i % 11 !== 0,
  groups: { group: i % 3 ? 'x' : 'y' },
  values: { a1: i % 2 === 0 },
  manualPoints: { b1: i % 7 },
});

const units = Array.from({ length: 40 }, (_, i) => unit(i));
const parameters: ScoreOptions = parametersOf(units.map((u) => u.unitGroup));
const head = { cycleId: 'c', frameworkId: 'f', frameworkContentHash: 'h', framework, parameters };
/** The snapshot's results: all units scored at once, with their ranks. */
const published = (): UnitScore[] => computeScores({ ...head, units }).units;

async function* texts(items: unknown[]): AsyncGenerator<string> {
  for (const item of items) yield JSON.stringify(item);
}

/** What verify says of `snapshot` against the recomputation: each unit's difference, then what finish says. */
async function check(recomputed: Recomputed, snapshot: UnitScore[]): Promise<string[]> {
  const problems: string[] = [];
  for (const result of snapshot) {
    const again = await recomputed.unit(result);
    if (!again) problems.push(`${result.code}: not recomputed`);
    else if (canonicalJson(again) !== canonicalJson(result)) problems.push(`${result.code}: differs`);
  }
  return [...problems, ...(await recomputed.finish(snapshot.length))];
}

describe('recomputeInBatches', () => {
  it('is for a unit-local framework', () => expect(isUnitLocal(framework)).toBe(true));

  it('finds the published results, ranks and all, batch by batch, as scoring them all at once does', async () => {
    expect(parameters.rankWithin).toBe('group');
    expect(await check(recomputeInBatches(head, texts(units), 7), published())).toEqual([]);
    expect(await check(recomputeWhole(scoreUnits({ ...head, units })), published())).toEqual([]);
  });

  it('so too with every node ranked, none ranked, one ranking across the groups and within them', async () => {
    const all: ScoreOptions[] = [{ rankNodes: 'all' }, { rankNodes: 'none' }, {}, { rankWithin: 'group' }, { rankWithin: 'group', rankNodes: 'all' }];
    for (const options of all) {
      const own = { ...head, parameters: options };
      const snapshot = computeScores({ ...own, units }).units;
      expect(await check(recomputeInBatches(own, texts(units), 6), snapshot)).toEqual([]);
    }
  });

  it('says which rank differs, found at the end from the values', async () => {
    const snapshot = published();
    const moved = snapshot.find((r) => r.rank !== null)!;
    moved.rank = moved.rank! + 1;
    snapshot[5].nodes.B.groupRank = 99;
    snapshot[6].pillars.P.rank = null;
    const problems = await check(recomputeInBatches(head, texts(units), 7), snapshot);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${moved.code}\\.rank: snapshot ${moved.rank}, recomputed ${moved.rank - 1}$`)),
      `${snapshot[5].code}.nodes.B.groupRank: snapshot 99, recomputed ${published()[5].nodes.B.groupRank}`,
      `${snapshot[6].code}.pillars.P.rank: snapshot null, recomputed ${published()[6].pillars.P.rank}`,
    ]);
  });

  it('says which value differs at once, and a leaf given a rank, and units missing on either side', async () => {
    const snapshot = published();
    snapshot[2].nodes.a1.rank = 1;
    snapshot[3].indexRounded = 1234;
    const problems = await check(recomputeInBatches(head, texts(units.slice(0, -1)), 7), snapshot.slice(1));
    // Then ranks: those of a population that lacks two units.
    expect(problems.slice(0, 4)).toEqual([
      `${snapshot[2].code}: differs`,
      `${snapshot[3].code}: differs`,
      `${snapshot[39].code}: not recomputed`,
      `${snapshot[0].code}: recomputed but not in the snapshot`,
    ]);
  });
});
