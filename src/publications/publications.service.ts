import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import type { Actor } from '../auth/actor';
import { BusyGate } from '../common/busy-gate';
import { StreamedArray } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { readAhead } from '../common/read-ahead';
import { RefusalReason } from '../common/refusal-reason';
import { ErrorCode } from '../common/error-code';
import { CyclePhase } from '../cycles/cycle-phase';
import { CycleTransitionRegistry } from '../cycles/cycle-transition.registry';
import type { CycleRow } from '../cycles/cycle-row';
import { CyclesService } from '../cycles/cycles.service';
import { frameworkVersionById } from '../frameworks/framework-versions.queries';
import { scoreInputBatches } from '../scoring/score-input-batches';
import { inputsHasher, type ScoredUnitInput } from '../scoring/score-inputs';
import { hashResultBatches, resultsHasher, type UnitScore } from '../scoring/score-results';
import { findCycleScoreRun, scoreRunById } from '../scoring/score-runs.queries';
import { predecessorIdsOf } from '../units/unit-lineage.queries';
import { readCanonicalSnapshot } from './canonical-snapshot-reader';
import { freezeResults, frozenResultsByCode, frozenUnitFlags } from './frozen-results';
import { SNAPSHOT_FORMAT, type PublicationSnapshot } from './publication-snapshot';
import { Publication } from './publication.entity';
import { previousValues, type PriorResult } from './previous-year';
import { canCorrect, canPublish } from './publication.can';
import { PublicationMadeRegistry } from './publication-made.registry';
import { SnapshotSectionRegistry } from './snapshot-section.registry';
import { decodedText, snapshotBytes, type SnapshotBytes } from './snapshot-bytes';
import { insertSnapshotChunk, snapshotChunkTexts } from './snapshot-chunks.queries';
import { writeCanonicalChunks, type SnapshotProgress } from './snapshot-writer';
import { toView, type PublicationView } from './publication.view';
import { digestProblem, verifyPublication, type VerifyReport } from './publication-verify';
import { runVerifyProcess } from './verify-process';

/** What a publish or correct request may name beside the run: the analysis to freeze with it (default: the run's latest). */
export interface PublishOptions {
  analysisId?: string;
  /** Told as the snapshot's units (its inputs, then its results) are written: items written, of how many. */
  progress?: SnapshotProgress;
}

/** What a verify refused as busy is told to wait: a commune-scale verify takes a minute or more. */
export const VERIFY_BUSY_RETRY_AFTER_SECONDS = 60;

/** Freezing a run's results as a publication, correcting it by a new version, and proving it unchanged. */
@Injectable()
export class PublicationsService implements OnModuleInit {
  /**
   * One verify at a time in this process and one more waiting, the rest refused (429 VERIFY_BUSY): at 20,000 units ×
   * 400 indicators each holds ~425 MB (its process's peak) for over a minute, and the API's verify is a GET anyone
   * with the admin role can send again and again.
   */
  private readonly verifyGate = new BusyGate(1, 1, () =>
    DomainException.retryLater(ErrorCode.VerifyBusy, 'another publication is being verified', VERIFY_BUSY_RETRY_AFTER_SECONDS),
  );
  /** The verifies running or waiting, by publication: a second ask for the same one shares the first's report. */
  private readonly verifying = new Map<string, Promise<VerifyReport>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly transitions: CycleTransitionRegistry,
    private readonly audit: AuditService,
    private readonly made: PublicationMadeRegistry,
    private readonly sections: SnapshotSectionRegistry,
    private readonly config: AppConfig,
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

  /** The snapshot's bytes as stored (chunks, or the text of a publication made before them), with its sha256 and length. */
  snapshot(id: string): Promise<SnapshotBytes> {
    return snapshotBytes(this.db.manager, id);
  }

  /**
   * What a what-if starts from: the snapshot's framework, run and inputs (its results are skipped, unparsed). The
   * inputs are held; the text never is.
   */
  async snapshotInputs(id: string): Promise<Pick<PublicationSnapshot, 'framework' | 'run' | 'inputs'>> {
    const source = await snapshotBytes(this.db.manager, id);
    const fields: Partial<PublicationSnapshot> = {};
    const units: ScoredUnitInput[] = [];
    await readCanonicalSnapshot(source.text(), {
      field: (key, value) => void ((fields as Record<string, unknown>)[key] = value),
      item: (path, value) => void (path === 'inputs.units' && units.push(value as ScoredUnitInput)),
      parse: (path) => path === 'inputs.units',
    });
    if (!fields.framework || !fields.run) throw new Error(`publication ${id}: its snapshot has no framework or run`);
    return { framework: fields.framework, run: fields.run, inputs: { units } };
  }

