import type { FrameworkNode } from '../engine/framework.model';
import { incompatibility, monthTaken, yearlyValue, type MonthValue } from './monitored-values';

const counts: FrameworkNode = { code: 'Y', name: { vi: 'Y' }, maxPoints: 10, input: { type: 'numbers', names: ['online', 'total'] }, source: 'system' };
const months: MonthValue[] = [
  { month: 10, cycleId: 'oct', value: { online: 71, total: 100 } },
  { month: 11, cycleId: 'nov', value: { online: 30, total: 50 } },
  { month: 12, cycleId: 'dec', value: { online: 45, total: 50 } },
];

describe('a yearly value from the months', () => {
  it('reads December for last, the month containing the day for at, every month for mean', () => {
    expect([monthTaken({ take: 'last' }), monthTaken({ take: 'at', at: '06-30' }), monthTaken({ take: 'mean' })]).toEqual([12, 6, null]);
  });

  it("takes December's value and its cycle; nothing when the unit has none that month", () => {
    expect(yearlyValue(counts, { take: 'last' }, months)).toEqual({ value: { online: 45, total: 50 }, cycleId: 'dec' });
    expect(yearlyValue(counts, { take: 'last' }, months.slice(0, 2))).toBeNull();
    expect(yearlyValue(counts, { take: 'at', at: '11-15' }, months)).toEqual({ value: { online: 30, total: 50 }, cycleId: 'nov' });
  });

  it('averages counts input by input (the pooled rate), from the last month in the mean', () => {
    const mean = yearlyValue(counts, { take: 'mean' }, months)!;
    expect(mean.cycleId).toBe('dec');
    const value = mean.value as Record<string, number>;
    expect(value.online).toBeCloseTo(146 / 3, 12);
    expect(value.total).toBeCloseTo(200 / 3, 12);
    expect(yearlyValue(counts, { take: 'mean' }, [months[0], { month: 11, cycleId: 'nov', value: null }])).toEqual({ value: { online: 71, total: 100 }, cycleId: 'oct' });
    expect(yearlyValue(counts, { take: 'mean' }, [])).toBeNull();
  });

  it("keeps a number's mean exact and rounds an integer's", () => {
    const values = [1, 2, 2].map((value, i): MonthValue => ({ month: i + 1, cycleId: `m${i + 1}`, value }));
    expect(yearlyValue({ ...counts, input: { type: 'number' } }, { take: 'mean' }, values)!.value).toBeCloseTo(5 / 3, 12);
    expect(yearlyValue({ ...counts, input: { type: 'integer' } }, { take: 'mean' }, values)).toEqual({ value: 2, cycleId: 'm3' });
  });

  it('takes values only from an indicator of the same input, and averages only numbers', () => {
    expect(incompatibility(counts, counts, { take: 'mean' })).toBeNull();
    expect(incompatibility(counts, { ...counts, input: { type: 'percent' } }, { take: 'last' })).toContain('must be the same');
    expect(incompatibility(counts, { ...counts, input: { type: 'numbers', names: ['a', 'b'] } }, { take: 'last' })).toContain('[online, total]');
    const yes: FrameworkNode = { ...counts, input: { type: 'boolean' } };
    expect(incompatibility(yes, yes, { take: 'last' })).toBeNull();
    expect(incompatibility(yes, yes, { take: 'mean' })).toContain('no mean');
  });
});
