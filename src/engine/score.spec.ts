import { EngineFrameworkError, EngineInputError } from './errors';
import { explainUnit, explanationLines } from './explain';
import type { Framework, FrameworkNode } from './framework.model';
import { score } from './score';
import type { UnitInput } from './types';
import { validateInput } from './validate';

const name = (vi: string) => ({ vi });

/** A small provincial-DTI-like framework: points, a not-scored group (maxPoints 0), pillars across the tree. */
function pdti(overrides: Partial<Framework> = {}): Framework {
  const nodes: FrameworkNode[] = [
    {
      code: 'NT',
      name: name('Nhận thức số'),
      maxPoints: 30,
      children: [
        { code: 'NT.01', name: name('a'), maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
        { code: 'NT.02', name: name('b'), maxPoints: 20, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 80 } },
      ],
    },
    {
      code: 'HT',
      name: name('Hạ tầng số'),
      children: [
        {
          code: 'HT.01',
          name: name('c'),
          maxPoints: 10,
          input: { type: 'number' },
          scoring: { rule: 'bands', bands: [ { min: 0, points: 0 }, { min: 30, points: 5 }, { min: 60, points: 10 } ] },
        },
        {
          code: 'HT.02',
          name: name('d'),
          maxPoints: 10,
          input: { type: 'choice' },
          scoring: { rule: 'choice', options: [ { value: 'none', points: 0 }, { value: 'partial', points: 4 }, { value: 'full', points: 10 } ] },
        },
        {
          code: 'HT.03',
          name: name('e'),
          maxPoints: 10,
          input: { type: 'numbers', names: ['numerator', 'denominator'] },
          scoring: { rule: 'formula', expression: 'min(1, numerator / denominator) * maxPoints' },
        },
        { code: 'HT.04', name: name('f'), maxPoints: 10, input: { type: 'text' }, scoring: { rule: 'manual' } },
      ],
    },
    {
      code: 'DT',
      name: name('Đô thị thông minh'),
      maxPoints: 0,
      children: [{ code: 'DT.01', name: name('g'), maxPoints: 0, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }],
    },
  ];
  return {
    code: 'T',
    version: '1',
    level: 'province',
    year: 2022,
    name: name('Thử'),
    source: 'test',
    result: { scale: 1, precision: 4 },
    aggregation: 'points',
    pillars: [
      { code: 'CQS', name: name('CQS'), members: [{ node: 'NT.01' }, { node: 'HT' }] },
      { code: 'KTS', name: name('KTS'), aggregation: 'weighted_mean', members: [{ node: 'NT', weight: 3 }, { node: 'HT', weight: 1 }] },
    ],
    nodes,
    ...overrides,
  };
}

const full: UnitInput['values'] = {
  'NT.01': true,
  'NT.02': 40,
  'HT.01': 45,
  'HT.02': 'partial',
  'HT.03': { numerator: 3, denominator: 4 },
  'DT.01': true,
};

