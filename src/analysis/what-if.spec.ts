import { benchFramework, benchUnits } from '../bench/engine.bench';
import { compilePlan, prepareColumns, rescoreUnit, scoreColumns, scorePlan } from '../engine';
import type { ScoreOptions, UnitInput } from '../engine/types';
import { changedInput, whatIf, whatIfBasis, type WhatIfChanges } from './what-if';
import { leafStep } from './what-if-steps';

// I001 boolean, I002 ratio (target 80), I003 bands (0/30/60), I004 choice, I005 formula, I006 minmax (lower is
// better), I007 goalposts (10..90), I008 percent ratio; then again from I009 (I014 minmax, higher is better).
const framework = benchFramework(24);
const plan = compilePlan(framework);
const units: UnitInput[] = benchUnits(framework, 80, 11).map((u, i) => ({ ...u, groups: { kind: i % 3 === 0 ? 'A' : 'B' }, ranked: i % 17 !== 5 }));
const leaf = (code: string) => plan.nodes[plan.byCode.get(code)!];

/** The full run's result of the unit with the changes (the rest as they are), and rescoreUnit on the whole columns. */
function reference(basis: ReturnType<typeof whatIfBasis>, code: string, changes: WhatIfChanges, options: ScoreOptions) {
  const input = changedInput(basis, basis.inputs.get(code)!, changes);
  const full = scorePlan(plan, units.map((u) => (u.code === code ? input : u)), options).units.find((u) => u.code === code)!;
  const columns = prepareColumns(plan, units, options);
  const frozen = rescoreUnit(plan, columns, scoreColumns(plan, columns), input);
  return { full, frozen };
}

describe('whatIf: a unit re-scored against the frozen basis, as rescoreUnit on the whole columns and as a full run', () => {
  for (const options of [{}, { rankWithin: 'kind' }, { rankWithin: 'kind', rankAcrossGroups: false }] as ScoreOptions[]) {
    const basis = whatIfBasis(framework, units, options);

    it(`gives a full run's index and rank for rule and goalpost changes (${JSON.stringify(options)})`, () => {
      for (const code of ['U00003', 'U00012', 'U00040', 'U00079']) {
        const changes = { I001: true, I002: 80, I004: 'full', I007: 70 };
        const got = whatIf(basis, code, changes);
        const { full } = reference(basis, code, changes, options);
        expect(got.exact).toBe(true);
        expect(got.after).toEqual({ index: full.index, indexRounded: full.indexRounded, rank: full.rank, groupRank: full.groupRank ?? null });
      }
    });

    it(`reads a min-max leaf through its unit's entry and the others' least and greatest: as the whole column, moved or not (${JSON.stringify(options)})`, () => {
      const values = units.map((u) => u.values.I014).filter((v): v is number => typeof v === 'number');
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      // Inside the range (exact), past the greatest (moved), the unit that holds the least moved off it (moved).
      const holder = units.find((u) => u.values.I014 === lo)!.code;
      for (const [code, value] of [['U00020', (lo + hi) / 2], ['U00020', hi + 5], [holder, (lo + hi) / 2]] as const) {
        const got = whatIf(basis, code, { I014: value, I006: value });
        const { full, frozen } = reference(basis, code, { I014: value, I006: value }, options);
        expect({ after: got.after, moved: got.moved }).toEqual({ after: { index: frozen.index, indexRounded: frozen.indexRounded, rank: frozen.rank, groupRank: frozen.groupRank ?? null }, moved: frozen.moved });
        if (got.exact) expect(got.after.index).toBe(full.index);
      }
      expect(whatIf(basis, 'U00020', { I014: hi + 5 }).moved).toEqual(['I014']);
    });

    it(`ranks the cheapest three as rescoreUnit does, best rank gain then index gain (${JSON.stringify(options)})`, () => {
      const code = 'U00040';
      const got = whatIf(basis, code, { I001: true });
      expect(got.cheapest).toHaveLength(3);
      for (const c of got.cheapest) {
        const { frozen } = reference(basis, code, { I001: true, [c.code]: c.to }, options);
        expect([c.index, c.rank, c.exact]).toEqual([frozen.index, frozen.rank, frozen.moved.length === 0]);
      }
      // Every step of every leaf, scored one by one: none left out is better than the third.
      const input = changedInput(basis, basis.inputs.get(code)!, { I001: true });
      const third = got.cheapest[2];
      for (const [c, l] of basis.leaves) {
        if (got.cheapest.some((x) => x.code === c)) continue;
        const step = leafStep(l, input.values[c] ?? null, input.manualPoints?.[c], basis.ranges.get(c));
        if (!step) continue;
        const { frozen } = reference(basis, code, { I001: true, [c]: step.to }, options);
        expect(frozen.rank === null || frozen.rank > third.rank! || frozen.index! <= third.index!).toBe(true);
      }
    });
  }
});

describe('leafStep: one step up of a leaf, by its rule', () => {
  it('takes the next option, the next band, yes, a tenth of the target or goalposts, and none at the top or for a formula', () => {
    expect(leafStep(leaf('I001'), false, undefined, undefined)).toEqual({ kind: 'yes', to: true });
    expect(leafStep(leaf('I001'), true, undefined, undefined)).toBeNull();
    expect(leafStep(leaf('I004'), 'none', undefined, undefined)).toEqual({ kind: 'next_option', to: 'partial' });
    expect(leafStep(leaf('I004'), 'full', undefined, undefined)).toBeNull();
    expect(leafStep(leaf('I003'), 12, undefined, undefined)).toEqual({ kind: 'next_band', to: 30 });
    expect(leafStep(leaf('I003'), 75, undefined, undefined)).toBeNull();
    expect(leafStep(leaf('I002'), 50, undefined, undefined)).toEqual({ kind: 'plus_tenth', to: 58 });
    expect(leafStep(leaf('I002'), 79, undefined, undefined)).toEqual({ kind: 'plus_tenth', to: 80 });
    expect(leafStep(leaf('I008'), 95, undefined, undefined)).toEqual({ kind: 'plus_tenth', to: 100 });
    expect(leafStep(leaf('I007'), 20, undefined, undefined)).toEqual({ kind: 'plus_tenth', to: 28 });
    expect(leafStep(leaf('I005'), { numerator: 1, denominator: 2 }, undefined, undefined)).toBeNull();
    // Min-max, lower is better: a tenth of the run's range down, to its least at most.
    expect(leafStep(leaf('I006'), 50, undefined, { min: 10, max: 90 })).toEqual({ kind: 'plus_tenth', to: 42 });
    expect(leafStep(leaf('I006'), 12, undefined, { min: 10, max: 90 })).toEqual({ kind: 'plus_tenth', to: 10 });
    expect(leafStep(leaf('I006'), 10, undefined, { min: 10, max: 90 })).toBeNull();
  });
});
