import { parseVietnamTime, toVietnamTime } from './clock';

describe('Vietnam time', () => {
  it('reads a date-time without offset as UTC+07:00 and keeps a given offset', () => {
    expect(parseVietnamTime('2025-04-01T00:00:00').toISOString()).toBe('2025-03-31T17:00:00.000Z');
    expect(parseVietnamTime('2025-04-01T00:00:00Z').toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(parseVietnamTime('2025-04-01T00:00:00+09:00').toISOString()).toBe('2025-03-31T15:00:00.000Z');
  });

  it('reads a date alone as the start of that day in Vietnam, and a date-time to the minute', () => {
    expect(parseVietnamTime('2025-04-01').toISOString()).toBe('2025-03-31T17:00:00.000Z');
    expect(parseVietnamTime('2025-04-01T08:30').toISOString()).toBe('2025-04-01T01:30:00.000Z');
    expect(parseVietnamTime('2025-04-01T08:30+0700').toISOString()).toBe('2025-04-01T01:30:00.000Z');
  });

  it('writes a date in Vietnam time', () => {
    expect(toVietnamTime(new Date('2025-03-31T17:00:00Z'))).toBe('2025-04-01T00:00:00+07:00');
  });
});
