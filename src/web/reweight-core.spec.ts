import { compilePlan, competitionRanks, prepareColumns, roundTo, scoreColumns, type ScoreOptions, type UnitInput } from '../engine';
import type { Aggregation, Framework, MissingPolicy } from '../engine/framework.model';
import { Prng } from '../engine/sensitivity';
import { reweightOverrides, reweightRule, type PublicReweighting } from '../publications/reweighting';

/** The page's arithmetic (public/reweight-core.js), as the browser runs it. */
interface ReweightCore {
  roundTo(x: number, digits: number): number;
  competitionRanks(values: (number | null)[]): (number | null)[];
  rerank(data: PublicReweighting, weights: number[]): { code: string; index: number | null; rank: number | null }[];
  isOfficial(data: PublicReweighting, weights: number[]): boolean;
  weightsFromParam(data: PublicReweighting, param: string | null): number[];
  weightsParam(data: PublicReweighting, weights: number[]): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('./public/reweight-core.js') as ReweightCore;

/** The engine's seeded generator: the same draws on every run. */
function random(seed: number): () => number {
  const rng = new Prng(seed);
  return () => rng.next();
}

/** Three parts (A, B, C) of two ratio-scored leaves each, and a fourth collected but not scored (maxPoints 0). */
function framework(aggregation: Aggregation, missing: MissingPolicy = 'zero', precision = 4): Framework {
  const part = (code: string, max: number, weight: number) => ({
    code,
    name: { vi: `Phần ${code}`, en: `Part ${code}` },
    maxPoints: max,
    weight,
    aggregation: 'points' as const,
    children: [1, 2].map((k) => ({
      code: `${code}${k}`,
      name: { vi: `${code}${k}` },
      maxPoints: max / 2,
      input: { type: 'number' as const, min: 0, max: 1000 },
      scoring: { rule: 'ratio' as const, target: 100 },
    })),
  });
  return {
    code: 'T',
    version: '1',
    level: 'province',
    year: 2022,
    name: { vi: 'Thử' },
    source: 'thử',
    result: { scale: 1, precision },
    aggregation,
    missing,
    nodes: [part('A', 200, 0.5), part('B', 300, 0.3), part('C', 500, 2), { ...part('D', 0, 1), children: part('D', 0, 1).children.map((c) => ({ ...c, maxPoints: 0 })) }],
  };
}

/** Units with values on a coarse grid (ties in the rounded index), some missing, some not ranked, in two groups. */
function units(n: number, seed: number): UnitInput[] {
  const r = random(seed);
  return Array.from({ length: n }, (_, i) => {
    const values: Record<string, number> = {};
    for (const leaf of ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'D1', 'D2']) {
      if (r() < 0.08) continue;
      values[leaf] = Math.round(r() * 20) * 5;
    }
    return { code: String(i).padStart(3, '0'), ranked: r() > 0.05, groups: { group: r() < 0.5 ? 'x' : 'y' }, values };
  });
}

/** The engine's run and what the page is given of it (as PublicResultsService.reweighting reads it). */
function published(fw: Framework, input: UnitInput[], options: ScoreOptions): PublicReweighting {
  const rule = reweightRule(fw);
  if (!rule.available) throw new Error('no re-weighting');
  const plan = compilePlan(fw);
  const result = scoreColumns(plan, prepareColumns(plan, input, options));
  const withinGroups = options.rankAcrossGroups === false;
  return {
    version: 1,
    scale: fw.result.scale,
    precision: fw.result.precision,
    withinGroups,
    units: result.units.map((u) => ({
      code: u.code,
      group: u.group ?? null,
      ranked: u.ranked,
      rank: (withinGroups ? u.groupRank : u.rank) ?? null,
      index: u.indexRounded,
      values: rule.parts.map((p) => u.nodes[p.code]?.value ?? null),
    })),
    ...rule,
  };
}

/** The engine's indexes and ranks at these weights (by part, in the rule's order). */
function engineAt(fw: Framework, input: UnitInput[], options: ScoreOptions, data: PublicReweighting, weights: number[]) {
  if (!data.available) throw new Error('no re-weighting');
  const plan = compilePlan(fw);
  const byCode = Object.fromEntries(data.parts.map((p, j) => [p.code, weights[j]]));
  const result = scoreColumns(plan, prepareColumns(plan, input, options), reweightOverrides(data.rootAggregation, byCode));
  return result.units.map((u) => ({ code: u.code, index: u.indexRounded, rank: (options.rankAcrossGroups === false ? u.groupRank : u.rank) ?? null }));
}

