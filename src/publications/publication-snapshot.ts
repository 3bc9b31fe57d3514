import type { Framework } from '../engine/framework.model';
import type { ScoreOptions } from '../engine/types';
import type { ScoredUnitInput } from '../scoring/score-inputs';
import type { UnitScore } from '../scoring/score-results';
import type { PreviousValue } from './previous-year';

export const SNAPSHOT_FORMAT = 'dti-publication/1';

/**
 * The optional sections a feature above publications may add (snapshot-section.registry.ts). Each is a top-level key,
 * absent when there is nothing to add, so a snapshot without any is exactly what one made before sections existed
 * (same format, still verifies). Each name sorts before "cycle", the first fixed key: in the canonical JSON a section
 * is then at the start of the text, read without parsing the rest (snapshot-section.ts).
 */
export const SNAPSHOT_SECTIONS = ['analysis'] as const;
export type SnapshotSectionName = (typeof SNAPSHOT_SECTIONS)[number];

/** Everything a publication freezes; its canonical JSON is what the sha256 covers. */
export interface PublicationSnapshot extends Partial<Record<SnapshotSectionName, unknown>> {
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
