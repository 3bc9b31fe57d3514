import type { ScoreRun } from './score-run.entity';
import type { ScoreRunJobView } from './score-run-job';

/** A run's record, and for a queued or running one its job in the queue (a lost worker, the retry): score-run-job.ts. */
export type ScoreRunView = Omit<ScoreRun, never> & { job: ScoreRunJobView | null };

export const toScoreRunView = (r: ScoreRun, job: ScoreRunJobView | null = null): ScoreRunView => ({ ...r, job });

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
