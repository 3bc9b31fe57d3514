import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import type { SnapshotSectionName } from './publication-snapshot';

/** What the publishing path tells a section's provider: the publication being made and what the request asked for. */
export interface SnapshotSectionRequest {
  publicationId: string;
  cycleId: string;
  runId: string;
  /** The analysis the publish request named (PublishDto.analysisId); absent: the provider's default. */
  analysisId?: string;
}

/** A section for the snapshot, and what to do, in the same transaction, once the publication's row exists. */
export interface SnapshotSectionContribution {
  /** JSON-safe: it is written into the snapshot's canonical JSON and covered by its sha256. */
  value: unknown;
  frozen?: (manager: EntityManager) => Promise<void>;
}

/** Null: nothing for this publication (the snapshot then has no such key, as one made before sections existed). */
export type SnapshotSectionProvider = (manager: EntityManager, request: SnapshotSectionRequest) => Promise<SnapshotSectionContribution | null>;

/**
 * How a feature above publications adds a named section to a snapshot being made (DESIGN.md, Layout: publications
 * never import analysis; analysis registers here). Providers run inside the publishing transaction, so a refusal
 * (an analysis of another run named) refuses the publication, and whatever they mark is marked only if it commits.
 */
@Injectable()
export class SnapshotSectionRegistry {
  private readonly providers = new Map<SnapshotSectionName, SnapshotSectionProvider>();

  register(name: SnapshotSectionName, provider: SnapshotSectionProvider): void {
    if (this.providers.has(name)) throw new Error(`the snapshot section ${name} already has a provider`);
    this.providers.set(name, provider);
  }

  /** Each registered section's contribution to the publication, by name (those without one left out). */
  async contributions(manager: EntityManager, request: SnapshotSectionRequest): Promise<Map<SnapshotSectionName, SnapshotSectionContribution>> {
    if (request.analysisId !== undefined && !this.providers.has('analysis')) {
      // Never publish without what was asked for: this process (a command line without the analysis feature) cannot.
      throw DomainException.validation([{ field: 'analysisId', rule: 'analysis', message: 'analyses cannot be published from here: publish through the API' }]);
    }
    const out = new Map<SnapshotSectionName, SnapshotSectionContribution>();
    for (const [name, provider] of this.providers) {
      const contribution = await provider(manager, request);
      if (contribution) out.set(name, contribution);
    }
    return out;
  }
}
