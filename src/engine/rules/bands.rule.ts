import { EngineFrameworkError } from '../errors';
import type { Band } from '../framework.model';
import type { LeafRule } from './rule';

export function bandsRule(code: string, maxPoints: number, bands: Band[]): LeafRule {
  if (!Array.isArray(bands) || bands.length === 0) throw new EngineFrameworkError('bands needs at least one band', code);
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i];
    if (!Number.isFinite(b.min) || !Number.isFinite(b.points)) throw new EngineFrameworkError(`band ${i + 1} is not numeric`, code);
    if (b.points < 0 || b.points > maxPoints) {
      throw new EngineFrameworkError(`band ${i + 1} gives ${b.points} points, outside 0..${maxPoints}`, code);
    }
    // Equal mins would make the second band unreachable or ambiguous; refuse rather than pick one.
    if (i > 0 && !(b.min > bands[i - 1].min)) throw new EngineFrameworkError('band mins must be strictly ascending', code);
  }
  const mins = bands.map((b) => b.min);
  const points = bands.map((b) => b.points);
  return {
    rule: 'bands',
    kind: 'number',
    points: (value) => bandPoints(mins, points, value as number),
    inline: { rule: 'bands', mins, points },
  };
}

/** The points of the highest band whose min ≤ v. */
export function bandPoints(mins: readonly number[], points: readonly number[], v: number): number {
  // Below the lowest band: no band applies, so no points.
  let p = 0;
  for (let i = 0; i < mins.length && mins[i] <= v; i++) p = points[i];
  return p;
}
