import { compilePlan, ROOT_CODE, type ScoreOverrides } from '../engine';
import type { Aggregation, Framework } from '../engine/framework.model';

/**
 * Reader re-weighting of a published ranking (#22 point 6): what a page needs to re-rank the published units in the
 * browser at weights of the reader's choosing, exactly as the engine would rank them at those weights.
 *
 * What is re-weighted: the index's own parts, the root's children (the top-level nodes: I and II of the PDTI
 * 2021-2023, the eight main indicators of the PDTI 2024, the three pillars of the PDTI 2020, the MDTI's six). The
 * index is a function of their values alone (aggregate.ts: the root combines its children's columns and nothing
 * else), and changing their weights changes none of their values (a node's value depends on the weights below it
 * only). The framework's `pillars` (CQS/KTS/XHS in the PDTI 2021-2024) are not: they are a many-to-many view over the
 * tree (each holds the six foundation indicators), the index is not made from them, so weights on them mean nothing.
 *
 * How the index is made at the reader's weights w (shares in 0..1, renormalised by their sum, as the engine does):
 * - a weighted (or geometric) mean root: the engine's scoreColumns(plan, columns, { weights: w }); the official
 *   weights are the nodes' weights as shares of their sum;
 * - a points root (the DTI: index = Σ points / Σ max): weights mean nothing to a sum of points, so a reader's weight
 *   is a part's share of the index: the engine's scoreColumns(plan, columns, { aggregation: { [ROOT_CODE]:
 *   'weighted_mean' }, weights: w }), with the official weights each part's maxPoints / Σ maxPoints. At those the
 *   weighted mean is the published index in exact arithmetic (not to the last bit), so at the official weights the
 *   page shows the published index and ranks themselves.
 * Not for a points root whose framework drops missing values (missing: drop): see reweightRule.
 * Either way a part a unit has no value for (missing, not scored) is left out and the other weights renormalised, a
 * weight of 0 leaves the part out, and a unit left with no part has no index and no rank (aggregateGroup).
 * Ranks: roundTo(value × scale, precision), standard competition ranks among the units that are ranked and have an
 * index; within each ranking group when the publication ranks within groups (a grouped level: score-inputs.ts).
 */

/** The mean the re-weighted index takes of the parts. */
export type ReweightMean = 'weighted_mean' | 'geometric_mean';

export interface ReweightPart {
  code: string;
  nameVi: string;
  nameEn: string | null;
  /** The official weight, as a share of the parts' total (0..1). */
  weight: number;
}

/** The rule of a framework's re-weighting, or why it has none. */
export type ReweightRule =
  | { available: true; rootAggregation: Aggregation; mean: ReweightMean; parts: ReweightPart[] }
  | { available: false; reason: 'one_part' | 'no_weights' | 'points_drop' };

/**
 * The parts a framework's index can be re-weighted by, with their official weights. A top-level node that is
 * collected but not scored (maxPoints 0) is no part: it adds nothing and divides nothing at any weight. With fewer
 * than two parts there is nothing to re-weight (one part's share is always all of it).
 */
export function reweightRule(framework: Framework): ReweightRule {
  const plan = compilePlan(framework);
  const root = plan.nodes[plan.root];
  // Points with missing values dropped: a part's max shrinks with what a unit left out, so each unit's index weighs
  // its parts by its own maxes, no fixed weights give the published index, and no slider would start from it.
  if (root.aggregation === 'points' && framework.missing === 'drop') return { available: false, reason: 'points_drop' };
  const top = root.children.map((i) => plan.nodes[i]).filter((n) => n.maxPoints !== 0);
  if (top.length < 2) return { available: false, reason: 'one_part' };
  const points = root.aggregation === 'points';
  // A points root's parts all have maxPoints (compilePlan refuses one without).
  const raw = top.map((n) => (points ? n.maxPoints! : n.weight));
  const total = raw.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return { available: false, reason: 'no_weights' };
  return {
    available: true,
    rootAggregation: root.aggregation,
    mean: root.aggregation === 'geometric_mean' ? 'geometric_mean' : 'weighted_mean',
    parts: top.map((n, i) => ({ code: n.code, nameVi: n.node!.name.vi, nameEn: n.node!.name.en ?? null, weight: raw[i] / total })),
  };
}

/** The engine's overrides that score a framework at these weights (by part code) as the re-weighting page does. */
export function reweightOverrides(rootAggregation: Aggregation, weights: Record<string, number>): ScoreOverrides {
  return rootAggregation === 'points' ? { aggregation: { [ROOT_CODE]: 'weighted_mean' }, weights } : { weights };
}

/** One published unit as the re-weighting reads it. */
export interface ReweightUnit {
  code: string;
  group: string | null;
  ranked: boolean;
  /** The published rank the page shows: the group rank in a grouped ranking. */
  rank: number | null;
  /** The published index (rounded as published). */
  index: number | null;
  /** Each part's published value, unrounded (0..1; null: none), in the order of the rule's parts. */
  values: (number | null)[];
}

/** A publication's re-weighting: the rule, the ranking's arithmetic and each unit's parts. */
export type PublicReweighting = {
  version: number;
  scale: number;
  precision: number;
  /** Ranks are taken within each unit's group (the publication ranks within groups). */
  withinGroups: boolean;
  units: ReweightUnit[];
} & ReweightRule;
