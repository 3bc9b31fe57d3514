import fc from 'fast-check';
import type { IndicatorTarget } from '../engine/framework.model';
import { trajectoryAt } from './trajectory';

type Target = Pick<IndicatorTarget, 'start' | 'by'>;

/** The notice's targets for the level-4 online services rate (config/frameworks/online-services-rate.yaml). */
const notice: Target = {
  start: { at: '2020-01-31', value: 0 },
  by: [
    { at: '2020-12-31', value: 30 },
    { at: '2021-12-31', value: 80 },
  ],
};

describe('trajectoryAt', () => {
  it('is null before start', () => {
    expect(trajectoryAt(notice, '2020-01-30')).toBeNull();
    expect(trajectoryAt(notice, '2019-12-31')).toBeNull();
  });

  it("gives each point's own value on its day", () => {
    expect(trajectoryAt(notice, '2020-01-31')).toBe(0);
    expect(trajectoryAt(notice, '2020-12-31')).toBe(30);
    expect(trajectoryAt(notice, '2021-12-31')).toBe(80);
  });

  it('runs in a straight line by calendar day between points', () => {
    // 2020-01-31 to 2020-12-31 is 335 days (2020 is a leap year); 2020-07-01 is day 152 of them.
    expect(trajectoryAt(notice, '2020-07-01')).toBeCloseTo((30 * 152) / 335, 12);
    // 2020-12-31 to 2021-12-31 is 365 days; 2021-07-02 is day 183.
    expect(trajectoryAt(notice, '2021-07-02')).toBeCloseTo(30 + (50 * 183) / 365, 12);
    expect(trajectoryAt(notice, '2021-01-01')).toBeCloseTo(30 + 50 / 365, 12);
  });

  it('stays flat at the last value after the last by', () => {
    expect(trajectoryAt(notice, '2022-01-01')).toBe(80);
    expect(trajectoryAt(notice, '2030-06-15')).toBe(80);
  });

  it('without a start, is null before the first by and starts there (a step up to it)', () => {
    const target: Target = { by: [{ at: '2020-12-31', value: 30 }, { at: '2021-12-31', value: 80 }] };
    expect(trajectoryAt(target, '2020-12-30')).toBeNull();
    expect(trajectoryAt(target, '2020-12-31')).toBe(30);
    expect(trajectoryAt(target, '2021-07-02')).toBeCloseTo(30 + (50 * 183) / 365, 12);
    expect(trajectoryAt(target, '2023-01-01')).toBe(80);
  });

  it('with one by and no start, is null before it and flat from it on', () => {
    const target: Target = { by: [{ at: '2021-06-30', value: 50 }] };
    expect(trajectoryAt(target, '2021-06-29')).toBeNull();
    expect(trajectoryAt(target, '2021-06-30')).toBe(50);
    expect(trajectoryAt(target, '2040-01-01')).toBe(50);
  });

  it('follows a target that falls (lower is better) as well as one that rises', () => {
    const target: Target = { start: { at: '2021-01-01', value: 100 }, by: [{ at: '2021-01-11', value: 50 }] };
    expect(trajectoryAt(target, '2021-01-06')).toBe(75);
    expect(trajectoryAt(target, '2021-02-01')).toBe(50);
  });

  it('crosses a leap day and a year end by calendar days', () => {
    const target: Target = { start: { at: '2024-02-28', value: 0 }, by: [{ at: '2024-03-01', value: 2 }] };
    expect(trajectoryAt(target, '2024-02-29')).toBe(1);
    const yearEnd: Target = { start: { at: '2023-12-31', value: 10 }, by: [{ at: '2024-01-02', value: 20 }] };
    expect(trajectoryAt(yearEnd, '2024-01-01')).toBe(15);
  });

  it('refuses a date that is not a real YYYY-MM-DD, asked for or in the target', () => {
    expect(() => trajectoryAt(notice, '2021-02-29')).toThrow(RangeError);
    expect(() => trajectoryAt(notice, '31/12/2020')).toThrow('"31/12/2020" is not a date YYYY-MM-DD');
    expect(() => trajectoryAt({ by: [{ at: '2020-13-01', value: 1 }] }, '2021-01-01')).toThrow(RangeError);
  });

  it('stays between the values of the points around the day, and is never null from the first point on', () => {
    const day = fc.integer({ min: 0, max: 3000 });
    const toDate = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }), day, (days, values, asked) => {
        const points = [...days].sort((a, b) => a - b).map((n, i) => ({ at: toDate(n), value: values[i] }));
        const [start, ...by] = points;
        const target: Target = by.length > 0 ? { start, by } : { by: [start] };
        const value = trajectoryAt(target, toDate(asked));
        if (asked < Math.min(...days)) return expect(value).toBeNull();
        const lo = Math.min(...points.map((p) => p.value));
        const hi = Math.max(...points.map((p) => p.value));
        expect(value).not.toBeNull();
        expect(value!).toBeGreaterThanOrEqual(lo - 1e-6);
        expect(value!).toBeLessThanOrEqual(hi + 1e-6);
      }),
    );
  });
});
