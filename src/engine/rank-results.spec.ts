import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { benchFramework } from '../bench/engine.bench';
import type { Aggregation, Framework, FrameworkNode, Pillar } from './framework.model';
import { compilePlan } from './plan';
import { isUnitLocal, rankResults } from './rank-results';
import { score, scorePlan } from './score';
import type { RawValue, ScoreOptions, UnitInput, UnitResult } from './types';

/** A small deterministic PRNG (mulberry32): a seed gives one framework, one set of units, one way to batch them. */
function prng(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T; chance: (p: number) => boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: (xs) => xs[int(xs.length)], chance: (p) => next() < p };
}

type Rand = ReturnType<typeof prng>;

/** A random unit-local framework: rule leaves (boolean, ratio, choice, manual; some not scored), groups of every aggregation, pillars. */
function randomFramework(r: Rand): Framework {
  let k = 0;
  const leaf = (): FrameworkNode => {
    const code = `L${k++}`;
    const maxPoints = r.pick([0, 1, 2, 3, 5, 10, 10]);
    const name = { vi: code };
    switch (r.int(4)) {
      case 0:
        return { code, name, maxPoints, input: { type: 'boolean' }, scoring: { rule: 'boolean' } };
      case 1:
        return { code, name, maxPoints, input: { type: 'number', min: 0 }, scoring: { rule: 'ratio', target: 10 } };
      case 2:
        return {
          code,
          name,
          maxPoints,
          input: { type: 'choice' },
          scoring: { rule: 'choice', options: [{ value: 'a', points: 0 }, { value: 'b', points: maxPoints / 2 }, { value: 'c', points: maxPoints }] },
        };
      default:
        return { code, name, maxPoints, scoring: { rule: 'manual' } };
    }
  };
  const group = (depth: number): FrameworkNode => {
    const code = `G${k++}`;
    const children = Array.from({ length: 1 + r.int(3) }, () => (depth > 0 && r.chance(0.4) ? group(depth - 1) : leaf()));
    const aggregation = r.pick<Aggregation>(['points', 'points', 'weighted_mean', 'geometric_mean']);
    const node: FrameworkNode = { code, name: { vi: code }, aggregation, children, weight: r.pick([0.5, 1, 2]) };
    // A mean group declares its max, so that a points parent can add it up.
    if (aggregation !== 'points') node.maxPoints = r.pick([0, 10, 20, 20]);
    return node;
  };
  const nodes = Array.from({ length: 1 + r.int(3) }, () => (r.chance(0.8) ? group(2) : leaf()));
  const codes: string[] = [];
  const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (codes.push(n.code), walk(n.children ?? [])));
  walk(nodes);
  const pillars: Pillar[] = Array.from({ length: r.int(3) }, (_, j) => ({
    code: `P${j}`,
    name: { vi: `P${j}` },
    aggregation: r.pick<Aggregation>(['points', 'weighted_mean']),
    members: codes.filter(() => r.chance(0.4)).map((node) => ({ node, weight: r.pick([1, 2]) })),
  }));
  const rankWithin = r.chance(0.3) ? 'kind' : undefined;
  return {
    code: 'RAND',
    version: '1',
    level: 'province',
    year: 2024,
    name: { vi: 'random' },
    source: 'test',
    result: { scale: r.pick([1, 100, 1000]), precision: r.int(3), ...(rankWithin ? { rankWithin } : {}) },
    aggregation: r.pick<Aggregation>(['points', 'weighted_mean']),
    missing: r.pick(['zero', 'drop'] as const),
    ...(r.chance(0.3) ? { pipeline: { screen: { minAvailability: 0.5, basis: r.pick(['raw', 'imputed'] as const) } } } : {}),
    ...(pillars.length ? { pillars } : {}),
    nodes,
  };
}

