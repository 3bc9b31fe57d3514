export interface AnalysisJobData {
  analysisId: string;
}

export const ANALYSIS_JOB = 'analyse-run';

/** The analysis queue's jobs by name (queue/job-map.ts): one, an analysis computed for its `analyses` row. */
export interface AnalysisJobs {
  [ANALYSIS_JOB]: AnalysisJobData;
}
