export interface ExportJobData {
  exportJobId: string;
}

export const EXPORT_JOB_NAME = 'export-workbook';

/** The exports queue's jobs by name (queue/job-map.ts): one, a workbook made for its export_jobs row. */
export interface ExportsJobs {
  [EXPORT_JOB_NAME]: ExportJobData;
}
