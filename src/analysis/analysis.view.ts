import type { AnalysisRequestSpec, AnalysisResult } from './analysis-result';
import type { Analysis, AnalysisStatus } from './analysis.entity';

/**
 * An analysis as the API shows it: its state and progress, the spec it was asked with (defaults filled in), and
 * once succeeded its result (the contract of analysis-result.ts). A list leaves the results out (10,000 units each).
 */
export interface AnalysisView {
  id: string;
  cycleId: string;
  runId: string;
  status: AnalysisStatus;
  /** 0–100. */
  progress: number;
  spec: AnalysisRequestSpec;
  error: string | null;
  attempts: number;
  requestedById: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The publication that froze it, if any. */
  publicationId: string | null;
  /** The result once succeeded (null before, and in a list). */
  result: AnalysisResult | null;
}

export const toAnalysisView = (a: Analysis, withResult = true): AnalysisView => ({
  id: a.id,
  cycleId: a.cycleId,
  runId: a.runId,
  status: a.status,
  progress: a.progress,
  spec: a.spec,
  error: a.error,
  attempts: a.attempts,
  requestedById: a.requestedById,
  createdAt: a.createdAt,
  startedAt: a.startedAt,
  finishedAt: a.finishedAt,
  publicationId: a.publicationId,
  result: withResult && a.status === 'succeeded' ? a.result : null,
});
