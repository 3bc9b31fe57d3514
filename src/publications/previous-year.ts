import { competitionRanks, indexFromNodeValues, mainIndicators, roundTo } from '../engine';
import type { Framework } from '../engine/framework.model';

/** A unit's result in last year's publication, as needed to show the change. */
export interface PriorResult {
  unitId: string;
  code: string;
  indexRounded: number | null;
  rank: number | null;
  nodeValues: Record<string, number | null>;
}

export interface PreviousValue {
  value: number | null;
  rank: number | null;
  /** The predecessors' codes when the value was derived by the merger rule. */
  derivedFrom?: string[];
}

/**
 * Last year's value of each of this year's units: its own, or, for a unit formed by a merger, the average of its
 * predecessors' main-indicator values, recomputed into an index by last year's framework; then ranked again
 * among this year's units whenever any value had to be derived (the rule of DTI 2024 published for 34 provinces).
 */
export function previousValues(
  units: { unitId: string; ranked: boolean; predecessorIds: string[] }[],
  prior: PriorResult[],
  priorFramework: Framework,
): Map<string, PreviousValue> {
  const byId = new Map(prior.map((p) => [p.unitId, p]));
  const mains = mainIndicators(priorFramework).map((n) => n.code);
  const precision = priorFramework.result.precision;
  const out = new Map<string, PreviousValue>();
  let derived = false;
  for (const unit of units) {
    const own = byId.get(unit.unitId);
    if (own) {
      out.set(unit.unitId, { value: own.indexRounded, rank: own.rank });
      continue;
    }
    const predecessors = unit.predecessorIds.map((id) => byId.get(id)).filter((p): p is PriorResult => !!p);
    if (predecessors.length === 0) continue;
    derived = true;
    const averaged: Record<string, number> = {};
    for (const code of mains) {
      const values = predecessors.map((p) => p.nodeValues[code]).filter((v): v is number => typeof v === 'number');
      if (values.length) averaged[code] = values.reduce((a, b) => a + b, 0) / values.length;
    }
    const index = indexFromNodeValues(priorFramework, averaged);
    out.set(unit.unitId, { value: index === null ? null : roundTo(index, precision), rank: null, derivedFrom: predecessors.map((p) => p.code) });
  }
  if (derived) {
    const ranked = units.filter((u) => u.ranked && out.has(u.unitId));
    const ranks = competitionRanks(ranked.map((u) => out.get(u.unitId)!.value));
    ranked.forEach((u, i) => {
      out.get(u.unitId)!.rank = ranks[i];
    });
  }
  return out;
}
