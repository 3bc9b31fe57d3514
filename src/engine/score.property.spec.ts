import fc from 'fast-check';
import { benchFramework } from '../bench/engine.bench';
import type { FrameworkNode } from './framework.model';
import { compilePlan } from './plan';
import { roundTo } from './round';
import { scorePlan } from './score';
import type { RawValue, ScoreResult, UnitInput } from './types';

// The benchmark's framework has every rule and normalisation in it: boolean, ratio, bands, choice, formula,
// percent, minmax both ways and goalposts, in points groups under weighted-mean pillars.
const framework = benchFramework(24);
const plan = compilePlan(framework);
const leaves: FrameworkNode[] = [];
const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (n.children?.length ? walk(n.children) : leaves.push(n)));
walk(framework.nodes);

const valueFor = (leaf: FrameworkNode): fc.Arbitrary<RawValue> => {
  const rule = leaf.scoring?.rule;
  const present: fc.Arbitrary<RawValue> =
    rule === 'boolean'
      ? fc.boolean()
      : rule === 'choice'
        ? fc.constantFrom('none', 'partial', 'full')
        : rule === 'formula'
          ? fc.record({ numerator: fc.integer({ min: 0, max: 150 }), denominator: fc.integer({ min: 1, max: 100 }) })
          : leaf.input?.type === 'percent'
            ? fc.double({ min: 0, max: 100, noNaN: true })
            : fc.double({ min: leaf.input?.min ?? -50, max: 150, noNaN: true });
  return fc.option(present, { nil: undefined, freq: 8 });
};

const unitValues = fc.record(Object.fromEntries(leaves.map((l) => [l.code, valueFor(l)])) as Record<string, fc.Arbitrary<RawValue>>);
const unitsArb = fc
  .array(fc.tuple(unitValues, fc.boolean()), { minLength: 1, maxLength: 12 })
  .map((rows) => rows.map(([values, ranked], i): UnitInput => ({ code: `U${String(i).padStart(2, '0')}`, values, ranked: i === 0 || ranked })));

const byCode = (r: ScoreResult) => JSON.stringify(r.units);

describe('engine properties', () => {
  it('points stay within 0..maxPoints at every node', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        for (const u of scorePlan(plan, units).units) {
          for (const [code, node] of Object.entries(u.nodes)) {
            if (node.points === null || node.maxPoints === null) continue;
            if (node.points < -1e-12 || node.points > node.maxPoints + 1e-9) throw new Error(`${u.code} ${code}: ${node.points}/${node.maxPoints}`);
          }
          if (u.index !== null && (u.index < 0 || u.index > framework.result.scale + 1e-12)) throw new Error(`index ${u.index}`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('permuting the units changes nothing, bit for bit', () => {
    fc.assert(
      fc.property(unitsArb, fc.integer(), (units, seed) => {
        const shuffled = [...units];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(byCode(scorePlan(plan, shuffled))).toBe(byCode(scorePlan(plan, units)));
      }),
      { numRuns: 40 },
    );
  });

  it('ranks agree with the rounded index, ties share a rank, unranked units take no place', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        const result = scorePlan(plan, units);
        const ranked = result.units.filter((u) => u.rank !== null);
        expect(ranked.every((u) => u.ranked && u.indexRounded === roundTo(u.index!, framework.result.precision))).toBe(true);
        expect(result.units.filter((u) => !u.ranked).every((u) => u.rank === null)).toBe(true);
        for (const a of ranked) {
          expect(a.rank).toBe(1 + ranked.filter((b) => b.indexRounded! > a.indexRounded!).length);
          for (const b of ranked) if (a.indexRounded === b.indexRounded) expect(a.rank).toBe(b.rank);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('more of a direction-1 input never lowers the unit’s index', () => {
    const numeric = leaves.filter((l) => (l.direction ?? 1) === 1 && (l.scoring?.rule === 'ratio' || l.scoring?.rule === 'bands' || l.normalization?.method === 'minmax' || l.normalization?.method === 'goalposts') && l.input?.type !== 'percent');
    fc.assert(
      fc.property(unitsArb, fc.constantFrom(...numeric), fc.double({ min: 0, max: 100, noNaN: true }), (units, leaf, more) => {
        const before = scorePlan(plan, units).units[0].index!;
        const current = units[0].values[leaf.code];
        const base = typeof current === 'number' ? current : 0;
        const raised = [{ ...units[0], values: { ...units[0].values, [leaf.code]: base + more } }, ...units.slice(1)];
        const after = scorePlan(plan, raised).units[0].index!;
        expect(after).toBeGreaterThanOrEqual(before - 1e-12);
      }),
      { numRuns: 80 },
    );
  });
});