describe('score: rules, groups, pillars', () => {
  const result = score(pdti(), [{ code: 'P1', values: full, manualPoints: { 'HT.04': 6 } }]);
  const u = result.units[0];

  it('scores each rule by hand', () => {
    expect(u.nodes['NT.01']).toMatchObject({ points: 10, maxPoints: 10, value: 1 });
    expect(u.nodes['NT.02']).toMatchObject({ points: 10, value: 0.5 });
    expect(u.nodes['HT.01']).toMatchObject({ points: 5, value: 0.5 });
    expect(u.nodes['HT.02']).toMatchObject({ points: 4, value: 0.4 });
    expect(u.nodes['HT.03']).toMatchObject({ points: 7.5, value: 0.75 });
    expect(u.nodes['HT.04']).toMatchObject({ points: 6, value: 0.6, raw: 6 });
  });

  it('sums points; a maxPoints-0 group is collected but adds and divides nothing', () => {
    expect(u.nodes.NT).toMatchObject({ points: 20, maxPoints: 30 });
    expect(u.nodes.HT).toMatchObject({ points: 22.5, maxPoints: 40 });
    expect(u.nodes.DT).toMatchObject({ value: null, points: 0, maxPoints: 0, contribution: 0 });
    expect(u.nodes['DT.01']).toMatchObject({ value: null, points: 0, maxPoints: 0, raw: true });
    expect(u.index).toBeCloseTo(42.5 / 70, 15);
    expect(u.indexRounded).toBe(0.6071);
  });

  it('contributions add up to the index', () => {
    const leaves = ['NT.01', 'NT.02', 'HT.01', 'HT.02', 'HT.03', 'HT.04', 'DT.01'];
    expect(leaves.reduce((s, c) => s + (u.nodes[c].contribution ?? 0), 0)).toBeCloseTo(u.index!, 15);
    expect(u.nodes.NT.contribution).toBeCloseTo(20 / 70, 15);
  });

  it('pillars: Σ points / Σ max, or the weighted mean of the members', () => {
    expect(u.pillars.CQS).toMatchObject({ points: 32.5, maxPoints: 50, value: 0.65 });
    expect(u.pillars.KTS.value).toBeCloseTo((3 * (20 / 30) + 22.5 / 40) / 4, 15);
  });

  it('explains the unit from raw value to index', () => {
    const e = explainUnit(pdti(), result, 'P1');
    expect(e.contribution).toBe(u.index);
    const nt = e.children![0];
    expect(nt.shareOfParent).toBeCloseTo(20 / 70, 15);
    expect(nt.children![1]).toMatchObject({ code: 'NT.02', raw: 40, method: 'ratio', points: 10 });
    expect(nt.children![1].shareOfParent).toBeCloseTo(10 / 30, 15);
    const lines = explanationLines(e, 'vi');
    expect(lines[0]).toMatch(/^T \(Thử\): points/);
    expect(lines.some((l) => l.includes('NT.02') && l.includes('raw 40'))).toBe(true);
  });
});

describe('score: missing values, never silently', () => {
  const partial = { ...full };
  delete partial['NT.02'];
  const units = [{ code: 'P1', values: partial, manualPoints: { 'HT.04': 6 } }];

  it('zero (the default): the missing leaf counts 0 and is noted', () => {
    const u = score(pdti(), units).units[0];
    expect(u.nodes['NT.02']).toMatchObject({ points: 0, maxPoints: 20, value: 0 });
    expect(u.index).toBeCloseTo(32.5 / 70, 15);
    expect(u.notes).toContainEqual(expect.objectContaining({ kind: 'zero', node: 'NT.02' }));
  });

  it('drop: the leaf and its max leave the sum', () => {
    const u = score(pdti({ missing: 'drop' }), units).units[0];
    expect(u.nodes['NT.02']).toMatchObject({ points: null, maxPoints: null, value: null, contribution: null });
    expect(u.nodes.NT).toMatchObject({ points: 10, maxPoints: 10, value: 1 });
    expect(u.index).toBeCloseTo(32.5 / 50, 15);
    expect(u.notes).toContainEqual(expect.objectContaining({ kind: 'dropped', node: 'NT.02' }));
  });

  it('drop with weighted means renormalises the weights', () => {
    const f = pdti({ missing: 'drop', aggregation: 'weighted_mean' });
    f.nodes[0].aggregation = 'weighted_mean';
    f.nodes[0].children![0].weight = 1;
    f.nodes[0].children![1].weight = 3;
    const u = score(f, units).units[0];
    expect(u.nodes.NT.value).toBe(1);
  });

  it('group_mean: imputes the points from the units of the same group', () => {
    const f = pdti({ missing: 'group_mean', pipeline: { impute: { method: 'group_mean', group: 'region' } } });
    const r = score(f, [
      { code: 'A', groups: { region: 'north' }, values: partial, manualPoints: { 'HT.04': 6 } },
      { code: 'B', groups: { region: 'north' }, values: { ...full, 'NT.02': 80 }, manualPoints: { 'HT.04': 6 } },
      { code: 'C', groups: { region: 'north' }, values: { ...full, 'NT.02': 40 }, manualPoints: { 'HT.04': 6 } },
      { code: 'D', groups: { region: 'south' }, values: { ...full, 'NT.02': 0 }, manualPoints: { 'HT.04': 6 } },
    ]);
    expect(r.units[0].nodes['NT.02'].points).toBe(15);
    expect(r.units[0].notes).toContainEqual(expect.objectContaining({ kind: 'imputed', node: 'NT.02', value: 15 }));
  });

  it('a unit with nothing scored has no index and no rank', () => {
    const r = score(pdti({ missing: 'drop' }), [{ code: 'E', values: {} }]);
    expect(r.units[0]).toMatchObject({ status: 'no_index', index: null, rank: null });
  });
});

