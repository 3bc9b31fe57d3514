import { EngineFrameworkError } from '../errors';
import type { ChoiceOption } from '../framework.model';
import type { LeafRule } from './rule';

export function choiceRule(code: string, maxPoints: number, options: ChoiceOption[]): LeafRule & { values: Set<string> } {
  if (!Array.isArray(options) || options.length === 0) throw new EngineFrameworkError('choice needs options', code);
  const byValue = new Map<string, number>();
  for (const o of options) {
    const value = String(o.value);
    if (byValue.has(value)) throw new EngineFrameworkError(`choice option ${value} is listed twice`, code);
    if (!Number.isFinite(o.points) || o.points < 0 || o.points > maxPoints) {
      throw new EngineFrameworkError(`choice option ${value} gives ${o.points} points, outside 0..${maxPoints}`, code);
    }
    byValue.set(value, o.points);
  }
  return {
    rule: 'choice',
    kind: 'choice',
    values: new Set(byValue.keys()),
    // parseRaw has already refused values that are not options.
    points: (value) => byValue.get(value as string) ?? Number.NaN,
    inline: { rule: 'choice', byValue },
  };
}
