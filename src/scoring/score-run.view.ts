import type { ScoreRun } from './score-run.entity';

export type ScoreRunView = Omit<ScoreRun, never>;

export const toScoreRunView = (r: ScoreRun): ScoreRunView => ({ ...r });

export interface RankingRow {
  rank: number | null;
  groupRank: number | null;
  unitId: string;
  code: string;
  nameVi: string;
  unitGroup: string | null;
  ranked: boolean;
  /** The index, or the node's value when ranking by a node, rounded to the framework's precision. */
  value: number | null;
  points: number | null;
  /** Change against the previous year's publication, when there is one. */
  previous?: { value: number | null; rank: number | null; change: number | null; rankChange: number | null; derivedFrom?: string[] } | null;
}
