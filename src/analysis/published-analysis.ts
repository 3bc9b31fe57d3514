import type { EntityManager } from 'typeorm';
import { snapshotSection } from '../publications/snapshot-section';
import type { AnalysisResult } from './analysis-result';

/**
 * The uncertainty analysis a publication froze (null when it was published without one), read from its snapshot:
 * exactly what the sha256 covers, whatever later happens to the analyses' rows. Only the beginning of the snapshot
 * is read (a section sorts first), not the ~250 MB of a commune-scale one.
 */
export async function publishedAnalysis(manager: EntityManager, publicationId: string): Promise<AnalysisResult | null> {
  return (await snapshotSection(manager, publicationId, 'analysis')) as AnalysisResult | null;
}
