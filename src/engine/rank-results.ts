import type { Framework, FrameworkNode } from './framework.model';
import { compilePlan, type Plan } from './plan';
import { competitionRanks, groupRanks } from './rank';
import { roundTo } from './round';
import type { ScoreOptions } from './types';

/**
 * The ranks of a run (the ranks stage, stages/ranks.ts), apart from the scoring: scorePlan calls rankColumns on
 * its columns, and rankResults calls the same function on results already made, e.g. the results of a large run
 * scored batch by batch (with rankNodes 'none') on several workers. Ranking every batch's results at once gives,
 * bit for bit, the ranks of scoring all units at once: ranks compare roundTo(value × scale, precision) of values
 * that a unit-local framework (isUnitLocal) computes from the unit's own answers only.
 */

/** What ranking reads of a run, one entry per unit (in scorePlan: the units left after screening). */
export interface RankInput {
  n: number;
  /** Takes a rank place: ranked and with an index. */
  eligible: ArrayLike<boolean>;
  /** The index rounded to the result's precision (null: no index). */
  indexRounded: ReadonlyArray<number | null>;
  /** Each unit's value of the rankWithin column, when ranking within groups. */
  groupOf?: readonly string[];
  /** A node's values (0..1 scale, NaN where there is none), by plan node index. */
  nodeValues: (nodeIndex: number) => ArrayLike<number>;
  /** A pillar's values (NaN where there is none), in the framework's order of pillars. */
  pillarValues: (pillar: number) => ArrayLike<number>;
}

export interface Ranks {
  rank: (number | null)[];
  groupRank?: (number | null)[];
  /** Plan node index → ranks, for the nodes that get a rank of their own (rankNodes). */
  nodes: Map<number, { all: (number | null)[]; group?: (number | null)[] }>;
  /** Per pillar, in order; absent ranks when rankNodes is 'none'. */
  pillars: { all?: (number | null)[]; group?: (number | null)[] }[];
  /** Units that took a rank place. */
  rankedCount: number;
}

/** The rankWithin column of a run: the option, else the framework's. */
export const rankWithinOf = (plan: Plan, options: ScoreOptions = {}): string | undefined => options.rankWithin ?? plan.framework.result.rankWithin;

/** Every rank of a run from its columns: the index, the nodes asked for by rankNodes, the pillars; within groups too. */
export function rankColumns(plan: Plan, input: RankInput, options: ScoreOptions = {}): Ranks {
  const { scale, precision } = plan.framework.result;
  const { n, eligible, groupOf } = input;
  const rounded = (col: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = eligible[i] && col[i] === col[i] ? roundTo(col[i] * scale, precision) : Number.NaN;
    return out;
  };
  const rankValues = input.indexRounded.map((v, i) => (eligible[i] ? v : null));
  // `rank` is across all units, or (rankAcrossGroups false) within each unit's group: then no rank crosses groups.
  const across = (vals: ReadonlyArray<number | null> | Float64Array) =>
    groupOf && options.rankAcrossGroups === false ? groupRanks(vals, groupOf) : competitionRanks(vals);
  const rank = across(rankValues);
  const ranks: Ranks = { rank, nodes: new Map(), pillars: [], rankedCount: rank.filter((r) => r !== null).length };
  if (groupOf) ranks.groupRank = groupRanks(rankValues, groupOf);
  const rankNodes = options.rankNodes ?? 'groups';
  if (rankNodes !== 'none') {
    for (const node of plan.nodes) {
      if (node.index === plan.root || (rankNodes === 'groups' && node.isLeaf)) continue;
      const vals = rounded(input.nodeValues(node.index));
      ranks.nodes.set(node.index, { all: across(vals), ...(groupOf ? { group: groupRanks(vals, groupOf) } : {}) });
    }
  }
  ranks.pillars = (plan.framework.pillars ?? []).map((_, j) => {
    if (rankNodes === 'none') return {};
    const vals = rounded(input.pillarValues(j));
    return { all: across(vals), ...(groupOf ? { group: groupRanks(vals, groupOf) } : {}) };
  });
  return ranks;
}

