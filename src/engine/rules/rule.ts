import type { ParsedValue, ValueKind } from '../input';
import type { RuleName } from '../framework.model';

/** A leaf rule: a parsed raw value → points (the caller clamps to 0..maxPoints). NaN means "could not score". */
export interface LeafRule {
  readonly rule: RuleName;
  /** The value kind the rule reads when the leaf's input spec does not say. */
  readonly kind: ValueKind;
  points(value: ParsedValue): number;
}

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
