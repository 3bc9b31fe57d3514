/**
 * How long a cycle's period is: the yearly assessment, or one quarter or month of a periodic series (the monthly
 * monitoring of online public services: issue #21).
 */
export type CyclePeriod = 'year' | 'quarter' | 'month';

export const CYCLE_PERIODS: readonly CyclePeriod[] = ['year', 'quarter', 'month'];

/** A period as people write it: 2023, 2023-Q2, 2023-05. */
export function periodLabel(c: { year: number; period: CyclePeriod; periodIndex: number | null }): string {
  if (c.period === 'year' || c.periodIndex === null) return String(c.year);
  return c.period === 'quarter' ? `${c.year}-Q${c.periodIndex}` : `${c.year}-${String(c.periodIndex).padStart(2, '0')}`;
}

export interface Month {
  year: number;
  month: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2023-05" as a month, or null when it is not one. */
export function parseMonth(text: string): Month | null {
  const match = MONTH.exec(text);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
}

/** Every month from `from` to `to`, both included, in order (empty when `to` is before `from`). */
export function monthsFrom(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = from.year * 12 + from.month - 1; i <= to.year * 12 + to.month - 1; i++) out.push({ year: Math.floor(i / 12), month: (i % 12) + 1 });
  return out;
}

/** The first day of the month after `m`, as YYYY-MM-DD. */
export function nextMonthStart(m: Month): string {
  const next = m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 };
  return `${next.year}-${String(next.month).padStart(2, '0')}-01`;
}
