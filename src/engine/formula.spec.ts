import { compileFormula, FormulaError } from './formula';

describe('compileFormula', () => {
  it('evaluates arithmetic, comparisons, conditionals and the allowed functions', () => {
    const f = compileFormula('min(maxPoints, a / b * maxPoints) + (c > 3 ? 1 : 0)');
    expect(f.variables).toEqual(['maxPoints', 'a', 'b', 'c']);
    expect(f.evaluate({ maxPoints: 10, a: 1, b: 4, c: 5 })).toBe(3.5);
    expect(f.evaluate({ maxPoints: 10, a: 8, b: 4, c: 1 })).toBe(10);
    expect(compileFormula('round(2.345, 2)').evaluate({})).toBe(2.35);
    expect(compileFormula('round(-2.5)').evaluate({})).toBe(-3);
    expect(compileFormula('pow(2, 3) + 2^2 + sqrt(16) + abs(-1) + floor(1.5) + ceil(1.5)').evaluate({})).toBe(20);
    expect(compileFormula('log(100, 10)').evaluate({})).toBeCloseTo(2, 12);
    expect(compileFormula('exp(0) + log(1)').evaluate({})).toBe(1);
    expect(compileFormula('1 < x <= 3').evaluate({ x: 3 })).toBe(1);
    expect(compileFormula('1 < x <= 3').evaluate({ x: 4 })).toBe(0);
    expect(compileFormula('x >= 1 and not (y == 2)').evaluate({ x: 1, y: 3 })).toBe(1);
    expect(compileFormula('7 mod 3').evaluate({})).toBe(1);
    expect(compileFormula('max(0, min(1, x))').evaluate({ x: 5 })).toBe(1);
  });

  it('lists each variable once and not the function names', () => {
    expect(compileFormula('max(x, y) + x * min(y, 2)').variables).toEqual(['x', 'y']);
  });

  it.each([
    ['a = 3', /assignment/],
    ['f(x) = x + 1', /function definition/],
    ['a.b', /property/],
    ['a[1]', /property or index/],
    ['"text"', /constant/],
    ['[1, 2]', /matrix/],
    ['{a: 1}', /object/],
    ['import(1)', /unknown function import/],
    ['evaluate("1")', /unknown function/],
    ['a; b', /statement/],
    ['1:3', /range/],
    ['x!', /operator/],
    ["x'", /operator/],
    ['min', /function name/],
    ['max()', /arguments/],
    ['1 +', /syntax/],
    ['', /empty/],
  ])('refuses %s', (expr, message) => {
    expect(() => compileFormula(expr)).toThrow(FormulaError);
    expect(() => compileFormula(expr)).toThrow(message);
  });

  it('refuses to evaluate without a value for a variable, and never reaches mathjs constants', () => {
    expect(() => compileFormula('pi * 2').evaluate({})).toThrow(/no value for pi/);
    expect(() => compileFormula('toString').evaluate({})).toThrow(FormulaError);
    expect(compileFormula('pi * 2').variables).toEqual(['pi']);
  });
});
