import type { Framework, FrameworkNode } from '../engine/framework.model';
import { laggardsOf, leafValueOnScale, monthDistances, monthLastDay, type UnitMonthInput } from './month-distances';

const rate: FrameworkNode = {
  code: 'R',
  name: { vi: 'Tỷ lệ', en: 'Rate' },
  maxPoints: 100,
  input: { type: 'numbers', names: ['online', 'total'] },
  scoring: { rule: 'formula', expression: 'total > 0 ? min(1, online / total) * maxPoints : 0' },
  source: 'system',
};
const framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2020,
  period: 'month',
  name: { vi: 'Thử', en: 'Test' },
  source: 'test',
  result: { scale: 100, precision: 2 },
  aggregation: 'points',
  nodes: [rate],
  targets: [
    { indicator: 'R', start: { at: '2020-01-31', value: 0 }, by: [{ at: '2020-12-31', value: 30 }, { at: '2021-12-31', value: 80 }] },
    { indicator: 'index', by: [{ at: '2021-12-31', value: 80 }] },
  ],
} as unknown as Framework;

const unit = (code: string, online: number | null, total: number, index: number | null): UnitMonthInput => ({
  unitId: `id-${code}`,
  unitCode: code,
  unitName: `Đơn vị ${code}`,
  unitNameEn: null,
  values: online === null ? {} : { R: { online, total } },
  index,
  nodes: {},
});

describe('month distances', () => {
  it('reads the last day of a month, February of a leap year too', () => {
    expect([monthLastDay(2021, 10), monthLastDay(2020, 2), monthLastDay(2021, 2), monthLastDay(2021, 12)]).toEqual(['2021-10-31', '2020-02-29', '2021-02-28', '2021-12-31']);
  });

  it("puts a leaf's value on its own scale: a rate of counts as a percent, a percent as it is, anything else as its share of points", () => {
    expect(leafValueOnScale(rate, { online: 3, total: 4 }, null)).toBe(75);
    expect(leafValueOnScale(rate, { online: 5, total: 4 }, null)).toBe(125);
    expect(leafValueOnScale(rate, { online: 3, total: 0 }, null)).toBeNull();
    expect(leafValueOnScale(rate, null, null)).toBeNull();
    expect(leafValueOnScale({ ...rate, input: { type: 'percent' } }, 42.5, null)).toBe(42.5);
    expect(leafValueOnScale({ ...rate, input: { type: 'boolean' } }, true, { value: 1, points: 10, maxPoints: 10, contribution: null, rank: null })).toBe(100);
  });

  it('measures each unit against the trajectory on the day at the framework precision, and lists the laggards furthest behind first', () => {
    // 31/10/2021: 30 + 50 × 304/365 = 71.6438… → 71.64; the index target has no start: none before its first date.
    const { indicators, units } = monthDistances(framework, '2021-10-31', [unit('01', 71, 100, 71), unit('02', 10, 100, 10), unit('48', 72, 100, 72), unit('79', null, 100, null)]);
    expect(indicators).toEqual([
      { indicator: 'R', nameVi: 'Tỷ lệ', nameEn: 'Rate', trajectory: 71.64 },
      { indicator: 'index', nameVi: 'Chỉ số T', nameEn: 'T index', trajectory: null },
    ]);
    expect(units.map((u) => [u.unitCode, u.indicators[0].value, u.indicators[0].distance, u.behind, u.worstDistance])).toEqual([
      ['01', 71, -0.64, true, -0.64],
      ['02', 10, -61.64, true, -61.64],
      ['48', 72, 0.36, false, 0.36],
      ['79', null, null, false, null],
    ]);
    expect(units[0].indicators[1]).toEqual({ indicator: 'index', value: 71, trajectory: null, distance: null, behind: false });
    expect(laggardsOf(units).map((u) => u.unitCode)).toEqual(['02', '01']);
  });

  it('is on track exactly on the trajectory, whatever the floating point', () => {
    const { units } = monthDistances(framework, '2020-12-31', [unit('01', 3, 10, 30)]);
    expect(units[0].indicators[0]).toMatchObject({ value: 30, trajectory: 30, distance: 0, behind: false });
  });
});
