import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { RefusalReason } from '../common/refusal-reason';
import { ErrorCode } from '../common/error-code';
import { CyclePhase } from '../cycles/cycle-phase';
import { CycleTransitionRegistry } from '../cycles/cycle-transition.registry';
import type { CycleRow } from '../cycles/cycle-row';
import { CyclesService } from '../cycles/cycles.service';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { hashInputs, loadScoreInputs } from '../scoring/score-inputs';
import { computeScores, hashResultBatches, hashResults, toUnitScore, type UnitScore } from '../scoring/score-results';
import { findCycleScoreRun, scoreRunById } from '../scoring/score-runs.queries';
import { predecessorIdsOf } from '../units/unit-lineage.queries';
import { freezeResults, frozenResultBatches, frozenResultsByCode } from './frozen-results';
import { PublicationResult } from './publication-result.entity';
import { SNAPSHOT_FORMAT, type PublicationSnapshot } from './publication-snapshot';
import { Publication } from './publication.entity';
import { previousValues, type PriorResult } from './previous-year';
import { canCorrect, canPublish } from './publication.can';
import { PublicationMadeRegistry } from './publication-made.registry';
import { SnapshotSectionRegistry } from './snapshot-section.registry';
import { toView, type PublicationView } from './publication.view';

/** What a publish or correct request may name beside the run: the analysis to freeze with it (default: the run's latest). */
export interface PublishOptions {
  analysisId?: string;
}

export interface VerifyReport {
  publicationId: string;
  ok: boolean;
  problems: string[];
}


