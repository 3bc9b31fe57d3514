import { roundTo } from '../engine';
import type { Framework, FrameworkNode, IndicatorTarget } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import { trajectoryAt } from '../frameworks/trajectory';
import type { StoredNodeResult } from '../scoring/stored-node-result';

/**
 * A month of a monitored series against its framework's targets (issue #21, point 4): each unit's value of each
 * targeted indicator, the trajectory's value on the month's last day, the distance (value − trajectory) and whether
 * the unit is behind. Pure: the service reads the month's cycle, run and inputs and hands them here.
 */

/** What a target names for the framework's result rather than a node (as the validator reads it). */
export const INDEX_INDICATOR = 'index';

/** A targeted indicator as the month shows it: its code, names, and the trajectory's value on the month's last day. */
export interface TargetedIndicator {
  indicator: string;
  nameVi: string;
  nameEn: string | null;
  /** The trajectory on the month's last day; null before the target's trajectory starts. */
  trajectory: number | null;
}

/** One unit's standing on one targeted indicator. */
export interface IndicatorDistance {
  indicator: string;
  /** On the indicator's own scale (a rate of counts as a percent, the index on 0..result.scale); null: no value. */
  value: number | null;
  trajectory: number | null;
  /** value − trajectory; null when either is. */
  distance: number | null;
  /** Below its trajectory (distance < 0 at the framework's precision). */
  behind: boolean;
}

export interface UnitMonth {
  unitId: string;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  indicators: IndicatorDistance[];
  /** Behind on at least one targeted indicator. */
  behind: boolean;
  /** The most negative distance (the furthest behind), else the least positive; null when no distance is known. */
  worstDistance: number | null;
}

/** A unit's month as the service gathered it: its raw inputs (as the run scored them) and its results. */
export interface UnitMonthInput {
  unitId: string;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  /** Leaf code → raw value (counts as { online, total }). */
  values: Record<string, RawValue>;
  /** The run's index, or null (no run, or not scored). */
  index: number | null;
  /** The run's results of the targeted leaves. */
  nodes: Record<string, StoredNodeResult | null>;
}

/** The last day of a month: YYYY-MM-DD. */
export function monthLastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const number = (raw: RawValue): number | null => {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return null;
};

/**
 * A leaf's value on its own scale, the scale its target is written on:
 * - a rate of counts (input `numbers`, e.g. [online, total]): 100 × first / second, from the counts the month was
 *   scored with (not capped: a unit that reports more online services than services shows it; null when the second
 *   count is missing or 0);
 * - a `percent`, `number` or `integer` input: the value itself;
 * - any other input (yes/no, a choice): the share of its points the unit got, in percent (the run's node value × 100).
 */
export function leafValueOnScale(leaf: FrameworkNode, raw: RawValue, node: StoredNodeResult | null | undefined): number | null {
  const type = leaf.input?.type;
  if (type === 'numbers') {
    const names = leaf.input?.names ?? [];
    if (names.length < 2 || raw === null || typeof raw !== 'object') return null;
    const [a, b] = [number(raw[names[0]]), number(raw[names[1]])];
    return a === null || b === null || b === 0 ? null : (100 * a) / b;
  }
  if (type === 'percent' || type === 'number' || type === 'integer') return number(raw);
  return node?.value === null || node?.value === undefined ? null : node.value * 100;
}

/** Every node of the tree by code. */
function nodesByCode(nodes: FrameworkNode[], into = new Map<string, FrameworkNode>()): Map<string, FrameworkNode> {
  for (const n of nodes) {
    into.set(n.code, n);
    if (n.children) nodesByCode(n.children, into);
  }
  return into;
}

/** The framework's targets with their indicators' names and the trajectory on `day` (YYYY-MM-DD). */
export function targetedIndicators(framework: Framework, day: string): Array<TargetedIndicator & { target: IndicatorTarget; node: FrameworkNode | null }> {
  const byCode = nodesByCode(framework.nodes);
  return (framework.targets ?? []).map((target) => {
    const node = target.indicator === INDEX_INDICATOR ? null : (byCode.get(target.indicator) ?? null);
    const trajectory = trajectoryAt(target, day);
    return {
      indicator: target.indicator,
      nameVi: node ? node.name.vi : `Chỉ số ${framework.code}`,
      nameEn: node ? (node.name.en ?? null) : `${framework.code} index`,
      trajectory: trajectory === null ? null : roundTo(trajectory, framework.result.precision),
      target,
      node,
    };
  });
}

/**
 * Each unit's distances on `day`, values and trajectories rounded to the framework's precision first (so that a unit
 * exactly on its trajectory is on it, whatever the floating point), in the order given.
 */
export function monthDistances(framework: Framework, day: string, units: UnitMonthInput[]): { indicators: TargetedIndicator[]; units: UnitMonth[] } {
  const targeted = targetedIndicators(framework, day);
  const precision = framework.result.precision;
  const round = (x: number | null): number | null => (x === null ? null : roundTo(x, precision));
  const rows = units.map((u): UnitMonth => {
    const indicators = targeted.map((t): IndicatorDistance => {
      const value = round(t.node ? leafValueOnScale(t.node, u.values[t.indicator], u.nodes[t.indicator]) : u.index);
      const distance = value === null || t.trajectory === null ? null : round(value - t.trajectory);
      return { indicator: t.indicator, value, trajectory: t.trajectory, distance, behind: distance !== null && distance < 0 };
    });
    const known = indicators.map((i) => i.distance).filter((d): d is number => d !== null);
    return {
      unitId: u.unitId,
      unitCode: u.unitCode,
      unitName: u.unitName,
      unitNameEn: u.unitNameEn,
      indicators,
      behind: indicators.some((i) => i.behind),
      worstDistance: known.length > 0 ? Math.min(...known) : null,
    };
  });
  return { indicators: targeted.map(({ indicator, nameVi, nameEn, trajectory }) => ({ indicator, nameVi, nameEn, trajectory })), units: rows };
}

/** The units behind their trajectory, the furthest behind first (then by code). */
export function laggardsOf(units: UnitMonth[]): UnitMonth[] {
  return units
    .filter((u) => u.behind)
    .sort((a, b) => (a.worstDistance ?? 0) - (b.worstDistance ?? 0) || (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0));
}
