export interface ImportJobData {
  importJobId: string;
}

export const IMPORT_JOB_NAME = 'import-file';

/** The imports queue's jobs by name (queue/job-map.ts): one, a stored file read into its import_jobs row's kind. */
export interface ImportsJobs {
  [IMPORT_JOB_NAME]: ImportJobData;
}