/** Units with few distinct answers (many ties), some missing, some unranked, in two groups (or none). */
function randomUnits(r: Rand, framework: Framework): UnitInput[] {
  const leaves: FrameworkNode[] = [];
  const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (n.children?.length ? walk(n.children) : leaves.push(n)));
  walk(framework.nodes);
  const n = 1 + r.int(60);
  const units = Array.from({ length: n }, (_, i): UnitInput => {
    const values: Record<string, RawValue> = {};
    const manualPoints: Record<string, number> = {};
    for (const leaf of leaves) {
      if (r.chance(0.15)) continue;
      const rule = leaf.scoring!.rule;
      if (rule === 'manual') manualPoints[leaf.code] = r.pick([0, 0.5, 1]) * leaf.maxPoints!;
      else if (rule === 'boolean') values[leaf.code] = r.chance(0.5);
      else if (rule === 'ratio') values[leaf.code] = r.pick([0, 2.5, 5, 10, 12, 7.3]);
      else values[leaf.code] = r.pick(['a', 'b', 'c']);
    }
    const kind = r.int(3);
    return {
      code: `U${String(i).padStart(3, '0')}`,
      ranked: !r.chance(0.15),
      groups: kind === 2 ? {} : { kind: kind === 0 ? 'with' : 'without' },
      values,
      manualPoints,
    };
  });
  // Any order: scorePlan sorts, and so must the batches' concatenation give the same whatever the order.
  for (let i = units.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [units[i], units[j]] = [units[j], units[i]];
  }
  return units;
}

/** Every field, numbers by their exact text (-0 and NaN kept apart), key order included. */
const bits = (units: UnitResult[]): string =>
  JSON.stringify([...units].sort((a, b) => (a.code < b.code ? -1 : 1)), (_k, v: unknown) =>
    typeof v === 'number' ? (Object.is(v, -0) ? '-0' : `#${String(v)}`) : v === undefined ? '(undefined)' : v,
  );

/** Scores in batches with rankNodes 'none', then ranks the concatenation: what a flow of child jobs and a ranking parent does. */
function scoreInBatches(framework: Framework, units: UnitInput[], options: ScoreOptions, cuts: number[]): { units: UnitResult[]; rankedCount: number } {
  const plan = compilePlan(framework);
  const all: UnitResult[] = [];
  let from = 0;
  for (const to of [...cuts, units.length]) {
    all.push(...scorePlan(plan, units.slice(from, to), { ...options, rankNodes: 'none' }).units);
    from = to;
  }
  const rankedCount = rankResults(plan, all, options);
  return { units: all, rankedCount };
}