interface RankedValue {
  value: number | null;
  rank: number | null;
  groupRank?: number | null;
}

/** The part of a unit's results that ranking reads and writes: the engine's UnitResult and a stored result both fit. */
export interface RankableResult {
  code: string;
  ranked: boolean;
  status: string;
  indexRounded: number | null;
  rank: number | null;
  groupRank?: number | null;
  group?: string;
  nodes: Record<string, RankedValue>;
  pillars: Record<string, RankedValue>;
}

/**
 * Ranks results made without ranks (scorePlan with rankNodes 'none', batch by batch) as scorePlan ranks all units
 * at once, in place: the index's rank, the nodes' and pillars' ranks that `options.rankNodes` asks for, and ranks
 * within `rankWithin` groups (each unit's group from groupOf, by default its result's `group`). Screened-out units
 * take no rank and are left as they are. The results must come from one framework, each unit once; their order
 * does not matter. Returns the number of units that took a rank place.
 */
export function rankResults<T extends RankableResult>(
  planOrFramework: Plan | Framework,
  results: T[],
  options: ScoreOptions = {},
  groupOf: (result: T) => string = (r) => r.group ?? '',
): number {
  const plan = 'byCode' in planOrFramework ? planOrFramework : compilePlan(planOrFramework);
  const units = results.filter((r) => r.status !== 'screened_out');
  const n = units.length;
  const rankWithin = rankWithinOf(plan, options);
  const column = (read: (r: T) => RankedValue | undefined): Float64Array => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = read(units[i])?.value;
      col[i] = v === null || v === undefined ? Number.NaN : v;
    }
    return col;
  };
  const pillarCodes = (plan.framework.pillars ?? []).map((p) => p.code);
  const ranks = rankColumns(
    plan,
    {
      n,
      eligible: units.map((r) => r.ranked),
      indexRounded: units.map((r) => r.indexRounded),
      groupOf: rankWithin ? units.map(groupOf) : undefined,
      nodeValues: (i) => column((r) => r.nodes[plan.nodes[i].code]),
      pillarValues: (j) => column((r) => r.pillars[pillarCodes[j]]),
    },
    options,
  );
  const rankNodes = options.rankNodes ?? 'groups';
  units.forEach((r, i) => {
    r.rank = ranks.rank[i];
    if (ranks.groupRank) r.groupRank = ranks.groupRank[i];
    for (const node of plan.nodes) {
      if (node.index === plan.root) continue;
      const target = r.nodes[node.code];
      if (!target) continue;
      const own = ranks.nodes.get(node.index);
      target.rank = own ? own.all[i] : null;
      if (rankWithin) target.groupRank = own?.group ? own.group[i] : null;
    }
    pillarCodes.forEach((code, j) => {
      const target = r.pillars[code];
      if (!target) return;
      target.rank = rankNodes === 'none' ? null : (ranks.pillars[j].all?.[i] ?? null);
      if (rankWithin) target.groupRank = ranks.pillars[j].group?.[i] ?? null;
    });
  });
  return ranks.rankedCount;
}

/**
 * True when every step of scoring is the unit's own: every leaf is scored by a rule (no normalisation, which needs
 * every unit's values), and neither group-mean imputation (pipeline or missing policy) nor outlier treatment. Such a
 * framework can be scored in batches of units and the batches' results ranked together with rankResults.
 * Screening is per unit (its own share of present answers) and denomination only applies to normalised leaves.
 */
export function isUnitLocal(framework: Framework): boolean {
  if (framework.missing === 'group_mean') return false;
  const pipeline = framework.pipeline ?? {};
  if (pipeline.impute || pipeline.treat) return false;
  const ruleScored = (nodes: FrameworkNode[]): boolean =>
    nodes.every((n) => (n.children?.length ? ruleScored(n.children) : n.scoring !== undefined));
  return ruleScored(framework.nodes);
}
