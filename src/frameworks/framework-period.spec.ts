import { frameworkPeriod } from './framework-period';

describe('frameworkPeriod', () => {
  it("is the file's period", () => {
    expect(frameworkPeriod({ period: 'month' })).toBe('month');
    expect(frameworkPeriod({ period: 'quarter' })).toBe('quarter');
    expect(frameworkPeriod({ period: 'year' })).toBe('year');
  });

  it('is year when the file does not say', () => {
    expect(frameworkPeriod({})).toBe('year');
  });
});
