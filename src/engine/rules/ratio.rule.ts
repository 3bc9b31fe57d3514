import { EngineFrameworkError } from '../errors';
import { clamp, type LeafRule } from './rule';

export function ratioRule(code: string, maxPoints: number, target: number): LeafRule {
  if (!(typeof target === 'number' && target > 0 && Number.isFinite(target))) {
    throw new EngineFrameworkError('ratio needs a positive target', code);
  }
  return { rule: 'ratio', kind: 'number', points: (value) => ratioPoints(maxPoints, target, value as number), inline: { rule: 'ratio', maxPoints, target } };
}

export const ratioPoints = (maxPoints: number, target: number, value: number): number => maxPoints * clamp(value / target, 0, 1);
