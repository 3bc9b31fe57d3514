import { compilePlan, type Plan } from '../engine/plan';
import { rankColumns, rankWithinOf } from '../engine/rank-results';
import type { ScoreOptions } from '../engine/types';
import { computeScores, type UnitScore } from '../scoring/score-results';
import { unitGroups, type ScoredUnitInput, type ScoreInputs } from '../scoring/score-inputs';
import type { Recomputed } from './recomputed';

/** Units scored at a time: a batch of 500 units of 400 indicators is a few MB of objects. */
const BATCH = 500;

/**
 * A unit-local framework's results (isUnitLocal) recomputed as a split score run makes them, never all held: the
 * snapshot's inputs are pulled a batch at a time as its results ask for them, scored without ranks, and each
 * compared at once (with the snapshot's ranks in the ranks' places); the ranks are checked at the end, from columns
 * of the recomputed values kept one number per ranked node and unit (rankColumns, as rankResults ranks a split run).
 */
export function recomputeInBatches(head: Omit<ScoreInputs, 'units'>, inputs: AsyncIterator<string>, size = BATCH): Recomputed {
  const pending = new Map<string, UnitScore>();
  const ranks = new RankCheck(compilePlan(head.framework), head.parameters);
  let exhausted = false;
  let scored = 0;
  async function scoreNext(): Promise<void> {
    const units: ScoredUnitInput[] = [];
    while (units.length < size) {
      const next = await inputs.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      units.push(JSON.parse(next.value) as ScoredUnitInput);
    }
    if (units.length === 0) return;
    scored += units.length;
    for (const unit of computeScores({ ...head, units }, { rankNodes: 'none' }).units) pending.set(unit.code, { ...unit, rank: null, groupRank: null });
  }
  return {
    async unit(snapshot) {
      while (!pending.has(snapshot.code) && !exhausted) await scoreNext();
      const again = pending.get(snapshot.code);
      if (!again) return undefined;
      pending.delete(snapshot.code);
      // A screened-out unit takes no rank: compared as recomputed, ranks (none) included.
      if (again.status !== 'screened_out') ranks.add(again, snapshot);
      return again;
    },
    async finish(count) {
      while (!exhausted) await scoreNext();
      const problems = [...pending.keys()].map((code) => `${code}: recomputed but not in the snapshot`);
      if (scored !== count) problems.push(`the snapshot has ${count} results, the recomputation ${scored}`);
      return [...problems, ...ranks.problems()];
    },
  };
}

/** What ranking reads of each ranked unit (recomputed), and the ranks the snapshot gave it, to compare at the end. */
class RankCheck {
  private readonly rankWithin: string | undefined;
  private readonly nodes: { index: number; code: string }[];
  private readonly ranked: Set<string>;
  private readonly columnOf: Map<number, number>;
  private readonly pillars: string[];
  private readonly codes: string[] = [];
  private readonly eligible: boolean[] = [];
  private readonly indexRounded: (number | null)[] = [];
  private readonly groups: string[] = [];
  /** Per ranked node (then per pillar): the recomputed values, and the snapshot's rank and group rank. */
  private readonly values: number[][];
  private readonly given: { rank: unknown[]; groupRank: unknown[] } = { rank: [], groupRank: [] };
  private readonly givenNodes: { rank: unknown[]; groupRank: unknown[] }[];

  constructor(
    private readonly plan: Plan,
    private readonly options: ScoreOptions,
  ) {
    this.rankWithin = rankWithinOf(plan, options);
    const rankNodes = options.rankNodes ?? 'groups';
    // The nodes rankColumns ranks; every other node's rank is null, as rankResults leaves it.
    this.nodes = plan.nodes.filter((n) => rankNodes !== 'none' && n.index !== plan.root && !(rankNodes === 'groups' && n.isLeaf));
    this.ranked = new Set(this.nodes.map((n) => n.code));
    this.columnOf = new Map(this.nodes.map((n, j) => [n.index, j]));
    this.pillars = rankNodes === 'none' ? [] : (plan.framework.pillars ?? []).map((p) => p.code);
    const columns = this.nodes.length + this.pillars.length;
    this.values = Array.from({ length: columns }, () => []);
    this.givenNodes = Array.from({ length: columns }, () => ({ rank: [], groupRank: [] }));
  }

