import type { ImportJob, ImportReport } from '../import-job.entity';

export interface ImportJobView {
  id: string;
  kind: string;
  cycleId: string;
  unitId: string | null;
  status: string;
  dryRun: boolean;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  progress: number;
  report: ImportReport | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const toImportJobView = (j: ImportJob): ImportJobView => ({
  id: j.id,
  kind: j.kind,
  cycleId: j.cycleId,
  unitId: j.unitId,
  status: j.status,
  dryRun: j.dryRun,
  fileName: j.fileName,
  sizeBytes: Number(j.sizeBytes),
  sha256: j.sha256,
  progress: j.progress,
  report: j.report,
  error: j.error,
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
});
