import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { findCycleRow } from '../cycles/cycles.queries';
import { findCycleScoreRun, latestSucceededRun, type ScoreRunRow } from '../scoring/score-runs.queries';
import { analysisRefusal, loadAnalysisInput } from './analysis-input';
import { analysisModel } from './analysis-model';
import type { AnalysisRequestSpec, AnalysisResult } from './analysis-result';
import { analysisSpecHash, analysisSpecOf, sourcesProblems, type AnalysisRequest } from './analysis-spec';
import { Analysis } from './analysis.entity';
import { AnalysisProducer } from './analysis.producer';
import { toAnalysisView, type AnalysisView } from './analysis.view';

/** What a list of a cycle's analyses shows at most (newest first): each is a few rows, their results left out. */
const LIST_LIMIT = 200;

/** A stored analysis that succeeded, as other features take it (a publication freezes it; pages and workbooks show it). */
export interface SucceededAnalysis {
  id: string;
  cycleId: string;
  runId: string;
  finishedAt: Date;
  publicationId: string | null;
  result: AnalysisResult;
}

/**
 * Uncertainty and sensitivity analyses of score runs (issue #22), computed on the analysis queue. One analysis per
 * run and spec (its business key): the same analysis asked twice, by anyone, is the same row and the same job.
 */
@Injectable()
export class AnalysisService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: AnalysisProducer,
    private readonly audit: AuditService,
  ) {}

  /**
   * The analysis of this run (by default the cycle's latest succeeded one) under this spec: the existing one if it was
   * asked for before (queued again if it failed), else a new one on the queue.
   */
  async request(actor: Actor, cycleId: string, request: AnalysisRequest & { runId?: string }): Promise<{ analysis: AnalysisView; created: boolean }> {
    const problems = sourcesProblems(request.sources);
    if (problems.length > 0) throw DomainException.validation(problems);
    if (!(await findCycleRow(this.db.manager, cycleId))) throw DomainException.notFound('cycle', cycleId);
    const run = await this.runOf(cycleId, request.runId);
    const spec = analysisSpecOf(request);
    const specHash = analysisSpecHash(spec);
    const repo = this.db.getRepository(Analysis);
    if (!(await repo.existsBy({ runId: run.id, specHash }))) await this.check(run, spec);

    const created = await this.db.transaction(async (manager) => {
      const inserted = (await manager
        .createQueryBuilder()
        .insert()
        .into(Analysis)
        .values({ cycleId, runId: run.id, spec: spec as never, specHash, requestedById: actor.userId })
        .orIgnore()
        .returning(['id'])
        .execute()) as { raw: { id: string }[] };
      if (inserted.raw.length === 0) return false;
      await this.audit.record(manager, actor, { action: 'analysis.request', entityType: 'analysis', entityId: inserted.raw[0].id, after: { cycleId, runId: run.id, spec } });
      return true;
    });
    let row = await repo.findOneByOrFail({ runId: run.id, specHash });
    if (row.status === 'failed' || (row.status !== 'succeeded' && !created && (await this.producer.isStranded(run.id, specHash)))) {
      // Asked again after a failure (or one never recorded: see isStranded): computed anew.
      const reset = await repo.update({ id: row.id, status: row.status }, { status: 'queued', progress: 0, error: null, startedAt: null, finishedAt: null });
      if (reset.affected) row = await repo.findOneByOrFail({ id: row.id });
    }
    // Queued after the commit so that the worker finds the row; also re-queues an analysis whose enqueue was lost.
    if (row.status === 'queued') await this.producer.ensureQueued(row.id, run.id, specHash);
    return { analysis: toAnalysisView(row), created };
  }

  /** An analysis with its result once succeeded. */
  async get(id: string): Promise<AnalysisView> {
    return toAnalysisView(await this.row(id));
  }

  /** A cycle's analyses, newest first, without their results. */
  async list(cycleId: string): Promise<AnalysisView[]> {
    if (!(await findCycleRow(this.db.manager, cycleId))) throw DomainException.notFound('cycle', cycleId);
    const rows = await this.db.getRepository(Analysis).find({ where: { cycleId }, order: { createdAt: 'DESC', id: 'ASC' }, take: LIST_LIMIT });
    return rows.map((r) => toAnalysisView(r, false));
  }

  /** A succeeded analysis by id, or null (none, or not succeeded). */
  async byId(id: string, manager: EntityManager = this.db.manager): Promise<SucceededAnalysis | null> {
    return succeeded(await manager.findOneBy(Analysis, { id }));
  }

  /** The run's analysis that succeeded last (whatever its spec), or null. */
  async latestSucceededForRun(runId: string, manager: EntityManager = this.db.manager): Promise<SucceededAnalysis | null> {
    return succeeded(await manager.findOne(Analysis, { where: { runId, status: 'succeeded' }, order: { finishedAt: 'DESC', id: 'ASC' } }));
  }

  /**
   * Whether the run can be analysed under the spec, before anything is stored: its inputs are still the run's, and
   * the model takes the spec (a weights level the framework has, normalised leaves for a normalisation source, the
   * reviewers' values for theirs). Builds the model once (the run's columns prepared: about a second at commune
   * scale, as long as a score run's request reads its inputs), not its samples.
   */
  private async check(run: ScoreRunRow, spec: AnalysisRequestSpec): Promise<void> {
    try {
      analysisModel(await loadAnalysisInput(this.db.manager, run, spec), spec);
    } catch (error) {
      throw analysisRefusal(error);
    }
  }

  /** The run analysed: the one asked for, of this cycle and succeeded; else the cycle's latest succeeded run. */
  private async runOf(cycleId: string, runId: string | undefined): Promise<ScoreRunRow> {
    if (runId === undefined) {
      const latest = await latestSucceededRun(this.db.manager, cycleId);
      if (!latest) {
        throw new DomainException(ErrorCode.WrongPhase, `cycle ${cycleId} has no succeeded score run to analyse; run one first or name one (runId)`, [
          { field: 'runId', rule: 'succeededRun', message: 'runId is required while the cycle has no succeeded score run' },
        ]);
      }
      return latest;
    }
    const run = await findCycleScoreRun(this.db.manager, cycleId, runId);
    if (!run) {
      throw new DomainException(ErrorCode.NotFound, `score run ${runId} of cycle ${cycleId} not found`, [
        { field: 'runId', rule: 'runOfCycle', message: `runId must be a score run of cycle ${cycleId}` },
      ]);
    }
    if (run.status !== 'succeeded') {
      throw new DomainException(ErrorCode.WrongPhase, `score run ${runId} is ${run.status}; only a succeeded run is analysed`, [
        { field: 'runId', rule: 'succeededRun', message: `runId must be a succeeded score run (it is ${run.status})` },
      ]);
    }
    return run;
  }

  private async row(id: string): Promise<Analysis> {
    const row = await this.db.getRepository(Analysis).findOneBy({ id });
    if (!row) throw DomainException.notFound('analysis', id);
    return row;
  }
}

const succeeded = (row: Analysis | null): SucceededAnalysis | null =>
  row?.status === 'succeeded' && row.result && row.finishedAt
    ? { id: row.id, cycleId: row.cycleId, runId: row.runId, finishedAt: row.finishedAt, publicationId: row.publicationId, result: row.result }
    : null;
