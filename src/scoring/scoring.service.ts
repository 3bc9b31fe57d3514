import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { CyclesService } from '../cycles/cycles.service';
import { roundTo } from '../engine';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { firstAnswerChangeAfter } from '../submissions/answers.queries';
import { firstSystemValueImportAfter } from '../submissions/system-values.queries';
import { unitNamesByIds } from '../units/units.queries';
import { planBatches, type RunSplit } from './score-batches';
import { hashInputs, loadScoreInputs, type ScoredUnitInput } from './score-inputs';
import { ScoreResult } from './score-result.entity';
import { ScoreRun } from './score-run.entity';
import { ScoreRunJobs } from './score-run-job';
import { toScoreRunView, type RankingRow, type ScoreRunView } from './score-run.view';
import { canScore } from './scoring.can';
import { ScoringProducer } from './scoring.producer';

export interface ResultsStatus {
  latestRun: ScoreRunView | null;
  stale: boolean;
  /** When the inputs first changed after the latest successful run. */
  staleSince: Date | null;
  currentInputsHash: string;
}

@Injectable()
export class ScoringService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly producer: ScoringProducer,
    private readonly audit: AuditService,
    private readonly jobs: ScoreRunJobs,
  ) {}

  /**
   * The run of the cycle's current inputs: the existing one if these inputs were asked for before, else a new one.
   * A large run of a unit-local framework is queued as a flow of batches (score-batches.ts); `split` changes where
   * that starts and the batch size (tests, benchmarks), never the results.
   */
  async requestRun(actor: Actor, cycleId: string, split: RunSplit = {}): Promise<{ run: ScoreRunView; created: boolean }> {
    const cycle = await this.cycles.find(this.db.manager, cycleId);
    if (!canScore(cycle.phase)) {
      throw new DomainException(ErrorCode.WrongPhase, `a cycle is scored in phase scoring (or published, to correct it), not ${cycle.phase}`);
    }
    const inputs = await loadScoreInputs(this.db.manager, cycleId);
    const inputsHash = hashInputs(inputs);
    const framework = await frameworkVersionById(this.db.manager, inputs.frameworkId);
    const { run, created } = await this.db.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(ScoreRun)
        .values({
          cycleId,
          inputsHash,
          frameworkId: framework.id,
          frameworkVersion: `${framework.code} ${framework.version}`,
          parameters: inputs.parameters as never,
          unitCount: inputs.units.length,
          requestedById: actor.userId,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const isNew = inserted.raw.length > 0;
      const row = await manager.findOneByOrFail(ScoreRun, { cycleId, inputsHash });
      if (isNew) {
        await this.audit.record(manager, actor, { action: 'score_run.request', entityType: 'score_run', entityId: row.id, after: { cycleId, inputsHash } });
      }
      return { run: row, created: isNew };
    });
    if (created) {
      await this.producer.enqueue(run.id, cycleId, inputsHash, planBatches(inputs, split));
    } else if (run.status === 'failed' || (run.status !== 'succeeded' && (await this.producer.isStranded(cycleId, inputsHash)))) {
      await this.db.getRepository(ScoreRun).update({ id: run.id }, { status: 'queued', error: null, progress: 0 });
      await this.producer.requeue(run.id, cycleId, inputsHash, planBatches(inputs, split));
    }
    const row = await this.getRow(run.id);
    return { run: toScoreRunView(row, await this.jobs.of(row)), created };
  }

  /** A run, with where its job stands while it is queued or running (the worker holding it lost, the retry). */
  async getRun(id: string): Promise<ScoreRunView> {
    const run = await this.getRow(id);
    return toScoreRunView(run, await this.jobs.of(run));
  }

  /**
   * The final inputs of one unit of the cycle as a run reads them (its values and hand-given points), or undefined for
   * a unit that does not take part: what a score card shows as the values scored.
   */
  async unitInputs(cycleId: string, unitCode: string): Promise<ScoredUnitInput | undefined> {
    return (await loadScoreInputs(this.db.manager, cycleId, [unitCode])).units[0];
  }

  async listRuns(cycleId: string): Promise<ScoreRunView[]> {
    await this.cycles.find(this.db.manager, cycleId);
    const rows = await this.db.getRepository(ScoreRun).find({ where: { cycleId }, order: { createdAt: 'DESC' } });
    return Promise.all(rows.map(async (r) => toScoreRunView(r, await this.jobs.of(r))));
  }

  /** Whether the latest successful run still matches the cycle's inputs, and since when it does not. */
  async resultsStatus(cycleId: string): Promise<ResultsStatus> {
    await this.cycles.find(this.db.manager, cycleId);
    const latest = await this.db.getRepository(ScoreRun).findOne({ where: { cycleId, status: 'succeeded' }, order: { finishedAt: 'DESC' } });
    const currentInputsHash = hashInputs(await loadScoreInputs(this.db.manager, cycleId));
    if (!latest) return { latestRun: null, stale: false, staleSince: null, currentInputsHash };
    const stale = latest.inputsHash !== currentInputsHash;
    let staleSince: Date | null = null;
    if (stale) {
      // The first change of either kind of input (least() of the two, as PostgreSQL's ignores a null).
      const changes = [
        await firstAnswerChangeAfter(this.db.manager, cycleId, latest.createdAt),
        await firstSystemValueImportAfter(this.db.manager, cycleId, latest.createdAt),
      ].filter((d): d is Date => d !== null);
      const since = changes.length > 0 ? new Date(Math.min(...changes.map((d) => d.getTime()))) : null;
      staleSince = since ?? latest.finishedAt;
    }
    return { latestRun: toScoreRunView(latest), stale, staleSince, currentInputsHash };
  }

  /**
   * A run's ranking: by the index, or by one node (a pillar or main indicator); optionally only one group, ranked
   * within it. Ties share a rank; unranked units come last. A grouped run's rows come group by group (its ranks are
   * within the groups: loadScoreInputs).
   */
  async ranking(runId: string, options: { node?: string; group?: string } = {}): Promise<RankingRow[]> {
    const run = await this.getRow(runId);
    if (run.status !== 'succeeded') throw new DomainException(ErrorCode.WrongPhase, `run ${runId} is ${run.status}, not succeeded`);
    const framework = await frameworkVersionById(this.db.manager, run.frameworkId);
    const precision = framework.document.result.precision;
    const results = await this.db
      .getRepository(ScoreResult)
      .createQueryBuilder('r')
      .where('r.run_id = :runId', { runId })
      .andWhere(options.group ? 'r.unit_group = :group' : 'TRUE', { group: options.group })
      .getMany();
    if (options.node && results.length && !results[0].nodes[options.node] && !results[0].pillars[options.node]) {
      throw DomainException.validation([{ field: 'node', rule: 'exists', message: `${options.node} is not a node of ${framework.code} ${framework.version}` }]);
    }
    const names = await unitNamesByIds(this.db.manager, results.map((r) => r.unitId));
    const topCodes = framework.document.nodes.map((n) => n.code);
    const totalPoints = (r: ScoreResult): number | null => {
      const points = topCodes.map((code) => r.nodes[code]?.points);
      return points.every((p) => typeof p === 'number') ? (points as number[]).reduce((a, b) => a + b, 0) : null;
    };
    const rows = results.map((r): RankingRow => {
      const node = options.node ? (r.nodes[options.node] ?? r.pillars[options.node]) : undefined;
      const rank = node ? node.rank : r.rank;
      const groupRank = node ? (node.groupRank ?? null) : r.groupRank;
      return {
        rank: options.group ? groupRank : rank,
        groupRank,
        unitId: r.unitId,
        code: r.unitCode,
        nameVi: names.get(r.unitId)?.nameVi ?? r.unitCode,
        unitGroup: r.unitGroup,
        ranked: r.ranked,
        value: node ? (node.value === null ? null : roundTo(node.value, precision)) : r.indexRounded,
        points: node ? node.points : totalPoints(r),
      };
    });
    return rows.sort(
      (a, b) =>
        (a.unitGroup ?? '').localeCompare(b.unitGroup ?? '') ||
        (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.code.localeCompare(b.code),
    );
  }

  private async getRow(id: string): Promise<ScoreRun> {
    const run = await this.db.getRepository(ScoreRun).findOneBy({ id });
    if (!run) throw DomainException.notFound('score run', id);
    return run;
  }
}
