import type { LeafRule } from './rule';

/** The points come from the reviewer (UnitInput.manualPoints), not from the raw value; see score.ts. */
export const manualRule = (): LeafRule => ({ rule: 'manual', kind: 'none', points: () => Number.NaN });
