import { dayNumber, monthDay } from './calendar-day';

describe('dayNumber', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2021-01-01')! - dayNumber('2020-01-01')!).toBe(366);
    expect(dayNumber('0099-03-01')! - dayNumber('0099-02-28')!).toBe(1);
  });

  it('is undefined for what is not a real day in YYYY-MM-DD', () => {
    for (const text of ['2021-02-29', '2020-13-01', '2020-00-10', '2020-04-31', '2020-1-01', '20-01-01', '2020-01-01T00:00', '']) {
      expect(dayNumber(text)).toBeUndefined();
    }
    expect(dayNumber('2020-02-29')).toBeDefined();
  });
});

describe('monthDay', () => {
  it('reads a day of the year, 02-29 included', () => {
    expect(monthDay('06-30')).toEqual({ month: 6, day: 30 });
    expect(monthDay('02-29')).toEqual({ month: 2, day: 29 });
  });

  it('is undefined for a day no year has', () => {
    for (const text of ['02-30', '04-31', '13-01', '00-05', '6-30', '2020-06-30']) expect(monthDay(text)).toBeUndefined();
  });
});