describe('rankResults', () => {
  it('ranking batches scored without ranks gives what scoring all units at once gives, bit for bit (random frameworks)', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom<ScoreOptions['rankNodes']>('groups', 'all', 'none', undefined), fc.boolean(), fc.boolean(), (seed, rankNodes, within, acrossGroups) => {
        const r = prng(seed);
        const framework = randomFramework(r);
        expect(isUnitLocal(framework)).toBe(true);
        const units = randomUnits(r, framework);
        const options: ScoreOptions = { ...(rankNodes ? { rankNodes } : {}), ...(within ? { rankWithin: 'kind', rankAcrossGroups: acrossGroups } : {}) };
        const cuts = [...new Set(Array.from({ length: r.int(5) }, () => r.int(units.length + 1)))].sort((a, b) => a - b);
        const expected = score(framework, units, options);
        const batched = scoreInBatches(framework, units, options, cuts);
        expect(bits(batched.units)).toBe(bits(expected.units));
        expect(batched.rankedCount).toBe(expected.rankedCount);
        compared += units.length;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(1000);
  });

  it('a hand-computed case: ties share a rank, unranked units take no place, groups rank apart, nodes and pillars too', () => {
    const framework: Framework = {
      code: 'T',
      version: '1',
      level: 'ministry',
      year: 2024,
      name: { vi: 'T' },
      source: 'test',
      result: { scale: 100, precision: 1, rankWithin: 'kind' },
      aggregation: 'points',
      pillars: [{ code: 'P', name: { vi: 'P' }, members: [{ node: 'B' }] }],
      nodes: [
        { code: 'A', name: { vi: 'A' }, children: [{ code: 'a1', name: { vi: 'a1' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }] },
        { code: 'B', name: { vi: 'B' }, children: [{ code: 'b1', name: { vi: 'b1' }, maxPoints: 10, scoring: { rule: 'manual' } }] },
      ],
    };
    const unit = (code: string, a: boolean, b: number, kind: string, ranked = true): UnitInput => ({ code, ranked, groups: { kind }, values: { a1: a }, manualPoints: { b1: b } });
    const units = [unit('M1', true, 5, 'x'), unit('M2', true, 5, 'y'), unit('M3', false, 10, 'x'), unit('M4', true, 10, 'y', false), unit('M5', false, 2, 'y')];
    // Index: M1 75, M2 75, M3 50, M4 100 (unranked), M5 10.
    const batched = scoreInBatches(framework, units, {}, [2, 3]);
    const byCode = Object.fromEntries(batched.units.map((u) => [u.code, u]));
    expect(Object.values(byCode).map((u) => [u.code, u.indexRounded, u.rank, u.groupRank])).toEqual([
      ['M1', 75, 1, 1],
      ['M2', 75, 1, 1],
      ['M3', 50, 3, 2],
      ['M4', 100, null, null],
      ['M5', 10, 4, 2],
    ]);
    expect(batched.rankedCount).toBe(4);
    // B: M3 100 % first, M1 and M2 tied 50 %, M5 last; within y: M2 then M5.
    expect(['M1', 'M2', 'M3', 'M4', 'M5'].map((c) => [byCode[c].nodes.B.rank, byCode[c].nodes.B.groupRank, byCode[c].pillars.P.rank])).toEqual([
      [2, 2, 2],
      [2, 1, 2],
      [1, 1, 1],
      [null, null, null],
      [4, 2, 4],
    ]);
    expect(byCode.M1.nodes.a1.rank).toBeNull();
    expect(bits(batched.units)).toBe(bits(score(framework, units).units));

    // Ranked within the groups only (922's ministries): every rank is the group's, none crosses the groups.
    const within = score(framework, units, { rankAcrossGroups: false });
    const own = Object.fromEntries(within.units.map((u) => [u.code, u]));
    expect(['M1', 'M2', 'M3', 'M4', 'M5'].map((c) => [own[c].rank, own[c].groupRank, own[c].nodes.B.rank, own[c].pillars.P.rank])).toEqual([
      [1, 1, 2, 2],
      [1, 1, 1, 1],
      [2, 2, 1, 1],
      [null, null, null, null],
      [2, 2, 2, 2],
    ]);
    expect(bits(scoreInBatches(framework, units, { rankAcrossGroups: false }, [1, 4]).units)).toBe(bits(within.units));
  });

  it('leaves scoring-time ranks of its own results as they are (idempotent)', () => {
    const r = prng(7);
    const framework = randomFramework(r);
    const units = randomUnits(r, framework);
    const once = score(framework, units, { rankNodes: 'all' });
    const before = bits(once.units);
    expect(rankResults(framework, once.units, { rankNodes: 'all' })).toBe(once.rankedCount);
    expect(bits(once.units)).toBe(before);
  });
});

describe('isUnitLocal', () => {
  const pdti = parse(readFileSync(join(process.cwd(), 'config', 'frameworks', 'pdti-2022.yaml'), 'utf8')) as Framework;

  it('is true for a framework of rule-scored leaves (PDTI 2022)', () => {
    expect(isUnitLocal(pdti)).toBe(true);
    expect(isUnitLocal({ ...pdti, pipeline: { screen: { minAvailability: 0.5 } } })).toBe(true);
  });

  it('is false when a step needs every unit: normalisation, group-mean imputation, outlier treatment', () => {
    expect(isUnitLocal(benchFramework(24))).toBe(false);
    expect(isUnitLocal({ ...pdti, missing: 'group_mean' })).toBe(false);
    expect(isUnitLocal({ ...pdti, pipeline: { impute: { method: 'group_mean', group: 'g' } } })).toBe(false);
    expect(isUnitLocal({ ...pdti, pipeline: { treat: { skew: 2, kurtosis: 3.5, maxWinsorised: 5 } } })).toBe(false);
  });
});
