import type { PublicationJob } from './publication-job.entity';
import type { PublicationView } from './publication.view';

/** Where a publication job is followed (the Location of a 202). */
export const publicationJobUrl = (id: string): string => `/api/v1/publication-jobs/${id}`;

/** A publish or correct request's job as the API shows it: its state and progress, and once done its publication. */
export interface PublicationJobView {
  id: string;
  cycleId: string;
  runId: string;
  kind: string;
  /** The version it makes. */
  version: number;
  reason: string | null;
  analysisId: string | null;
  status: string;
  /** 0–100. */
  progress: number;
  /** Why it failed: the code, message and details the request would have been refused with. */
  error: { code: string; message: string; details?: object } | null;
  publicationId: string | null;
  /** The publication made, once succeeded. */
  publication: PublicationView | null;
  requestedById: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  url: string;
}

export const toPublicationJobView = (j: PublicationJob, publication: PublicationView | null = null): PublicationJobView => ({
  id: j.id,
  cycleId: j.cycleId,
  runId: j.runId,
  kind: j.kind,
  version: j.version,
  reason: j.reason,
  analysisId: j.analysisId,
  status: j.status,
  progress: j.progress,
  error: j.errorCode === null ? null : { code: j.errorCode, message: j.error ?? '', ...(j.errorDetails == null ? {} : { details: j.errorDetails }) },
  publicationId: j.publicationId,
  publication,
  requestedById: j.requestedById,
  attempts: j.attempts,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
  url: publicationJobUrl(j.id),
});
