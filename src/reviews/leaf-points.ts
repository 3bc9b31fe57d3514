import { compilePlan, scorePlan, type Plan } from '../engine';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { frameworkLeaves } from '../frameworks/framework-tree';

/** A leaf the unit answers and a reviewer verifies: its own (`self`) and the expert-scored ones. */
export const reviewedLeaf = (leaf: FrameworkNode): boolean => {
  const source = leaf.source ?? 'self';
  return leaf.input !== undefined && (source === 'self' || source === 'expert');
};

/** Points given by a person rather than by the rule: the hand-scored (manual) leaves. */
export const isManual = (leaf: FrameworkNode): boolean => leaf.scoring?.rule === 'manual';

/** Normalised leaves get their points only across the units of a run: a reviewer verifies their value, not points. */
export const isNormalised = (leaf: FrameworkNode): boolean => !!leaf.normalization && leaf.normalization.method !== 'none';

/** The leaves of a framework that reviews cover, in document order. */
export function reviewedLeaves(framework: Framework): FrameworkNode[] {
  return frameworkLeaves(framework)
    .map((l) => l.node)
    .filter(reviewedLeaf);
}

// One plan per framework version (immutable once a cycle uses it): the rule leaves side by side at the top, nothing
// else (no pipeline, no pillars).
const plans = new Map<string, Plan | null>();

function flatPlan(framework: Framework): Plan | null {
  const key = `${framework.code}@${framework.version}@${framework.level}`;
  if (plans.has(key)) return plans.get(key)!;
  const leaves = reviewedLeaves(framework).filter((l) => !isManual(l) && !isNormalised(l) && !l.denominator);
  const flat: Framework = {
    code: framework.code,
    version: framework.version,
    level: framework.level,
    year: framework.year,
    name: framework.name,
    source: framework.source,
    result: { scale: 1, precision: 4 },
    aggregation: 'points',
    missing: 'zero',
    nodes: leaves.map((l) => ({ ...l, children: undefined })),
  };
  const plan = leaves.length ? compilePlan(flat) : null;
  plans.set(key, plan);
  return plan;
}

/**
 * The points each value gives on its leaf, by the engine's rule (the one library that scores): an empty value gives
 * 0 (nothing claimed, nothing given); hand-scored and normalised leaves give null (their points come from a person,
 * or from the whole run). A value the rule cannot read gives null.
 */
export function rulePoints(framework: Framework, values: Record<string, RawValue>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const plan = flatPlan(framework);
  const codes = Object.keys(values);
  for (const code of codes) out[code] = null;
  if (!plan || codes.length === 0) return out;
  const scorable = new Set(plan.framework.nodes.map((n) => n.code));
  const given = Object.fromEntries(codes.filter((c) => scorable.has(c)).map((c) => [c, values[c]]));
  try {
    const [unit] = scorePlan(plan, [{ code: 'u', values: given }], { rankNodes: 'none' }).units;
    for (const code of Object.keys(given)) out[code] = unit.nodes[code]?.points ?? null;
  } catch {
    // One unreadable value: score them one by one so the others still get their points.
    for (const code of Object.keys(given)) {
      try {
        out[code] = scorePlan(plan, [{ code: 'u', values: { [code]: given[code] } }], { rankNodes: 'none' }).units[0].nodes[code]?.points ?? null;
      } catch {
        out[code] = null;
      }
    }
  }
  return out;
}
