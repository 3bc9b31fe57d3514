import { benchFramework, benchUnits } from '../bench/engine.bench';
import { score } from '../engine';
import type { ScoreOptions } from '../engine/types';
import { canonicalJson } from '../common/canonical-json';
import { computeScores, hashResults, unitsScorer, type UnitScore } from './score-results';
import type { ScoreInputs } from './score-inputs';

/** The stored shape of a node as computeScores made it from `unit.nodes` records, keys sorted, before forEachNode. */
const fromRecords = (n: { value: number | null; points: number | null; maxPoints: number | null; contribution: number | null; rank: number | null; groupRank?: number | null }) =>
  n.groupRank !== undefined
    ? { contribution: n.contribution, groupRank: n.groupRank, maxPoints: n.maxPoints, points: n.points, rank: n.rank, value: n.value }
    : { contribution: n.contribution, maxPoints: n.maxPoints, points: n.points, rank: n.rank, value: n.value };

describe('computeScores: node results shaped for storage from forEachNode', () => {
  const framework = benchFramework(40);
  const units = benchUnits(framework, 50).map((u, i) => ({ ...u, unitId: `id-${i}`, unitGroup: i % 3 ? 'a' : 'b', groups: { kind: i % 3 ? 'a' : 'b' } }));
  const inputs = (parameters: ScoreOptions): ScoreInputs => ({ cycleId: 'c', frameworkId: 'f', frameworkContentHash: 'h', framework, units, parameters });

  it.each<[string, ScoreOptions]>([
    ['a plain run', {}],
    ['ranks within groups', { rankWithin: 'kind', rankNodes: 'all' }],
  ])('stores the bytes the engine records give, and so the same hash: %s', (_, parameters) => {
    const stored = computeScores(inputs(parameters)).units;
    const engine = score(framework, units, parameters).units;
    const expected: UnitScore[] = stored.map((s, i) => ({
      ...s,
      nodes: Object.fromEntries(Object.entries(engine[i].nodes).map(([code, n]) => [code, fromRecords(n)])),
    }));
    expect(stored.map((s) => JSON.stringify(s.nodes))).toEqual(expected.map((s) => JSON.stringify(s.nodes)));
    expect(hashResults(stored)).toBe(hashResults(expected));
  });

  it.each<[string, ScoreOptions]>([
    ['a plain run', {}],
    ['ranks within groups', { rankWithin: 'kind', rankNodes: 'all' }],
  ])('unitsScorer, fed one unit at a time, stores what computeScores stores: %s', (_, parameters) => {
    const scorer = unitsScorer(framework, 10);
    for (const unit of units) scorer.add(unit);
    const scored = scorer.score(parameters);
    const stored = computeScores(inputs(parameters)).units;
    expect(scored.units.map((_u, i) => canonicalJson(scored.unitScore(i)))).toEqual(stored.map((u) => canonicalJson(u)));
  });
});