/** Freezing a run's results as a publication, correcting it by a new version, and proving it unchanged. */
@Injectable()
export class PublicationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly transitions: CycleTransitionRegistry,
    private readonly audit: AuditService,
    private readonly made: PublicationMadeRegistry,
    private readonly sections: SnapshotSectionRegistry,
  ) {}

  onModuleInit(): void {
    // A cycle becomes published by publishing a run, never by a bare phase move.
    this.transitions.register(async (_m, _cycle, to, { via }) =>
      to === CyclePhase.Published && via !== 'publication'
        ? { reason: RefusalReason.PublishedByRun, message: 'a cycle is published by publishing one of its score runs' }
        : null,
    );
  }

  /** Version 1: the run's results frozen, the cycle published; then, committed, what follows a publication (its workbooks). */
  async publish(actor: Actor, cycleId: string, runId: string, options: PublishOptions = {}): Promise<PublicationView> {
    const publication = await this.db.transaction(async (manager) => {
      const cycle = await this.cycles.find(manager, cycleId, { lock: true });
      if (!canPublish(cycle.phase)) {
        throw new DomainException(ErrorCode.WrongPhase, `a cycle is published from phase scoring, not ${cycle.phase}; a published one is corrected`);
      }
      const publication = await this.freeze(manager, actor, cycle, runId, 1, null, options);
      await this.cycles.moveWithin(manager, actor, cycleId, CyclePhase.Published, { via: 'publication' });
      return publication;
    });
    await this.made.made(actor, publication);
    return publication;
  }

  /** A correction: the next version from another run, with the reason; earlier versions stay as they were. */
  async correct(actor: Actor, cycleId: string, runId: string, reason: string, options: PublishOptions = {}): Promise<PublicationView> {
    const publication = await this.db.transaction(async (manager) => {
      const cycle = await this.cycles.find(manager, cycleId, { lock: true });
      if (!canCorrect(cycle.phase)) {
        throw new DomainException(ErrorCode.WrongPhase, `only a published cycle is corrected; this one is ${cycle.phase}`);
      }
      const latest = await manager.findOne(Publication, { where: { cycleId }, order: { version: 'DESC' } });
      return this.freeze(manager, actor, cycle, runId, (latest?.version ?? 0) + 1, reason, options);
    });
    await this.made.made(actor, publication);
    return publication;
  }

  async list(cycleId: string): Promise<PublicationView[]> {
    const rows = await this.db.getRepository(Publication).find({ where: { cycleId }, order: { version: 'ASC' } });
    return rows.map(toView);
  }

  async get(id: string): Promise<PublicationView> {
    return toView(await this.find(id));
  }

  async snapshot(id: string): Promise<{ text: string; sha256: string }> {
    const publication = await this.findWithSnapshot(id);
    return { text: publication.snapshot, sha256: publication.sha256 };
  }

  /**
   * The full check (publication:verify, the API): the snapshot's sha256, that the results served (the publication's
   * frozen rows) are the snapshot's, unit by unit, and the results recomputed from the snapshot's framework and
   * inputs with the engine. It parses the snapshot (~250 MB at commune scale) and scores it again.
   */
  async verify(id: string): Promise<VerifyReport> {
    const publication = await this.findWithSnapshot(id);
    const problems: string[] = [];
    const digest = sha256Hex(publication.snapshot);
    if (digest !== publication.sha256) problems.push(`the snapshot's sha256 is ${digest}, the publication says ${publication.sha256}`);
    let snapshot: PublicationSnapshot;
    try {
      snapshot = JSON.parse(publication.snapshot) as PublicationSnapshot;
    } catch (error) {
      // Changed past parsing: nothing more to compare with.
      problems.push(`the snapshot is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return { publicationId: id, ok: false, problems };
    }
    if (snapshot.run.resultsHash !== publication.resultsHash) {
      problems.push(`the snapshot's results hash is ${snapshot.run.resultsHash}, the publication says ${publication.resultsHash}`);
    }
    problems.push(...recomputationProblems(snapshot));
    problems.push(...(await this.frozenRowProblems(id, snapshot)));
    return { publicationId: id, ok: problems.length === 0, problems };
  }

  /**
   * The scheduled check, light enough for every publication every few hours in the worker that also scores: the
   * snapshot's sha256 computed by PostgreSQL (the text never comes into this process), the snapshot naming the
   * publication's results hash, and that hash computed again from the frozen rows, a batch at a time. The hash and
   * the sha256 are on the publication's row, which the database refuses to change; the frozen rows were checked
   * against the hash at publish. The units that differ are listed by verify.
   */
  async checkFrozen(id: string): Promise<VerifyReport> {
    // convert_to(..., 'UTF8') is the text's UTF-8 bytes, what sha256Hex hashed at publish (a spec compares them).
    const [row]: { sha256: string; results_hash: string; digest: string; names_hash: boolean }[] = await this.db.query(
      `SELECT sha256, results_hash, encode(sha256(convert_to(snapshot, 'UTF8')), 'hex') AS digest,
              strpos(snapshot, '"resultsHash":"' || results_hash || '"') > 0 AS names_hash
         FROM publications WHERE id = $1`,
      [id],
    );
    if (!row) throw DomainException.notFound('publication', id);
    const problems: string[] = [];
    if (row.digest !== row.sha256) problems.push(`the snapshot's sha256 is ${row.digest}, the publication says ${row.sha256}`);
    if (!row.names_hash) problems.push(`the snapshot does not name the publication's results hash ${row.results_hash}`);
    const frozen = await frozenResultsByCode(this.db.manager, id);
    const hash = await hashResultBatches(frozen.count, frozen.batches);
    if (hash !== row.results_hash) {
      problems.push(`the frozen results (${frozen.count}) hash to ${hash}, the publication says ${row.results_hash}: publication:verify lists the units that differ`);
    }
    return { publicationId: id, ok: problems.length === 0, problems };
  }

  /** The frozen rows against the snapshot's results, read a batch at a time (a commune-scale set is ~250 MB). */
  private async frozenRowProblems(id: string, snapshot: PublicationSnapshot): Promise<string[]> {
    const problems: string[] = [];
    const unread = new Map(snapshot.results.map((u) => [u.code, u]));
    let count = 0;
    for await (const batch of frozenResultBatches(this.db.manager, id)) {
      for (const served of batch) {
        count++;
        const unit = unread.get(served.code);
        if (!unit) problems.push(`${served.code}: in the frozen results but not in the snapshot`);
        else if (canonicalJson(served) !== canonicalJson(unit)) problems.push(...differences(unit.code, unit, served, 'snapshot', 'frozen'));
        unread.delete(served.code);
      }
    }
    for (const code of unread.keys()) problems.push(`${code}: in the snapshot but not in the frozen results`);
    if (count !== snapshot.results.length) problems.push(`${count} frozen results, ${snapshot.results.length} in the snapshot`);
    return problems;
  }

  private async freeze(
    manager: EntityManager,
    actor: Actor,
    cycle: CycleRow,
    runId: string,
    version: number,
    reason: string | null,
    options: PublishOptions,
  ): Promise<PublicationView> {
    const run = await findCycleScoreRun(manager, cycle.id, runId);
    if (!run) throw DomainException.notFound('score run', `${runId} of cycle ${cycle.id}`);
    if (run.status !== 'succeeded' || !run.resultsHash) {
      throw new DomainException(ErrorCode.WrongPhase, `run ${runId} is ${run.status}; only a succeeded run is published`);
    }
    const inputs = await loadScoreInputs(manager, cycle.id);
    if (hashInputs(inputs) !== run.inputsHash) {
      throw DomainException.conflict(`run ${runId} is stale: the cycle's inputs changed after it; ask for a new run and publish that`);
    }
    // The rows the public reads will serve are copied first, and the snapshot is made of those very rows: what is
    // served and what is hashed are one copy, whatever happens to score_results later (or meanwhile).
    const id = randomUUID();
    await freezeResults(manager, id, runId);
    const results = (await manager.findBy(PublicationResult, { publicationId: id })).map(toUnitScore).sort((a, b) => (a.code < b.code ? -1 : 1));
    if (hashResults(results) !== run.resultsHash) {
      throw DomainException.conflict(`the stored results of run ${runId} do not match its results hash; run it again`);
    }
    const framework = await frameworkVersionById(manager, run.frameworkId);
    const previous = await this.previousYear(manager, cycle, results);
    // What the features above add (the run's uncertainty analysis), hashed with the rest; none: the snapshot as before.
    const sections = await this.sections.contributions(manager, { publicationId: id, cycleId: cycle.id, runId, analysisId: options.analysisId });
    const snapshot: PublicationSnapshot = {
      ...Object.fromEntries([...sections].map(([name, c]) => [name, c.value])),
      format: SNAPSHOT_FORMAT,
      // A periodic cycle's period beside its year; a yearly snapshot stays as it always was.
      cycle: { id: cycle.id, year: cycle.year, level: cycle.level, nameVi: cycle.nameVi, ...(cycle.series ? { series: cycle.series, periodIndex: cycle.periodIndex } : {}) },
      version,
      reason,
      framework: { id: framework.id, contentHash: framework.contentHash, document: framework.document },
      run: { id: run.id, inputsHash: run.inputsHash, resultsHash: run.resultsHash, engineVersion: run.engineVersion ?? '', parameters: run.parameters },
      inputs: { units: inputs.units },
      results,
      previous,
    };
    const text = canonicalJson(snapshot);
    // insert, not save: save would look the given id up first.
    await manager.insert(Publication, {
      id,
      cycleId: cycle.id,
      runId,
      version,
      year: cycle.year,
      level: cycle.level,
      series: cycle.series,
      periodIndex: cycle.periodIndex,
      snapshot: text,
      sha256: sha256Hex(text),
      resultsHash: run.resultsHash,
      previous: previous?.values ?? null,
      reason,
      publishedById: actor.userId,
    });
    for (const contribution of sections.values()) await contribution.frozen?.(manager);
    const view = toView(await manager.findOneByOrFail(Publication, { id }));
    await this.audit.record(manager, actor, {
      action: version === 1 ? 'publication.publish' : 'publication.correct',
      entityType: 'publication',
      entityId: id,
      after: { cycleId: cycle.id, runId, version, sha256: view.sha256, reason },
    });
    return view;
  }

  /**
   * Last year's latest publication of the same level (of a periodic series: the period before, in the series), and
   * each unit's value in it (own, or by the merger rule).
   */
  private async previousYear(manager: EntityManager, cycle: CycleRow, results: UnitScore[]): Promise<PublicationSnapshot['previous']> {
    const last = await manager.findOne(Publication, { where: previousPeriod(cycle), order: { version: 'DESC' } });
    if (!last) return null;
    // From its frozen rows (its snapshot's results), only the node values: the snapshot is not parsed here.
    const rows: { unit_id: string; unit_code: string; index_rounded: number | null; rank: number | null; node_values: Record<string, number | null> }[] =
      await manager.query(
        `SELECT unit_id, unit_code, index_rounded, rank, (SELECT coalesce(jsonb_object_agg(k, v->'value'), '{}') FROM jsonb_each(nodes) e(k, v)) AS node_values
           FROM publication_results WHERE publication_id = $1`,
        [last.id],
      );
    const prior: PriorResult[] = rows.map((r) => ({
      unitId: r.unit_id,
      code: r.unit_code,
      indexRounded: r.index_rounded,
      rank: r.rank,
      nodeValues: r.node_values,
    }));
    const lastRun = await scoreRunById(manager, last.runId);
    const lastFramework = await frameworkVersionById(manager, lastRun.frameworkId);
    const lineage = await predecessorIdsOf(manager, results.map((r) => r.unitId));
    const units = results.map((r) => ({ unitId: r.unitId, ranked: r.ranked, predecessorIds: lineage.get(r.unitId) ?? [] }));
    const values = previousValues(units, prior, lastFramework.document);
    return { publicationId: last.id, year: last.year, version: last.version, values: Object.fromEntries(values) };
  }

  /** A publication without its snapshot (see Publication.snapshot). */
  private async find(id: string): Promise<Publication> {
    const row = await this.db.getRepository(Publication).findOneBy({ id });
    if (!row) throw DomainException.notFound('publication', id);
    return row;
  }

  private async findWithSnapshot(id: string): Promise<Publication> {
    const row = await this.db.getRepository(Publication).createQueryBuilder('p').addSelect('p.snapshot').where('p.id = :id', { id }).getOne();
    if (!row) throw DomainException.notFound('publication', id);
    return row;
  }
}