describe('score: ranks', () => {
  const f = pdti();
  const unit = (code: string, pct: number, ranked?: boolean): UnitInput => ({ code, ranked, values: { ...full, 'NT.02': pct }, manualPoints: { 'HT.04': 6 } });

  it('standard competition ranking on the rounded index; unranked units take no place', () => {
    const r = score(f, [unit('D', 10), unit('A', 70), unit('EU', 100, false), unit('B', 40), unit('C', 40)]);
    expect(r.units.map((u) => u.code)).toEqual(['A', 'B', 'C', 'D', 'EU']);
    expect(r.units.map((u) => u.rank)).toEqual([1, 2, 2, 4, null]);
    expect(r.units[4]).toMatchObject({ ranked: false, status: 'scored' });
    expect(r.units[4].index).toBeGreaterThan(r.units[0].index!);
    expect(r.rankedCount).toBe(4);
  });

  it('values equal once rounded share a rank', () => {
    // 40 and 40.0001 % differ by 2.5e-5 points: 3.6e-7 of the index, invisible at 4 decimals.
    const r = score(f, [unit('A', 40), unit('B', 40.0001), unit('C', 20)]);
    expect(r.units[0].index).not.toBe(r.units[1].index);
    expect(r.units.map((u) => u.rank)).toEqual([1, 1, 3]);
  });

  it('ranks nodes and pillars, and within groups when asked', () => {
    const units = [unit('A', 80), unit('B', 40), unit('C', 60)].map((u, i) => ({ ...u, groups: { kind: i === 1 ? 'x' : 'y' } }));
    const r = score(f, units, { rankWithin: 'kind' });
    expect(r.units.map((u) => u.nodes.NT.rank)).toEqual([1, 3, 2]);
    expect(r.units.map((u) => u.pillars.CQS.rank)).toEqual([1, 1, 1]);
    expect(r.units.map((u) => u.groupRank)).toEqual([1, 1, 2]);
    expect(r.units.map((u) => u.nodes.NT.groupRank)).toEqual([1, 1, 2]);
    expect(r.units[0].nodes['NT.01'].rank).toBeNull();
    expect(score(f, units, { rankNodes: 'all' }).units[1].nodes['NT.02'].rank).toBe(3);
  });
});