  /**
   * The full check (verifyPublication): in a process of its own with a capped heap (VERIFY_HEAP_MB), or here when
   * that is 0 (the tests, which run TypeScript sources); through the verify gate, an ask for a publication already
   * being verified joining that verify. The publication is looked up when its turn comes, or when the gate refuses it.
   */
  verify(id: string): Promise<VerifyReport> {
    const running = this.verifying.get(id);
    if (running) return running;
    const report = this.verifyGate
      .run(() => this.verifyNow(id))
      .catch(async (error: unknown) => {
        // Refused as busy: a publication that does not exist is still a 404, whatever the load.
        if (error instanceof DomainException && error.code === ErrorCode.VerifyBusy) await this.find(id);
        throw error;
      })
      .finally(() => this.verifying.delete(id));
    this.verifying.set(id, report);
    return report;
  }

  /**
   * The scheduled check, light enough for every publication every few hours in the worker that also scores: the
   * snapshot's sha256 (a chunked one's chunks hashed as read, a few at a time; the text of one made before computed
   * by PostgreSQL), the snapshot naming the publication's results hash, and that hash computed again from the frozen
   * rows, a batch at a time. The hash and the sha256 are on the publication's row, which the database refuses to
   * change; the frozen rows were checked against the hash at publish. The units that differ are listed by verify.
   */
  async checkFrozen(id: string): Promise<VerifyReport> {
    const [row]: { sha256: string; results_hash: string; chunked: boolean }[] = await this.db.query(
      'SELECT sha256, results_hash, EXISTS (SELECT 1 FROM publication_snapshot_chunks WHERE publication_id = id) AS chunked FROM publications WHERE id = $1',
      [id],
    );
    if (!row) throw DomainException.notFound('publication', id);
    const named = `"resultsHash":"${row.results_hash}"`;
    let digest: string;
    let namesHash: boolean;
    if (row.chunked) {
      const hash = createHash('sha256');
      const found = new TextFinder(named);
      for await (const text of decodedText(snapshotChunkTexts(this.db.manager, id), hash)) found.read(text);
      digest = hash.digest('hex');
      namesHash = found.found;
    } else {
      // convert_to(..., 'UTF8') is the text's UTF-8 bytes, what sha256Hex hashed at publish (a spec compares them).
      const [text]: { digest: string; names_hash: boolean }[] = await this.db.query(
        `SELECT encode(sha256(convert_to(snapshot, 'UTF8')), 'hex') AS digest, strpos(snapshot, $2) > 0 AS names_hash FROM publications WHERE id = $1`,
        [id, named],
      );
      digest = text.digest;
      namesHash = text.names_hash;
    }
    const problems: string[] = [];
    problems.push(...digestProblem(digest, row.sha256));
    if (!namesHash) problems.push(`the snapshot does not name the publication's results hash ${row.results_hash}`);
    const frozen = await frozenResultsByCode(this.db.manager, id);
    const hash = await hashResultBatches(frozen.count, frozen.batches);
    if (hash !== row.results_hash) {
      problems.push(`the frozen results (${frozen.count}) hash to ${hash}, the publication says ${row.results_hash}: publication:verify lists the units that differ`);
    }
    return { publicationId: id, ok: problems.length === 0, problems };
  }

