import { OK, type NodeColumns } from '../aggregate';
import type { PillarColumns } from '../pillars';
import type { Plan } from '../plan';
import { rankColumns, rankWithinOf, type Ranks } from '../rank-results';
import { roundTo } from '../round';
import type { ScoreOptions, UnitInput } from '../types';

export interface RankStage {
  /** Takes a rank place: ranked and with an index. */
  eligible: boolean[];
  indexRounded: (number | null)[];
  groupOf?: string[];
  ranked: Ranks;
}

/** The index rounded as published, and every rank; the ranking itself is rankColumns, which rankResults shares. */
export function rankStage(plan: Plan, units: readonly UnitInput[], nodeCols: NodeColumns[], pillars: PillarColumns[], options: ScoreOptions): RankStage {
  const { scale, precision } = plan.framework.result;
  const root = nodeCols[plan.root];
  const n = units.length;
  const eligible = units.map((u, i) => u.ranked !== false && root.status[i] === OK);
  const indexRounded = Array.from(root.value, (v, i) => (root.status[i] === OK ? roundTo(v * scale, precision) : null));
  const rankWithin = rankWithinOf(plan, options);
  const groupOf = rankWithin ? units.map((u) => u.groups?.[rankWithin] ?? '') : undefined;
  const ranked = rankColumns(
    plan,
    { n, eligible, indexRounded, groupOf, nodeValues: (i) => nodeCols[i].value, pillarValues: (j) => pillars[j].cols.value },
    options,
  );
  return { eligible, indexRounded, groupOf, ranked };
}