describe('score: bad input and bad frameworks', () => {
  const f = pdti();
  it('refuses bad raw values with unit, indicator and rule, all at once', () => {
    const units: UnitInput[] = [
      { code: 'A', values: { ...full, 'NT.02': 120, 'HT.01': 'abc', 'HT.02': 'most' }, manualPoints: { 'HT.04': 11 } },
    ];
    let error: unknown;
    try {
      score(f, units);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineInputError);
    const issues = (error as EngineInputError).issues;
    expect(issues.map((i) => [i.unit, i.indicator, i.code, i.rule])).toEqual([
      ['A', 'NT.02', 'out_of_range', 'ratio'],
      ['A', 'HT.01', 'not_a_number', 'bands'],
      ['A', 'HT.02', 'unknown_choice', 'choice'],
      ['A', 'HT.04', 'manual_points', 'manual'],
    ]);
    expect((error as EngineInputError).indicator).toBe('NT.02');
  });

  it('validateInput lists the same issues and unknown indicators, and nothing for good input', () => {
    expect(validateInput(f, [{ code: 'A', values: full }])).toEqual([]);
    const issues = validateInput(f, [{ code: 'A', values: { ...full, 'XX.99': 1, 'NT.01': 'maybe' } }, { code: 'A', values: {} }]);
    expect(issues.map((i) => i.code)).toEqual(['unknown_indicator', 'duplicate_unit', 'not_a_boolean']);
  });

  it('refuses a framework it cannot run', () => {
    const bad = pdti();
    bad.nodes[0].maxPoints = 31;
    expect(() => score(bad, [])).toThrow(/not the children's sum/);
    const both = pdti();
    both.nodes[0].children![0].normalization = { method: 'minmax' };
    expect(() => score(both, [])).toThrow(EngineFrameworkError);
    const dup = pdti();
    dup.nodes[1].children![0].code = 'NT.01';
    expect(() => score(dup, [])).toThrow(/twice/);
  });
});

describe('score: normalised leaves and the pipeline', () => {
  const f: Framework = {
    ...pdti(),
    aggregation: 'weighted_mean',
    missing: 'zero',
    pillars: undefined,
    pipeline: { denominate: true, screen: { minAvailability: 0.5, basis: 'raw' } },
    nodes: [
      { code: 'A', name: name('a'), maxPoints: 10, denominator: 'Population', normalization: { method: 'minmax' } },
      { code: 'B', name: name('b'), maxPoints: 10, direction: -1, normalization: { method: 'goalposts', min: 0, max: 100 } },
    ],
  };
  it('denominates, normalises, flips, and points = value × maxPoints', () => {
    const r = score(f, [
      { code: 'U1', values: { A: 100, B: 25 }, denominators: { Population: 10 } },
      { code: 'U2', values: { A: 300, B: 75 }, denominators: { Population: 10 } },
      { code: 'U3', values: { B: 50 } },
    ]);
    expect(r.units[0].nodes.A).toMatchObject({ input: 10, value: 0, points: 0 });
    expect(r.units[1].nodes.A).toMatchObject({ input: 30, value: 1, points: 10 });
    expect(r.units[0].nodes.B).toMatchObject({ value: 0.75, points: 7.5 });
    expect(r.units[2]).toMatchObject({ status: 'scored' });
    expect(r.units[2].nodes.A).toMatchObject({ value: 0 });
  });

  it('screens out units below the availability and says why', () => {
    const r = score(f, [
      { code: 'U1', values: { A: 100, B: 25 }, denominators: { Population: 10 } },
      { code: 'U2', values: {} },
    ]);
    expect(r.units[1]).toMatchObject({ status: 'screened_out', index: null, rank: null, ranked: false });
    expect(r.units[1].notes[0]).toMatchObject({ kind: 'screened_out' });
  });
});

describe('points given by a person on a rule leaf', () => {
  const framework: Framework = {
    code: 'P', version: '1', level: 'province', year: 2022, name: { vi: 'P' }, source: 's', result: { scale: 1, precision: 4 }, aggregation: 'points',
    nodes: [
      { code: 'A', name: { vi: 'A' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
      { code: 'B', name: { vi: 'B' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } },
    ],
  };

  it('replace the rule\'s points, and are refused outside 0..max', () => {
    const plain = score(framework, [{ code: 'u', values: { A: true, B: 50 } }]).units[0];
    expect([plain.nodes.A.points, plain.nodes.B.points]).toEqual([10, 5]);
    const reviewed = score(framework, [{ code: 'u', values: { A: true, B: 50 }, manualPoints: { A: 4 } }]).units[0];
    expect([reviewed.nodes.A.points, reviewed.nodes.B.points, reviewed.index]).toEqual([4, 5, 0.45]);
    expect(() => score(framework, [{ code: 'u', values: { A: true }, manualPoints: { A: 11 } }])).toThrow(/outside 0..10/);
  });
});
