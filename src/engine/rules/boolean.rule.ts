import type { LeafRule } from './rule';

export const booleanRule = (maxPoints: number): LeafRule => ({
  rule: 'boolean',
  kind: 'boolean',
  points: (value) => (value === true ? maxPoints : 0),
  inline: { rule: 'boolean', maxPoints },
});
