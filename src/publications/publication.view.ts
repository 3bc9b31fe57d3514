import type { Publication } from './publication.entity';

/** A publication as the API and the features above it see it. */
export interface PublicationView {
  id: string;
  cycleId: string;
  runId: string;
  version: number;
  year: number;
  level: string;
  /** The series and month (or quarter) of a periodic cycle's publication; null for the yearly ranking. */
  series: string | null;
  periodIndex: number | null;
  sha256: string;
  reason: string | null;
  publishedAt: Date;
}

export const toView = (p: Publication): PublicationView => ({
  id: p.id,
  cycleId: p.cycleId,
  runId: p.runId,
  version: p.version,
  year: p.year,
  level: p.level,
  series: p.series,
  periodIndex: p.periodIndex,
  sha256: p.sha256,
  reason: p.reason,
  publishedAt: p.publishedAt,
});
