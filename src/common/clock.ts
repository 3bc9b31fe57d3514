import { Inject } from '@nestjs/common';

/** The time, behind a token so that tests can set it (windows, extensions, deadlines). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');
export const InjectClock = () => Inject(CLOCK);

export const systemClock: Clock = { now: () => new Date() };

/** Vietnam has one time zone and no daylight saving time: Asia/Ho_Chi_Minh is UTC+07:00 all year. */
export const VIETNAM_OFFSET = '+07:00';

/**
 * An ISO 8601 date or date-time (the shape DateInRange takes); without an offset it is read as Vietnam time, a date
 * alone as the start of that day there (JavaScript reads "2025-03-01+07:00" as no date at all).
 */
export function parseVietnamTime(text: string): Date {
  const dateTime = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00` : text;
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(dateTime) ? dateTime : `${dateTime}${VIETNAM_OFFSET}`;
  return new Date(withZone);
}

/** 2025-03-31T17:00:00.000Z → 2025-04-01T00:00:00+07:00 */
export function toVietnamTime(date: Date): string {
  const shifted = new Date(date.getTime() + 7 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}${VIETNAM_OFFSET}`;
}
