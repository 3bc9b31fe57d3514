import type { InputIssue } from '../errors';
import { parseNumber, ParseIssue, parseRaw, type ParseOutcome } from '../input';
import type { Plan } from '../plan';
import { bandPoints } from '../rules/bands.rule';
import { ratioPoints } from '../rules/ratio.rule';
import type { InlineRule } from '../rules/rule';
import type { RawValue, UnitInput, UnitNote } from '../types';

export interface Parsed {
  /** Per leaf (plan node index): numbers for normalised leaves (denominated), points for rule leaves; NaN = missing. */
  cols: Map<number, Float64Array>;
  /** Per unit: how many leaves it answered (a formula's NaN counts, a missing denominator does not). */
  present: Float64Array;
  notes: UnitNote[][];
  issues: InputIssue[];
}

const GENERIC = 0;
const BOOLEAN = 1;
const RATIO = 2;
const BANDS = 3;
const CHOICE = 4;
const INLINE_TAG: Record<InlineRule['rule'], number> = { boolean: BOOLEAN, ratio: RATIO, bands: BANDS, choice: CHOICE };
const NO_NUMBERS: readonly number[] = [];
const NO_CHOICES: ReadonlyMap<string, number> = new Map();

type LeafSpec = ReturnType<typeof leafSpecs>[number];

/** Each leaf's parse, rule and bounds, read once per plan (with its column of `n` units). */
function leafSpecs(plan: Plan, n: number) {
  const { nodes, leaves } = plan;
  const pipeline = plan.framework.pipeline ?? {};
  return leaves.map((li) => {
    const leaf = nodes[li];
    const spec = leaf.parse!;
    const inline: InlineRule | undefined = leaf.rule?.inline;
    // Every spec has every field (one shape): the loop reads them without a polymorphic load.
    return {
      tag: inline ? INLINE_TAG[inline.rule] : GENERIC,
      ruleMax: inline && 'maxPoints' in inline ? inline.maxPoints : 0,
      target: inline?.rule === 'ratio' ? inline.target : 0,
      bandMins: inline?.rule === 'bands' ? inline.mins : NO_NUMBERS,
      bandPoints: inline?.rule === 'bands' ? inline.points : NO_NUMBERS,
      byValue: inline?.rule === 'choice' ? inline.byValue : NO_CHOICES,
      li,
      code: leaf.code,
      spec,
      rule: leaf.rule,
      manual: leaf.rule?.rule === 'manual',
      ruleName: leaf.rule?.rule ?? leaf.normalization?.method,
      normalize: leaf.mode === 'normalize',
      max: leaf.maxPoints ?? 0,
      denominator: pipeline.denominate ? leaf.denominator : undefined,
      plainNumber: spec.kind === 'number' && spec.min === undefined && spec.max === undefined && !spec.integer,
      col: new Float64Array(n),
    };
  });
}

/**
 * Parses units one at a time, into columns: unit by unit, then leaf by leaf, so each unit's answers are read while
 * they are in the cache (reading leaf by leaf across 10,000 units was four times slower), and a caller reading units
 * one by one (a publication's verify) need not hold them all. `capacity`: the units expected (the columns grow past
 * it, and are cut to the units added). Issues are collected, not thrown, so that the caller refuses them all at once.
 */
export class UnitParser {
  private present: Float64Array;
  readonly issues: InputIssue[] = [];
  private readonly specs: LeafSpec[];
  private readonly codes: string[];
  /** The unit being added: its answer to each leaf, looked up before any is parsed (see `add`). */
  private readonly raws: RawValue[];
  private readonly formulaNaN: Array<[number, number]> = [];
  private readonly noDenominator: Array<[number, number]> = [];
  /** Units added so far: the next one's row. */
  count = 0;

  constructor(
    private readonly plan: Plan,
    private capacity: number,
  ) {
    this.present = new Float64Array(capacity);
    this.specs = leafSpecs(plan, capacity);
    this.codes = this.specs.map((s) => s.code);
    this.raws = new Array<RawValue>(this.specs.length).fill(undefined);
  }

