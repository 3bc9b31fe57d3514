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
 * A cheap check of what a publish request names for a section (the analysis named: of the run, succeeded), made
 * before the request is queued: the same refusal the provider would give inside the publishing job, given at once.
 */
export type SnapshotSectionCheck = (manager: EntityManager, request: Omit<SnapshotSectionRequest, 'publicationId'>) => Promise<void>;

/**
 * How a feature above publications adds a named section to a snapshot being made (DESIGN.md, Layout: publications
 * never import analysis; analysis registers here). Providers run inside the publishing transaction, so a refusal
 * (an analysis of another run named) refuses the publication, and whatever they mark is marked only if it commits.
 */
@Injectable()
export class SnapshotSectionRegistry {
  private readonly providers = new Map<SnapshotSectionName, SnapshotSectionProvider>();
  private readonly checks = new Map<SnapshotSectionName, SnapshotSectionCheck>();

  register(name: SnapshotSectionName, provider: SnapshotSectionProvider, check?: SnapshotSectionCheck): void {
    if (this.providers.has(name)) throw new Error(`the snapshot section ${name} already has a provider`);
    this.providers.set(name, provider);
    if (check) this.checks.set(name, check);
  }

  /** What the request names, checked by each section's own check (PublicationJobsService, before queueing). */
  async check(manager: EntityManager, request: Omit<SnapshotSectionRequest, 'publicationId'>): Promise<void> {
    this.assertProvided(request);
    for (const check of this.checks.values()) await check(manager, request);
  }

  /** Each registered section's contribution to the publication, by name (those without one left out). */
  async contributions(manager: EntityManager, request: SnapshotSectionRequest): Promise<Map<SnapshotSectionName, SnapshotSectionContribution>> {
    this.assertProvided(request);
    const out = new Map<SnapshotSectionName, SnapshotSectionContribution>();
    for (const [name, provider] of this.providers) {
      const contribution = await provider(manager, request);
      if (contribution) out.set(name, contribution);
    }
    return out;
  }

  private assertProvided(request: Pick<SnapshotSectionRequest, 'analysisId'>): void {
    if (request.analysisId !== undefined && !this.providers.has('analysis')) {
      // Never publish without what was asked for: this process (a command line without the analysis feature) cannot.
      throw DomainException.validation([{ field: 'analysisId', rule: 'analysis', message: 'analyses cannot be published from here: publish through the API' }]);
    }
  }
}
