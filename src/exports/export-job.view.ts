import type { ExportJob } from './export-job.entity';

/** An export as the API shows it: its state and progress, and once made, its file and where to download it. */
export interface ExportJobView {
  id: string;
  kind: string;
  params: Record<string, string>;
  status: string;
  progress: number;
  fileName: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  downloadUrl: string | null;
}

export const toExportJobView = (j: ExportJob): ExportJobView => ({
  id: j.id,
  kind: j.kind,
  params: j.params,
  status: j.status,
  progress: j.progress,
  fileName: j.fileName,
  sizeBytes: j.sizeBytes === null ? null : Number(j.sizeBytes),
  sha256: j.sha256,
  error: j.error,
  createdAt: j.createdAt,
  finishedAt: j.finishedAt,
  downloadUrl: j.status === 'succeeded' ? `/api/v1/exports/${j.id}/download` : null,
});
