import type { PlanNode } from '../engine/plan';
import type { RawValue } from '../engine/types';

/** A leaf's answer as a what-if changes it: a value, or for a hand-scored leaf the points a reviewer would give. */
export type StepValue = boolean | number | string | null;

/** The least move up of one leaf's answer that the framework counts as a step ("one point more"). */
export interface LeafStep {
  /** How the step was chosen, for the reader: next_option, next_band, yes, plus_point, plus_tenth. */
  kind: 'next_option' | 'next_band' | 'yes' | 'plus_point' | 'plus_tenth';
  to: StepValue;
}

/** The raw range of a normalised leaf across the run's units (min-max and z-score steps are a tenth of it). */
export interface RawRange {
  min: number;
  max: number;
}

const num = (v: RawValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/**
 * One step up of a leaf's answer, by what the leaf counts (the framework model's rules, DESIGN.md "How a value
 * becomes a score"), or null where the unit cannot gain on it:
 * - boolean: no → yes;
 * - choice: the option of the fewest points above the current option's (the next answer the officer could give);
 * - bands: the lowest band min that gives more points than the current band (the next threshold);
 * - ratio: + a tenth of the target (a tenth of the leaf's points), capped at the target;
 * - manual (a reviewer's points): + 1 point, capped at the leaf's max;
 * - normalised by goalposts / target: + a tenth of the goalposts' span / of the target, in the leaf's direction, to
 *   the goalpost or target at most; by min-max / z-score: + a tenth of the run's raw range, in the direction, to the
 *   run's best value at most (past it the unit is already first on that leaf);
 * - formula (several named inputs) and text: none, as no single number of theirs is "one step".
 * The input's own bounds (percent 0..100, min, max, integer) hold: an integer steps by at least 1.
 */
export function leafStep(leaf: PlanNode, current: RawValue, manualPoints: number | undefined, range: RawRange | undefined): LeafStep | null {
  const node = leaf.node!;
  const max = leaf.maxPoints;
  if (max === 0) return null;
  const rule = node.scoring;
  if (leaf.mode === 'rule' && rule) {
    switch (rule.rule) {
      case 'boolean':
        return current === true || current === 'true' ? null : { kind: 'yes', to: true };
      case 'choice': {
        const at = rule.options.find((o) => o.value === current)?.points ?? (manualPoints !== undefined ? manualPoints : -Infinity);
        let best: { value: string; points: number } | null = null;
        for (const o of rule.options) if (o.points > at && (best === null || o.points < best.points)) best = o;
        return best ? { kind: 'next_option', to: best.value } : null;
      }
      case 'bands': {
        const x = num(current);
        const points = x === null ? -Infinity : ([...rule.bands].reverse().find((b) => b.min <= x)?.points ?? 0);
        const next = rule.bands.find((b) => b.points > points && (x === null || b.min > x));
        return next ? { kind: 'next_band', to: bounded(leaf, next.min, next.min) } : null;
      }
      case 'ratio': {
        const x = num(current) ?? 0;
        if (x >= rule.target) return null;
        const to = bounded(leaf, Math.min(rule.target, x + rule.target / 10), rule.target);
        return to !== null && to > x ? { kind: 'plus_tenth', to } : null;
      }
      case 'manual': {
        const p = manualPoints ?? 0;
        return max !== undefined && p < max ? { kind: 'plus_point', to: Math.min(max, p + 1) } : null;
      }
      default:
        return null;
    }
  }
  const norm = leaf.normalization;
  if (leaf.mode !== 'normalize' || !norm || leaf.parse?.kind !== 'number') return null;
  let lo: number;
  let hi: number;
  if (norm.method === 'goalposts') [lo, hi] = [norm.min, norm.max];
  else if (norm.method === 'target') [lo, hi] = leaf.direction === 1 ? [0, norm.target] : [norm.target, norm.target * 2];
  else if (range && range.max > range.min) [lo, hi] = [range.min, range.max];
  else return null;
  const span = (hi - lo) / 10;
  const dir = leaf.direction;
  const best = dir === 1 ? hi : lo;
  const x = num(current) ?? (dir === 1 ? lo : hi);
  if (dir === 1 ? x >= best : x <= best) return null;
  const raw = dir === 1 ? Math.min(best, x + span) : Math.max(best, x - span);
  const to = bounded(leaf, raw, best);
  return to !== null && (dir === 1 ? to > x : to < x) ? { kind: 'plus_tenth', to } : null;
}

/** The step within the input's bounds; an integer input rounds away from the current value, never past `limit`. */
function bounded(leaf: PlanNode, x: number, limit: number): number | null {
  const spec = leaf.parse!;
  let v = x;
  if (spec.integer) v = leaf.direction === -1 && leaf.mode === 'normalize' ? Math.floor(v) : Math.ceil(v);
  if (spec.min !== undefined) v = Math.max(spec.min, v);
  if (spec.max !== undefined) v = Math.min(spec.max, v);
  if (spec.integer && !Number.isInteger(v)) return null;
  // Rounded to 6 decimals so that the answer reads as a person would type it; the limit itself stays exact.
  const r = Math.round(v * 1e6) / 1e6;
  return Number.isFinite(r) ? (Math.abs(r - limit) < 1e-9 ? limit : r) : null;
}
