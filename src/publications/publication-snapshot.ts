import type { Framework } from '../engine/framework.model';
import type { ScoreOptions } from '../engine/types';
import type { ScoredUnitInput } from '../scoring/score-inputs';
import type { UnitScore } from '../scoring/score-results';
import type { PreviousValue } from './previous-year';

export const SNAPSHOT_FORMAT = 'dti-publication/1';

/** Everything a publication freezes; its canonical JSON is what the sha256 covers. */
export interface PublicationSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  cycle: { id: string; year: number; level: string; nameVi: string; series?: string; periodIndex?: number | null };
  version: number;
  reason: string | null;
  framework: { id: string; contentHash: string; document: Framework };
  run: { id: string; inputsHash: string; resultsHash: string; engineVersion: string; parameters: ScoreOptions };
  inputs: { units: ScoredUnitInput[] };
  results: UnitScore[];
  previous: { publicationId: string; year: number; version: number; values: Record<string, PreviousValue> } | null;
}
