import { EngineFrameworkError } from '../errors';
import { bandsRule, booleanRule, choiceRule, formulaRule, manualRule, ratioRule } from '.';

describe('leaf rules', () => {
  it('boolean: yes is the max, no is 0', () => {
    const r = booleanRule(10);
    expect(r.points(true)).toBe(10);
    expect(r.points(false)).toBe(0);
  });

  it('ratio: max × clamp(value / target, 0, 1)', () => {
    const r = ratioRule('X', 20, 80);
    expect(r.points(40)).toBe(10);
    expect(r.points(80)).toBe(20);
    expect(r.points(120)).toBe(20);
    expect(r.points(-5)).toBe(0);
    expect(() => ratioRule('X', 20, 0)).toThrow(EngineFrameworkError);
  });

  it('bands: the points of the highest band whose min ≤ value; below the first band, 0', () => {
    const r = bandsRule('X', 10, [
      { min: 0, points: 0 },
      { min: 30, points: 5 },
      { min: 60, points: 10 },
    ]);
    expect(r.points(-1)).toBe(0);
    expect(r.points(0)).toBe(0);
    expect(r.points(29.999)).toBe(0);
    expect(r.points(30)).toBe(5);
    expect(r.points(59.9)).toBe(5);
    expect(r.points(60)).toBe(10);
    expect(r.points(1e9)).toBe(10);
    expect(bandsRule('X', 10, [{ min: 10, points: 4 }]).points(5)).toBe(0);
  });

  it('bands: refuses unordered or equal mins and points over the max', () => {
    expect(() => bandsRule('X', 10, [{ min: 30, points: 5 }, { min: 0, points: 0 }])).toThrow(/ascending/);
    expect(() => bandsRule('X', 10, [{ min: 0, points: 5 }, { min: 0, points: 6 }])).toThrow(/ascending/);
    expect(() => bandsRule('X', 10, [{ min: 0, points: 11 }])).toThrow(/outside/);
    expect(() => bandsRule('X', 10, [])).toThrow(/at least one/);
  });

  it('choice: option → points; refuses duplicates and points over the max', () => {
    const r = choiceRule('X', 10, [
      { value: 'none', points: 0 },
      { value: 'partial', points: 5 },
      { value: 'full', points: 10 },
    ]);
    expect(r.points('partial')).toBe(5);
    expect(r.points('full')).toBe(10);
    expect([...r.values]).toEqual(['none', 'partial', 'full']);
    expect(() => choiceRule('X', 10, [{ value: 'a', points: 1 }, { value: 'a', points: 2 }])).toThrow(/twice/);
    expect(() => choiceRule('X', 4, [{ value: 'a', points: 5 }])).toThrow(/outside/);
  });

  it('formula: named inputs and maxPoints; the caller clamps', () => {
    const r = formulaRule('X', 10, 'min(1, numerator / denominator) * maxPoints', ['numerator', 'denominator']);
    expect(r.points({ numerator: 30, denominator: 120 })).toBe(2.5);
    expect(r.points({ numerator: 200, denominator: 100 })).toBe(10);
    expect(r.points({ numerator: 0, denominator: 0 })).toBeNaN();
    const single = formulaRule('Y', 4, 'value / 25', undefined);
    expect(single.points(50)).toBe(2);
  });

  it('formula: refuses unknown inputs and unsafe constructs at compile time', () => {
    expect(() => formulaRule('X', 10, 'numerator / total', ['numerator', 'denominator'])).toThrow(/unknown inputs: total/);
    expect(() => formulaRule('X', 10, 'numerator = 1', ['numerator'])).toThrow(EngineFrameworkError);
  });

  it('manual: the rule itself never scores (the reviewer does)', () => {
    expect(manualRule().points(true)).toBeNaN();
  });
});