/** The snapshot's results against the engine's results from the snapshot's own framework and inputs. */
function recomputationProblems(snapshot: PublicationSnapshot): string[] {
  const problems: string[] = [];
  const recomputed = computeScores({
    cycleId: snapshot.cycle.id,
    frameworkId: snapshot.framework.id,
    frameworkContentHash: snapshot.framework.contentHash,
    framework: snapshot.framework.document,
    units: snapshot.inputs.units,
    parameters: snapshot.run.parameters,
  });
  const frozen = new Map(snapshot.results.map((u) => [u.code, u]));
  for (const unit of recomputed.units) {
    const before = frozen.get(unit.code);
    if (!before) problems.push(`${unit.code}: recomputed but not in the snapshot`);
    else if (canonicalJson(before) !== canonicalJson(unit)) problems.push(...differences(unit.code, before, unit, 'snapshot', 'recomputed'));
  }
  if (recomputed.units.length !== snapshot.results.length) {
    problems.push(`the snapshot has ${snapshot.results.length} results, the recomputation ${recomputed.units.length}`);
  }
  return problems;
}

/** The fields that differ between two versions of one unit's result, in words. */
function differences(code: string, a: UnitScore, b: UnitScore, aName: string, bName: string): string[] {
  const out: string[] = [];
  for (const key of ['index', 'indexRounded', 'rank', 'groupRank', 'ranked', 'status'] as const) {
    if (a[key] !== b[key]) out.push(`${code}.${key}: ${aName} ${String(a[key])}, ${bName} ${String(b[key])}`);
  }
  for (const part of ['nodes', 'pillars'] as const) {
    for (const node of new Set([...Object.keys(a[part]), ...Object.keys(b[part])])) {
      if (canonicalJson(a[part][node]) !== canonicalJson(b[part][node])) {
        out.push(`${code}.${part}.${node}: ${aName} ${canonicalJson(a[part][node])}, ${bName} ${canonicalJson(b[part][node])}`);
      }
    }
  }
  return out.length ? out : [`${code}: differs (${aName} vs ${bName})`];
}

/** Where the publication before a cycle's is: last year's yearly ranking, or the series' previous month or quarter. */
function previousPeriod(cycle: CycleRow): FindOptionsWhere<Publication> {
  if (!cycle.series || cycle.periodIndex === null) return { year: cycle.year - 1, level: cycle.level, series: IsNull() };
  const periods = cycle.period === 'quarter' ? 4 : 12;
  const first = cycle.periodIndex === 1;
  return { year: first ? cycle.year - 1 : cycle.year, periodIndex: first ? periods : cycle.periodIndex - 1, level: cycle.level, series: cycle.series };
}
