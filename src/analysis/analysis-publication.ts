import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainException } from '../common/domain.exception';
import { SnapshotSectionRegistry, type SnapshotSectionContribution, type SnapshotSectionRequest } from '../publications/snapshot-section.registry';
import { Analysis } from './analysis.entity';

/**
 * An analysis is part of a publication when it was run before publishing (issue #22 point 4): the publishing path
 * asks here, inside its transaction, for the run's analysis (the one the request names, else the run's latest
 * succeeded one), freezes its result in the snapshot under "analysis", and the analysis' row is marked with the
 * publication in the same transaction.
 */
@Injectable()
export class AnalysisPublication implements OnModuleInit {
  constructor(private readonly sections: SnapshotSectionRegistry) {}

  onModuleInit(): void {
    this.sections.register(
      'analysis',
      (manager, request) => this.contribution(manager, request),
      // Before the request is queued: the analysis named, without its result (the job reads that).
      async (manager, { analysisId, runId }) => {
        if (analysisId !== undefined) await named(manager, analysisId, runId, false);
      },
    );
  }

  private async contribution(manager: EntityManager, { publicationId, runId, analysisId }: SnapshotSectionRequest): Promise<SnapshotSectionContribution | null> {
    const row = analysisId === undefined ? await latestSucceeded(manager, runId) : await named(manager, analysisId, runId);
    if (!row?.result) return null;
    return {
      value: row.result,
      frozen: async (m) => {
        await m.update(Analysis, { id: row.id }, { publicationId });
      },
    };
  }
}

function latestSucceeded(manager: EntityManager, runId: string): Promise<Analysis | null> {
  return manager.findOne(Analysis, { where: { runId, status: 'succeeded' }, order: { finishedAt: 'DESC', createdAt: 'DESC' } });
}

/**
 * The analysis a publish request names: a succeeded one of the run published, or a 400 naming analysisId. Without
 * its result (`withResult` false, a check before queueing), a succeeded one is taken to have one.
 */
async function named(manager: EntityManager, analysisId: string, runId: string, withResult = true): Promise<Analysis> {
  const row = await manager.findOne(Analysis, { where: { id: analysisId }, select: withResult ? undefined : { id: true, runId: true, status: true } });
  const refuse = (rule: string, message: string) => DomainException.validation([{ field: 'analysisId', rule, message }]);
  if (!row) throw refuse('exists', `no analysis ${analysisId}`);
  if (row.runId !== runId) throw refuse('ofRun', `analysis ${analysisId} is of score run ${row.runId}, not of the run published (${runId})`);
  if (row.status !== 'succeeded' || (withResult && !row.result)) throw refuse('succeeded', `analysis ${analysisId} is ${row.status}; only a succeeded analysis is published`);
  return row;
}