  private async verifyNow(id: string): Promise<VerifyReport> {
    if (this.config.VERIFY_HEAP_MB === 0) return verifyPublication(this.db, id);
    // A publication that does not exist is refused here (404), without a process started for it.
    await this.find(id);
    return (await runVerifyProcess(id, { heapMb: this.config.VERIFY_HEAP_MB })).report;
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
    // The inputs and the frozen results are read a batch at a time as the snapshot is written, and hashed on the way:
    // at 20,000 units × 400 indicators neither the snapshot's text nor all its units could be held. Each next batch
    // is read (readAhead) while the one before is written, and each chunk stored while the next is made.
    const inputs = await scoreInputBatches(manager, cycle.id);
    const inputsHash = inputsHasher(inputs.head, inputs.count);
    // The rows the public reads will serve are copied first, and the snapshot is made of those very rows: what is
    // served and what is hashed are one copy, whatever happens to score_results later (or meanwhile).
    const id = randomUUID();
    await freezeResults(manager, id, runId);
    const results = await frozenResultsByCode(manager, id);
    const resultsHash = resultsHasher(results.count);
    const framework = await frameworkVersionById(manager, run.frameworkId);
    const previous = await this.previousYear(manager, cycle, await frozenUnitFlags(manager, id));
    // What the features above add (the run's uncertainty analysis), hashed with the rest; none: the snapshot as before.
    const sections = await this.sections.contributions(manager, { publicationId: id, cycleId: cycle.id, runId, analysisId: options.analysisId });
    const snapshot: Omit<PublicationSnapshot, 'inputs' | 'results'> & { inputs: { units: StreamedArray }; results: StreamedArray } = {
      ...Object.fromEntries([...sections].map(([name, c]) => [name, c.value])),
      format: SNAPSHOT_FORMAT,
      // A periodic cycle's period beside its year; a yearly snapshot stays as it always was.
      cycle: { id: cycle.id, year: cycle.year, level: cycle.level, nameVi: cycle.nameVi, ...(cycle.series ? { series: cycle.series, periodIndex: cycle.periodIndex } : {}) },
      version,
      reason,
      framework: { id: framework.id, contentHash: framework.contentHash, document: framework.document },
      run: { id: run.id, inputsHash: run.inputsHash, resultsHash: run.resultsHash, engineVersion: run.engineVersion ?? '', parameters: run.parameters },
      inputs: { units: new StreamedArray('units') },
      results: new StreamedArray('results'),
      previous,
    };
    const written = await writeCanonicalChunks(
      snapshot,
      {
        units: { count: inputs.count, batches: readAhead(inputs.batches), each: (u: ScoredUnitInput) => inputsHash.add(u) },
        results: { count: results.count, batches: readAhead(results.batches), each: (u: UnitScore) => resultsHash.add(u) },
      },
      (seq, bytes) => insertSnapshotChunk(manager, id, seq, bytes),
      options.progress,
    );
    // Checked once written (the transaction then rolls the chunks back): the same refusals as before, in the same order.
    if (inputsHash.digest() !== run.inputsHash) {
      throw DomainException.conflict(`run ${runId} is stale: the cycle's inputs changed after it; ask for a new run and publish that`);
    }
    if (resultsHash.digest() !== run.resultsHash) {
      throw DomainException.conflict(`the stored results of run ${runId} do not match its results hash; run it again`);
    }
    // insert, not save: save would look the given id up first. The snapshot is in its chunks; the text column stays
    // null (it holds the snapshots of publications made before chunks).
    await manager.insert(Publication, {
      id,
      cycleId: cycle.id,
      runId,
      version,
      year: cycle.year,
      level: cycle.level,
      series: cycle.series,
      periodIndex: cycle.periodIndex,
      snapshot: null,
      sha256: written.sha256,
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
  private async previousYear(manager: EntityManager, cycle: CycleRow, results: { unitId: string; ranked: boolean }[]): Promise<PublicationSnapshot['previous']> {
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
  private async find(id: string, manager = this.db.manager): Promise<Publication> {
    const row = await manager.getRepository(Publication).findOneBy({ id });
    if (!row) throw DomainException.notFound('publication', id);
    return row;
  }
}

/** The first occurrence of a text in a text read in pieces (it may straddle two). */
class TextFinder {
  found = false;
  private tail = '';
  constructor(private readonly wanted: string) {}
  read(piece: string): void {
    if (this.found) return;
    const text = this.tail + piece;
    this.found = text.includes(this.wanted);
    this.tail = text.slice(-(this.wanted.length - 1));
  }
}

/** Where the publication before a cycle's is: last year's yearly ranking, or the series' previous month or quarter. */
function previousPeriod(cycle: CycleRow): FindOptionsWhere<Publication> {
  if (!cycle.series || cycle.periodIndex === null) return { year: cycle.year - 1, level: cycle.level, series: IsNull() };
  const periods = cycle.period === 'quarter' ? 4 : 12;
  const first = cycle.periodIndex === 1;
  return { year: first ? cycle.year - 1 : cycle.year, periodIndex: first ? periods : cycle.periodIndex - 1, level: cycle.level, series: cycle.series };
}