  /** Keeps what ranking reads of `again`, and the snapshot's ranks; puts into `again` the ranks it is compared with. */
  add(again: UnitScore, snapshot: UnitScore): void {
    const within = this.rankWithin;
    this.codes.push(again.code);
    this.eligible.push(again.ranked);
    this.indexRounded.push(again.indexRounded);
    this.groups.push(within ? (unitGroups(again.unitGroup)[within] ?? '') : '');
    this.given.rank.push(snapshot.rank);
    this.given.groupRank.push(snapshot.groupRank);
    again.rank = snapshot.rank;
    if (within) again.groupRank = snapshot.groupRank;
    for (const node of this.plan.nodes) {
      const target = node.index === this.plan.root ? undefined : again.nodes[node.code];
      if (!target) continue;
      // A ranked node's ranks as the snapshot has them (checked at the end); any other's null, as rankResults sets.
      const given = this.ranked.has(node.code) ? snapshot.nodes[node.code] : undefined;
      target.rank = given ? given.rank : null;
      if (within) target.groupRank = given ? given.groupRank : null;
    }
    this.nodes.forEach((n, j) => this.keep(j, again.nodes[n.code], snapshot.nodes[n.code]));
    this.pillars.forEach((code, p) => {
      const target = again.pillars[code];
      const given = snapshot.pillars[code];
      this.keep(this.nodes.length + p, target, given);
      if (!target) return;
      target.rank = given ? given.rank : null;
      if (within) target.groupRank = given ? given.groupRank : null;
    });
    for (const code of Object.keys(again.pillars)) {
      if (this.pillars.includes(code)) continue;
      again.pillars[code].rank = null;
      if (within) again.pillars[code].groupRank = null;
    }
  }

  private keep(column: number, again: { value: number | null } | undefined, given: { rank: unknown; groupRank?: unknown } | undefined): void {
    const v = again?.value;
    this.values[column].push(v === null || v === undefined ? Number.NaN : v);
    // As given (undefined when left out): compared strictly, a rank taken away is a difference too.
    this.givenNodes[column].rank.push(given?.rank);
    this.givenNodes[column].groupRank.push(given?.groupRank);
  }

  /** The ranks of the units kept, from their recomputed values, against the snapshot's: each difference in words. */
  problems(): string[] {
    const n = this.codes.length;
    const ranks = rankColumns(
      this.plan,
      {
        n,
        eligible: this.eligible,
        indexRounded: this.indexRounded,
        groupOf: this.rankWithin ? this.groups : undefined,
        nodeValues: (index) => this.values[this.columnOf.get(index)!],
        pillarValues: (pillar) => this.values[this.nodes.length + pillar],
      },
      this.options,
    );
    const out: string[] = [];
    const compare = (what: string, i: number, given: unknown, again: number | null | undefined): void => {
      if (given !== (again ?? null)) out.push(`${this.codes[i]}.${what}: snapshot ${String(given)}, recomputed ${String(again ?? null)}`);
    };
    for (let i = 0; i < n; i++) {
      compare('rank', i, this.given.rank[i], ranks.rank[i]);
      if (this.rankWithin) compare('groupRank', i, this.given.groupRank[i], ranks.groupRank?.[i]);
      this.nodes.forEach((node, j) => {
        const own = ranks.nodes.get(node.index);
        compare(`nodes.${node.code}.rank`, i, this.givenNodes[j].rank[i], own?.all[i]);
        if (this.rankWithin) compare(`nodes.${node.code}.groupRank`, i, this.givenNodes[j].groupRank[i], own?.group?.[i]);
      });
      this.pillars.forEach((code, p) => {
        const column = this.nodes.length + p;
        compare(`pillars.${code}.rank`, i, this.givenNodes[column].rank[i], ranks.pillars[p].all?.[i]);
        if (this.rankWithin) compare(`pillars.${code}.groupRank`, i, this.givenNodes[column].groupRank[i], ranks.pillars[p].group?.[i]);
      });
    }
    return out;
  }
}
