export interface PublicationJobData {
  publicationJobId: string;
}

export const PUBLISH_JOB = 'publish';
export const CORRECT_JOB = 'correct';

/**
 * The publication queue's jobs by name (queue/job-map.ts): a cycle published (version 1) or its publication corrected
 * (the next version), each for its publication_jobs row, which says what to freeze.
 */
export interface PublicationJobs {
  [PUBLISH_JOB]: PublicationJobData;
  [CORRECT_JOB]: PublicationJobData;
}