  /** Parses the unit's answers into row `count` (units are added in column order). */
  add(unit: UnitInput): void {
    const u = this.count++;
    if (u >= this.capacity) this.grow(Math.max(16, this.capacity * 2));
    const { specs, present, issues, codes, raws } = this;
    const L = specs.length;
    const values = unit.values ?? {};
    // The answers are looked up first, in a loop doing nothing else: each is a cache miss in a unit's ~200-key
    // dictionary, and a bare loop lets the CPU wait for many at once, where the parse between them made it wait for
    // one after another (parse 218 → 155 ms at 10,000 × 200).
    for (let j = 0; j < L; j++) raws[j] = values[codes[j]];
    for (let j = 0; j < L; j++) {
      const leaf = specs[j];
      const col = leaf.col;
      const code = leaf.code;
      const raw = raws[j];
      // Points given by a person: required for a manual leaf; for another rule leaf they replace the rule's points
      // (a reviewer's reconciled score). Normalised leaves are always computed.
      const given = leaf.normalize ? undefined : unit.manualPoints?.[code];
      if (leaf.manual || (given !== undefined && given !== null)) {
        if (given === undefined || given === null) {
          col[u] = Number.NaN;
          continue;
        }
        const p = parseNumber(given);
        if (p === undefined || p < 0 || p > leaf.max) {
          issues.push({ code: 'manual_points', unit: unit.code, indicator: code, rule: 'manual', message: `${unit.code} ${code}: manual points ${String(given)} are outside 0..${leaf.max}` });
          continue;
        }
        col[u] = p;
        present[u]++;
        continue;
      }
      const spec = leaf.spec;
      let v: ParseOutcome;
      // The common cases skip the general parser.
      if (typeof raw === 'number' && leaf.plainNumber && Number.isFinite(raw)) v = raw;
      else if (typeof raw === 'boolean' && spec.kind === 'boolean') v = raw;
      else if (typeof raw === 'string' && spec.kind === 'choice' && spec.choices!.has(raw)) v = raw;
      else v = parseRaw(raw, spec);
      if (v === null) {
        col[u] = Number.NaN;
        continue;
      }
      if (v instanceof ParseIssue) {
        issues.push({ code: v.issue, unit: unit.code, indicator: code, rule: leaf.ruleName, message: `${unit.code} ${code}: ${v.message}` });
        continue;
      }
      present[u]++;
      if (leaf.normalize) {
        let x = v as number;
        if (leaf.denominator) {
          const d = unit.denominators?.[leaf.denominator];
          // As COINr: without a denominator there is no denominated value, so it is missing (and said so).
          if (typeof d !== 'number' || !Number.isFinite(d) || d === 0) {
            this.noDenominator.push([u, leaf.li]);
            x = Number.NaN;
            present[u]--;
          } else x = x / d;
        }
        col[u] = x;
      } else {
        // The rule's own arithmetic, called directly (inlined) rather than through a megamorphic `points`.
        const tag = leaf.tag;
        const p =
          tag === BOOLEAN ? (v === true ? leaf.ruleMax : 0)
          : tag === RATIO ? ratioPoints(leaf.ruleMax, leaf.target, v as number)
          : tag === BANDS ? bandPoints(leaf.bandMins, leaf.bandPoints, v as number)
          : tag === CHOICE ? (leaf.byValue.get(v as string) ?? Number.NaN)
          : leaf.rule!.points(v);
        if (p !== p) this.formulaNaN.push([u, leaf.li]);
        col[u] = p !== p ? Number.NaN : p < 0 ? 0 : p > leaf.max ? leaf.max : p;
      }
    }
  }

  /** The columns of the units added. */
  finish(): Parsed {
    if (this.count !== this.capacity) this.grow(this.count);
    this.raws.fill(undefined);
    const { nodes } = this.plan;
    const cols = new Map<number, Float64Array>();
    for (const leaf of this.specs) cols.set(leaf.li, leaf.col);
    const notes: UnitNote[][] = Array.from({ length: this.count }, () => []);
    for (const [u, li] of this.formulaNaN) {
      notes[u].push({ kind: 'formula_nan', node: nodes[li].code, message: 'the formula gave no number (such as 0/0); treated as missing' });
    }
    for (const [u, li] of this.noDenominator) {
      const leaf = nodes[li];
      notes[u].push({ kind: 'no_denominator', node: leaf.code, message: `no usable ${leaf.denominator} to divide by; treated as missing` });
    }
    return { cols, present: this.present, notes, issues: this.issues };
  }

  /** Every column copied to `capacity` rows (more, or cut to the units added). */
  private grow(capacity: number): void {
    const resized = (col: Float64Array): Float64Array<ArrayBuffer> => {
      const out = new Float64Array(capacity);
      out.set(col.subarray(0, Math.min(col.length, capacity)));
      return out;
    };
    for (const leaf of this.specs) leaf.col = resized(leaf.col);
    this.present = resized(this.present);
    this.capacity = capacity;
  }
}

/** Parses every leaf of every unit (units already sorted by code): UnitParser, given them all. */
export function parseUnits(plan: Plan, all: readonly UnitInput[]): Parsed {
  const parser = new UnitParser(plan, all.length);
  for (let u = 0; u < all.length; u++) parser.add(all[u]);
  return parser.finish();
}
