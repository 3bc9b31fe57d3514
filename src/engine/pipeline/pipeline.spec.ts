import { imputeGroupMean } from './impute';
import { kurtosis, skewness } from './moments';
import { logTransform, passesSkewKurt, treatColumn } from './treat';

const spec = { skew: 2, kurtosis: 3.5, maxWinsorised: 5 };

describe('moments (Excel SKEW / KURT, as COINr)', () => {
  it('is 0 for a symmetric column and matches hand values', () => {
    expect(skewness(Float64Array.from([1, 2, 3, 4, 5]))).toBeCloseTo(0, 15);
    // By hand for 1, 2, 3, 10: mean 4, m2 = 12.5, m3 = 45, m4 = 348.5 (population moments), n = 4.
    const g1 = 45 / 12.5 ** 1.5;
    const g2 = 348.5 / 12.5 ** 2 - 3;
    expect(skewness(Float64Array.from([1, 2, 3, 10]))).toBeCloseTo((g1 * Math.sqrt(12)) / 2, 14);
    expect(kurtosis(Float64Array.from([1, 2, 3, 10]))).toBeCloseTo(((5 * g2 + 6) * 3) / 2, 14);
    expect(skewness(Float64Array.from([1, Number.NaN, 2, 3, 10]))).toBeCloseTo((g1 * Math.sqrt(12)) / 2, 14);
  });
});

describe('treatColumn', () => {
  it('leaves a column that passes alone', () => {
    const t = treatColumn(Float64Array.from([1, 2, 3, 4, 5]), spec);
    expect(t).toMatchObject({ passed: true, changed: [], logged: false });
  });

  it('winsorises the maximum down to the next value until the column passes', () => {
    const x = Float64Array.from([...Array.from({ length: 20 }, (_, i) => i % 5), 100]);
    expect(passesSkewKurt(skewness(x), kurtosis(x), spec)).toBe(false);
    const t = treatColumn(x, spec);
    expect(t.changed).toEqual([20]);
    expect(t.values[20]).toBe(4);
    expect(t.after!.passed).toBe(true);
    expect(t.logged).toBe(false);
  });

  it('falls back to the log of the untreated column when five points are not enough', () => {
    const x = Float64Array.from([...Array.from({ length: 60 }, () => 1), ...Array.from({ length: 8 }, (_, i) => 100 * (i + 1)), 5000]);
    const t = treatColumn(x, spec);
    expect(t.logged).toBe(true);
    expect(t.changed).toEqual([]);
    expect(t.values[0]).toBe(0);
    expect(t.values[68]).toBeCloseTo(Math.log(5000), 12);
    const none = treatColumn(x, { ...spec, fallback: 'none' });
    expect(none.logged).toBe(false);
    expect(none.changed.length).toBeGreaterThanOrEqual(5);
    expect(none.after!.passed).toBe(false);
  });

  it('logTransform keeps the ends: min → 0, max → ln(max)', () => {
    expect([...logTransform(Float64Array.from([2, 11]))].map((v) => Number(v.toFixed(12)))).toEqual([0, Number(Math.log(11).toFixed(12))]);
  });
});

describe('imputeGroupMean', () => {
  it('fills from the group, else from every unit, and reports each', () => {
    const x = Float64Array.from([1, Number.NaN, 3, 10, Number.NaN, Number.NaN]);
    const out = imputeGroupMean(x, ['a', 'a', 'a', 'b', 'b', 'c']);
    expect([...x]).toEqual([1, 2, 3, 10, 10, 14 / 3]);
    expect(out).toEqual([
      { unit: 1, value: 2, from: 'group' },
      { unit: 4, value: 10, from: 'group' },
      { unit: 5, value: 14 / 3, from: 'all' },
    ]);
  });
});
