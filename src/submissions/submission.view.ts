import type { RawValue } from '../engine/types';
import type { StateEvidence } from './submission-state.queries';
import type { PlausibilityWarning } from './plausibility';
import type { SelfScore } from './self-score';
import type { Submission } from './submission.entity';
import type { WindowState } from './submission-window';

export interface MissingItem {
  indicatorCode: string;
  name: string;
  missing: 'value' | 'evidence';
}

export interface EvidenceView {
  id: string;
  indicatorCode: string;
  kind: string;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  documentNumber: string | null;
  documentTitle: string | null;
  issuedOn: string | null;
  summary: string | null;
  url: string | null;
  label: string | null;
  createdAt: Date;
}

export const toEvidenceView = (e: StateEvidence): EvidenceView => ({
  id: e.id,
  indicatorCode: e.indicatorCode,
  kind: e.kind,
  fileName: e.fileName,
  mimeType: e.mimeType,
  sizeBytes: e.sizeBytes === null ? null : Number(e.sizeBytes),
  sha256: e.sha256,
  documentNumber: e.documentNumber,
  documentTitle: e.documentTitle,
  issuedOn: e.issuedOn,
  summary: e.summary,
  url: e.url,
  label: e.label,
  createdAt: e.createdAt,
});

/** A unit's submission as its officer sees it: answers, evidence, the running self-score, what is missing. */
export interface SubmissionState {
  submission: {
    id: string;
    cycleId: string;
    unitId: string;
    status: string;
    version: number;
    submittedAt: Date | null;
    returnedAt: Date | null;
    returnedReason: string | null;
    updatedAt: Date;
  };
  /** Whether the unit may write now; when not, why in words and as a reason code with its values (RefusalReason). */
  window: { writable: boolean; reason: string | null; details: WindowState['details']; until: string };
  /** Each answer with its soft warnings (plausibility.ts): saved all the same, shown to the officer and the reviewer. */
  answers: Record<string, { value: RawValue; note: string | null; selfPoints: number | null; warnings: PlausibilityWarning[]; updatedAt: Date }>;
  systemValues: Record<string, RawValue>;
  evidence: Record<string, EvidenceView[]>;
  selfScore: SelfScore;
  missing: MissingItem[];
}

/**
 * A save's reply by default (the whole state with `?include=state`): the submission with its new version (also the
 * ETag), the window (until when the unit may write), the answers saved as they now are with their warnings, the
 * running self-score and what is still missing.
 */
export type SaveResult = Pick<SubmissionState, 'submission' | 'window' | 'answers' | 'selfScore' | 'missing'>;

export const toSubmissionSummary = (s: Submission): SubmissionState['submission'] => ({
  id: s.id,
  cycleId: s.cycleId,
  unitId: s.unitId,
  status: s.status,
  version: s.version,
  submittedAt: s.submittedAt,
  returnedAt: s.returnedAt,
  returnedReason: s.returnedReason,
  updatedAt: s.updatedAt,
});
