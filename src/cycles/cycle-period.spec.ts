import { monthsFrom, nextMonthStart, parseMonth, periodLabel } from './cycle-period';

describe('cycle periods', () => {
  it('writes a period as 2023, 2023-Q2 or 2023-05', () => {
    expect(periodLabel({ year: 2023, period: 'year', periodIndex: null })).toBe('2023');
    expect(periodLabel({ year: 2023, period: 'quarter', periodIndex: 2 })).toBe('2023-Q2');
    expect(periodLabel({ year: 2023, period: 'month', periodIndex: 5 })).toBe('2023-05');
  });

  it('reads YYYY-MM months only', () => {
    expect(parseMonth('2020-01')).toEqual({ year: 2020, month: 1 });
    expect(parseMonth('2023-12')).toEqual({ year: 2023, month: 12 });
    for (const bad of ['2023-13', '2023-00', '2023-5', '23-05', '2023-05-01', '']) expect(parseMonth(bad)).toBeNull();
  });

  it('lists the months between two, across years, both included', () => {
    expect(monthsFrom({ year: 2020, month: 11 }, { year: 2021, month: 2 })).toEqual([
      { year: 2020, month: 11 },
      { year: 2020, month: 12 },
      { year: 2021, month: 1 },
      { year: 2021, month: 2 },
    ]);
    expect(monthsFrom({ year: 2020, month: 1 }, { year: 2023, month: 12 })).toHaveLength(48);
    expect(monthsFrom({ year: 2021, month: 1 }, { year: 2020, month: 12 })).toEqual([]);
  });

  it('gives the start of the next month', () => {
    expect(nextMonthStart({ year: 2020, month: 12 })).toBe('2021-01-01');
    expect(nextMonthStart({ year: 2023, month: 4 })).toBe('2023-05-01');
  });
});
