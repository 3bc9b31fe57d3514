import type { ParsedValue, ValueKind } from '../input';
import type { RuleName } from '../framework.model';

/** A leaf rule: a parsed raw value → points (the caller clamps to 0..maxPoints). NaN means "could not score". */
export interface LeafRule {
  readonly rule: RuleName;
  /** The value kind the rule reads when the leaf's input spec does not say. */
  readonly kind: ValueKind;
  points(value: ParsedValue): number;
  /**
   * The same points as `points`, described for a caller that scores millions of answers (parseUnits): it computes
   * them in its own loop with the rule's exported arithmetic (ratioPoints, bandPoints) instead of calling through
   * a megamorphic `points` per answer.
   */
  readonly inline?: InlineRule;
}

export type InlineRule =
  | { readonly rule: 'boolean'; readonly maxPoints: number }
  | { readonly rule: 'ratio'; readonly maxPoints: number; readonly target: number }
  | { readonly rule: 'bands'; readonly mins: readonly number[]; readonly points: readonly number[] }
  | { readonly rule: 'choice'; readonly byValue: ReadonlyMap<string, number> };

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