describe('the ranking page re-weighting arithmetic (public/reweight-core.js)', () => {
  it('rounds as the engine does, halves and binary noise included', () => {
    const r = random(7);
    const xs = [0.5, 1.5, 2.675, 0.1 + 0.2, -2.675, 0.00005, 0.99995, 1e-9, 123456.78905, 0, -0];
    for (let i = 0; i < 5000; i++) xs.push(r(), Math.round(r() * 1e6) / 1e6 + 5e-7, Math.round(r() * 2e4) / 2e4, (r() - 0.5) * 200);
    const differ = xs.flatMap((x) => [0, 2, 4, 6].filter((d) => !Object.is(core.roundTo(x, d), roundTo(x, d))).map((d) => [x, d]));
    expect(differ).toEqual([]);
  });

  it('ranks as competitionRanks does: ties share the best rank, none takes no place', () => {
    const r = random(11);
    for (let k = 0; k < 50; k++) {
      const values = Array.from({ length: 40 }, () => (r() < 0.1 ? null : Math.round(r() * 10) / 10));
      expect(core.competitionRanks(values)).toEqual(competitionRanks(values));
    }
  });

  const cases: { name: string; aggregation: Aggregation; missing?: MissingPolicy; options: ScoreOptions; precision?: number }[] = [
    { name: 'a weighted mean root', aggregation: 'weighted_mean', options: {} },
    { name: 'a points root (the DTI), within groups', aggregation: 'points', options: { rankWithin: 'group', rankAcrossGroups: false } },
    { name: 'a geometric mean root, missing parts dropped', aggregation: 'geometric_mean', missing: 'drop', options: {} },
    { name: 'a points root, two decimals', aggregation: 'points', options: {}, precision: 2 },
  ];
  for (const c of cases) {
    it(`gives the engine's index and ranks at any weights: ${c.name}`, () => {
      const fw = framework(c.aggregation, c.missing, c.precision);
      const input = units(300, c.name.length);
      const data = published(fw, input, c.options);
      if (!data.available) throw new Error('no re-weighting');
      // The part collected but not scored is no part.
      expect(data.parts.map((p) => p.code)).toEqual(['A', 'B', 'C']);
      const official = data.parts.map((p) => p.weight);
      expect(core.isOfficial(data, official)).toBe(true);
      // At the official weights: the published index and ranks themselves.
      expect(core.rerank(data, official)).toEqual(data.units.map((u) => ({ code: u.code, index: u.index, rank: u.rank })));
      const r = random(3);
      const trials = [
        [0.2, 0.3, 0.5],
        [1, 0, 0],
        [0, 0, 0],
        [0.33, 0.33, 0.34],
        ...Array.from({ length: 20 }, () => [0, 1, 2].map(() => Math.round(r() * 100) / 100)),
      ];
      for (const weights of trials) {
        // The official weights give the published results (above), which a mean is only in exact arithmetic.
        if (core.isOfficial(data, weights)) continue;
        const expected = engineAt(fw, input, c.options, data, weights);
        expect([weights, core.rerank(data, weights)]).toEqual([weights, expected]);
      }
    });
  }

  it('the official weights: each part’s share of the points (a points root), of the weights (a mean root)', () => {
    const points = reweightRule(framework('points'));
    const mean = reweightRule(framework('weighted_mean'));
    expect(points.available && points.parts.map((p) => p.weight)).toEqual([0.2, 0.3, 0.5]);
    expect(mean.available && mean.parts.map((p) => p.weight)).toEqual([0.5 / 2.8, 0.3 / 2.8, 2 / 2.8]);
    expect(reweightOverrides('points', { A: 1 })).toEqual({ aggregation: { __index__: 'weighted_mean' }, weights: { A: 1 } });
    expect(reweightOverrides('weighted_mean', { A: 1 })).toEqual({ weights: { A: 1 } });
    // One part: nothing to re-weight.
    const one = framework('points');
    one.nodes = one.nodes.slice(0, 1);
    expect(reweightRule(one)).toEqual({ available: false, reason: 'one_part' });
    // Points with missing values dropped: no fixed weights give the published index.
    expect(reweightRule(framework('points', 'drop'))).toEqual({ available: false, reason: 'points_drop' });
  });

  it('reads and writes the weights of an address: only those not official, unknown codes and bad numbers ignored', () => {
    const data = published(framework('points'), units(5, 1), {});
    expect(core.weightsFromParam(data, null)).toEqual([0.2, 0.3, 0.5]);
    expect(core.weightsFromParam(data, 'B:0.45,Z:0.9,C:1.5,A:-1,A:x')).toEqual([0.2, 0.45, 0.5]);
    expect(core.weightsFromParam(data, 'A:0,C:1')).toEqual([0, 0.3, 1]);
    expect(core.weightsParam(data, [0.2, 0.45, 0.5])).toBe('B:0.45');
    expect(core.weightsParam(data, [0.2, 0.3, 0.5])).toBe('');
    const weights = [0.07, 0.3, 0.91];
    expect(core.weightsFromParam(data, core.weightsParam(data, weights))).toEqual(weights);
  });
});
