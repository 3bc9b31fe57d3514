import type { FrameworkNode, MonitoredSpec } from '../engine/framework.model';
import type { RawValue } from '../engine/types';

/**
 * How a yearly leaf's value is taken from the months of its monitored series (issue #21, point 6). Pure: the service
 * reads the months' values and hands them here.
 */

/** One month's value of the monitored indicator for one unit, from that month's cycle. */
export interface MonthValue {
  /** 1-12. */
  month: number;
  cycleId: string;
  value: RawValue;
}

/** The month a `take` reads, or null for `mean` (every month of the year). `at` is "MM-DD": the month containing it. */
export function monthTaken(spec: Pick<MonitoredSpec, 'take' | 'at'>): number | null {
  if (spec.take === 'last') return 12;
  if (spec.take === 'at') return Number(spec.at!.slice(0, 2));
  return null;
}

const finite = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** The mean of some numbers, or null when there are none. */
const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The yearly value of one unit from its months (in month order), with the monthly cycle it is said to come from:
 * - `last` and `at`: the value of that one month (its cycle), or nothing when the unit has none that month;
 * - `mean`: the mean of the months that have a value. Counts (a `numbers` input such as [online, total]) are averaged
 *   input by input: the mean online count over the mean total count, so the yearly rate is the year's pooled rate
 *   (Σ online / Σ total over the same months), not a mean of the monthly rates that would weigh a month with few
 *   services as much as one with many; a month lacking one of the counts is left out of that count's mean. An
 *   `integer` input's mean is rounded to the nearest whole number (the input takes whole numbers only); `number` and
 *   `percent` keep it exact. Its source is the last month that went into the mean (the unit's latest month of the
 *   year with a value), as a mean of months has no single one.
 */
export function yearlyValue(leaf: FrameworkNode, spec: Pick<MonitoredSpec, 'take' | 'at'>, months: MonthValue[]): { value: RawValue; cycleId: string } | null {
  const present = months.filter((m) => m.value !== null && m.value !== undefined);
  const wanted = monthTaken(spec);
  if (wanted !== null) {
    const hit = present.find((m) => m.month === wanted);
    return hit ? { value: hit.value, cycleId: hit.cycleId } : null;
  }
  if (present.length === 0) return null;
  const lastMonth = present[present.length - 1];
  if (leaf.input?.type === 'numbers') {
    const names = leaf.input.names ?? [];
    const value: Record<string, number> = {};
    for (const name of names) {
      const m = mean(present.map((p) => (p.value !== null && typeof p.value === 'object' ? finite(p.value[name]) : null)).filter((x): x is number => x !== null));
      if (m !== null) value[name] = m;
    }
    return Object.keys(value).length === 0 ? null : { value, cycleId: lastMonth.cycleId };
  }
  const m = mean(present.map((p) => finite(p.value)).filter((x): x is number => x !== null));
  if (m === null) return null;
  return { value: leaf.input?.type === 'integer' ? Math.round(m) : m, cycleId: lastMonth.cycleId };
}

/** Input types whose months can be averaged (take `mean`). */
export const AVERAGED_INPUTS = new Set(['number', 'percent', 'integer', 'numbers']);

/**
 * Why the yearly leaf cannot take the monitored leaf's values as they are, or null when it can: the same input type
 * and, for counts, the same named inputs (the value is copied, or averaged, never converted).
 */
export function incompatibility(yearly: FrameworkNode, monthly: FrameworkNode, spec: Pick<MonitoredSpec, 'take'>): string | null {
  const [a, b] = [yearly.input?.type, monthly.input?.type];
  if (a !== b) return `its input is ${a ?? 'none'} and the monitored indicator's is ${b ?? 'none'}: the value is taken as it is, so they must be the same`;
  if (a === 'numbers') {
    const [x, y] = [(yearly.input?.names ?? []).join(', '), (monthly.input?.names ?? []).join(', ')];
    if (x !== y) return `its inputs are [${x}] and the monitored indicator's are [${y}]: they must be the same`;
  }
  if (spec.take === 'mean' && !AVERAGED_INPUTS.has(a ?? '')) return `take mean averages numbers; a ${a ?? 'none'} input has no mean (take last or at)`;
  return null;
}
