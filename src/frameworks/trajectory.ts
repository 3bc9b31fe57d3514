import type { IndicatorTarget } from '../engine/framework.model';
import { dayNumber } from './calendar-day';

/**
 * The value a target's trajectory asks for on a day (YYYY-MM-DD): straight lines, by calendar day, from `start`
 * through each `by` point; flat at the last value after the last `by`. Null before `start`, or, when the target
 * has no start, before the first `by` (there is then nothing to ask before it). On a point's own day, its value.
 *
 * The target is one the validator accepted (real dates, strictly increasing, after start); a malformed date, in the
 * target or asked for, is a RangeError.
 */
export function trajectoryAt(target: Pick<IndicatorTarget, 'start' | 'by'>, date: string): number | null {
  const day = dayOf(date);
  const points = [...(target.start ? [target.start] : []), ...target.by].map((point) => ({ day: dayOf(point.at), value: point.value }));
  if (points.length === 0 || day < points[0].day) return null;
  for (let i = 1; i < points.length; i += 1) {
    const [from, to] = [points[i - 1], points[i]];
    if (day > to.day) continue;
    if (day === to.day) return to.value;
    return from.value + ((to.value - from.value) * (day - from.day)) / (to.day - from.day);
  }
  return points[points.length - 1].value;
}

function dayOf(text: string): number {
  const day = dayNumber(text);
  if (day === undefined) throw new RangeError(`"${text}" is not a date YYYY-MM-DD`);
  return day;
}
