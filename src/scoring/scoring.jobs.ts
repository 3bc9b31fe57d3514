import { SCORE_BATCH_JOB, SCORE_RANK_JOB, type ScoreBatchJobData, type ScoreRankJobData } from './score-batches';

export interface ScoreRunJobData {
  runId: string;
}

export const SCORE_RUN_JOB = 'score-run';

/**
 * The scoring queue's jobs by name (queue/job-map.ts): a run in one job, or a split run's batches and, once they are
 * done, its ranking parent (score-batches.ts). Every one carries its run's id.
 */
export interface ScoringJobs {
  [SCORE_RUN_JOB]: ScoreRunJobData;
  [SCORE_BATCH_JOB]: ScoreBatchJobData;
  [SCORE_RANK_JOB]: ScoreRankJobData;
}
