import { Injectable, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { canonicalHash } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { findCycleRow } from '../cycles/cycles.queries';
import { InjectFileStorage, type FileStorage } from '../storage/file-storage';
import { publicationUnitId } from '../publications/publication-results.queries';
import { findPublicationRow, publicationIdsOfCycle, type PublicationRow } from '../publications/publications.queries';
import { assertRankedLevel, isRankedLevel, PublicResultsService } from '../publications/public-results.service';
import { PublicationMadeRegistry } from '../publications/publication-made.registry';
import { Role } from '../auth/role';
import { cycleDataStamp } from '../submissions/cycle-data.queries';
import { unitsLastChange } from '../units/units.queries';
import type { CreateExportDto } from './dto/create-export.dto';
import { ExportJob, type ExportKind } from './export-job.entity';
import { toExportJobView, type ExportJobView } from './export-job.view';
import { ExportsProducer } from './exports.producer';

/** Whoever asks through the public ranking-workbook address: nobody signed in. */
const PUBLIC_ACTOR: Actor = { userId: null, label: 'public', role: 'system', unitId: null };

/**
 * How long the public workbook address waits for a workbook still being made before it answers 202. Workbooks are
 * made when a publication is made, so only a reader who clicks in the first seconds after publishing (or after a
 * failure) waits; a provincial workbook takes a second or two, and a reader expects a click to give the file, not a
 * status to come back for. Below the 30 s a proxy usually allows.
 */
const PUBLIC_WAIT_MS = 20_000;
const PUBLIC_POLL_MS = 250;

export interface ExportRequest {
  kind: ExportKind;
  publicationId?: string;
  unitCode?: string;
  cycleId?: string;
}

export interface ExportFile {
  stream: Readable;
  fileName: string;
  sizeBytes: number;
}

/** Which parameters each kind takes: all of them required, no others. */
const KIND_PARAMS: Record<ExportKind, (keyof ExportRequest)[]> = {
  ranking: ['publicationId'],
  score_card: ['publicationId', 'unitCode'],
  cycle_data: ['cycleId'],
};

/**
 * Workbooks made on the exports queue. One export is one row, keyed by the sha256 of its kind and parameters: the
 * same export asked twice (by anyone) is made once, and its file is downloaded by whoever may read it.
 *
 * Who may ask for and read what:
 *  - ranking (a publication's ranking): anyone signed in (it is public data; see also the public workbook route);
 *  - score_card (a unit's score card, which shows the unit's own answers): admins, and the officers of that unit;
 *  - cycle_data (every answer, value and piece of evidence of a cycle): admins only.
 * A cycle's data changes while it is open, so cycle_data's key also holds a data version (counts and last changes of
 * the answers, system values, evidence and submissions): asked again after a change, it is a new export.
 */
@Injectable()
export class ExportsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly producer: ExportsProducer,
    private readonly audit: AuditService,
    private readonly publicResults: PublicResultsService,
    private readonly published: PublicationMadeRegistry,
  ) {}

  onModuleInit(): void {
    // A ranking's public workbook is made as it is published, by whoever published it: ready for the first reader. A
    // month of a monitored series is not: a series publishes dozens of months, whose workbooks are asked for when wanted.
    this.published.register(async (actor, publication) => {
      if (isRankedLevel(publication.level) && publication.series === null) await this.request(actor, { kind: 'ranking', publicationId: publication.id });
    });
  }

  async request(actor: Actor, dto: CreateExportDto | ExportRequest): Promise<{ job: ExportJobView; created: boolean }> {
    const params = this.paramsOf(dto);
    switch (dto.kind) {
      case 'ranking':
        await this.publicationOrFail(params.publicationId);
        break;
      case 'score_card': {
        const unitId = await this.scoreCardUnit(params.publicationId, params.unitCode);
        this.assertScoreCardAccess(actor, unitId);
        break;
      }
      case 'cycle_data':
        if (actor.role !== Role.Admin) throw DomainException.forbidden('only admins may export the data of a cycle');
        params.dataVersion = await this.cycleDataVersion(params.cycleId);
        break;
    }
    const requestKey = canonicalHash({ kind: dto.kind, params });
    const created = await this.db.transaction(async (manager) => {
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO export_jobs (kind, params, request_key, requested_by_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (request_key) DO NOTHING RETURNING id`,
        [dto.kind, params, requestKey, actor.userId],
      );
      if (inserted.length === 0) return false;
      await this.audit.record(manager, actor, { action: 'export.request', entityType: 'export', entityId: inserted[0].id, after: { kind: dto.kind, params } });
      return true;
    });
    let job = await this.db.getRepository(ExportJob).findOneByOrFail({ requestKey });
    if (job.status === 'failed' || (job.status === 'running' && (await this.producer.isStranded(requestKey)))) {
      // Asked again after a failure (or one never recorded: see isStranded): made anew.
      const reset = await this.db
        .getRepository(ExportJob)
        .update({ id: job.id, status: job.status }, { status: 'queued', progress: 0, error: null, finishedAt: null });
      if (reset.affected) job = await this.db.getRepository(ExportJob).findOneByOrFail({ id: job.id });
    }
    // Queued after the commit so that the worker finds the row; also re-queues an export whose enqueue was lost.
    if (job.status === 'queued') await this.producer.ensureQueued(job.id, requestKey);
    return { job: toExportJobView(job), created };
  }

  async get(actor: Actor, id: string): Promise<ExportJobView> {
    return toExportJobView(await this.visible(actor, id));
  }

  /**
   * The latest exports, newest first, for the administrators' page: all of them, or those of one cycle (its data
   * export and the ranking and score cards of its publications). Admins only: an officer sees its own exports by id.
   */
  async list(actor: Actor, options: { cycleId?: string; limit?: number } = {}): Promise<ExportJobView[]> {
    if (actor.role !== Role.Admin) throw DomainException.forbidden('only admins may list exports');
    const qb = this.db.getRepository(ExportJob).createQueryBuilder('j');
    if (options.cycleId) {
      const publicationIds = await publicationIdsOfCycle(this.db.manager, options.cycleId);
      qb.where(`(j.params->>'cycleId' = :cycleId OR j.params->>'publicationId' = ANY(CAST(:publicationIds AS text[])))`, { cycleId: options.cycleId, publicationIds });
    }
    const jobs = await qb
      .orderBy('j.createdAt', 'DESC')
      .addOrderBy('j.id', 'ASC')
      .take(Math.min(Math.max(options.limit ?? 50, 1), 200))
      .getMany();
    return jobs.map(toExportJobView);
  }

  /** The made file; 409 while it is still being made (or failed). */
  async download(actor: Actor, id: string): Promise<ExportFile> {
    return this.fileOf(await this.visible(actor, id));
  }

  /**
   * The ranking workbook of the latest version of a published year and level, for anyone: the file once made (it
   * is asked for at publication, and again here if it is not there or failed), waiting up to PUBLIC_WAIT_MS while
   * it is being made; else the export's state. 404 when nothing is published.
   */
  async publicRankingWorkbook(year: number, level: string): Promise<{ file: ExportFile | null; job: ExportJobView }> {
    assertRankedLevel(year, level);
    const publication = await this.publicResults.publication(year, level);
    let { job } = await this.request(PUBLIC_ACTOR, { kind: 'ranking', publicationId: publication.id });
    const until = Date.now() + PUBLIC_WAIT_MS;
    while ((job.status === 'queued' || job.status === 'running') && Date.now() < until) {
      await sleep(PUBLIC_POLL_MS);
      job = toExportJobView(await this.db.getRepository(ExportJob).findOneByOrFail({ id: job.id }));
    }
    if (job.status !== 'succeeded') return { file: null, job };
    return { file: await this.fileOf(await this.db.getRepository(ExportJob).findOneByOrFail({ id: job.id })), job };
  }

  private async fileOf(job: ExportJob): Promise<ExportFile> {
    if (job.status !== 'succeeded' || !job.storageKey || !job.fileName) {
      throw DomainException.conflict(`export ${job.id} is ${job.status}, not ready to download`, { status: job.status, progress: job.progress });
    }
    return { stream: await this.storage.open(job.storageKey), fileName: job.fileName, sizeBytes: Number(job.sizeBytes) };
  }

  /** An export its reader may see, else 404 (an officer is not told that another unit's score card exists). */
  private async visible(actor: Actor, id: string): Promise<ExportJob> {
    const job = await this.db.getRepository(ExportJob).findOneBy({ id });
    if (!job) throw DomainException.notFound('export', id);
    try {
      if (job.kind === 'cycle_data' && actor.role !== Role.Admin) throw DomainException.forbidden('admins only');
      if (job.kind === 'score_card') this.assertScoreCardAccess(actor, await this.scoreCardUnit(job.params.publicationId, job.params.unitCode));
    } catch (error) {
      if (error instanceof DomainException) throw DomainException.notFound('export', id);
      throw error;
    }
    return job;
  }

  private paramsOf(dto: ExportRequest): Record<string, string> {
    const wanted = KIND_PARAMS[dto.kind];
    const problems = (['publicationId', 'unitCode', 'cycleId'] as const).flatMap((field) => {
      const given = dto[field] !== undefined && dto[field] !== null;
      if (wanted.includes(field) && !given) return [{ field, rule: 'required', message: `${field} is required for a ${dto.kind} export` }];
      if (!wanted.includes(field) && given) return [{ field, rule: 'forbidden', message: `${field} is not a parameter of a ${dto.kind} export` }];
      return [];
    });
    if (problems.length) throw DomainException.validation(problems);
    return Object.fromEntries(wanted.map((field) => [field, String(dto[field])]));
  }

  private async publicationOrFail(id: string): Promise<PublicationRow> {
    const publication = await findPublicationRow(this.db.manager, id);
    if (!publication) throw DomainException.notFound('publication', id);
    return publication;
  }

  /** The unit id of a unit code in a publication; 404 if the publication or the unit in it does not exist. */
  private async scoreCardUnit(publicationId: string, unitCode: string): Promise<string> {
    const publication = await this.publicationOrFail(publicationId);
    const unitId = await publicationUnitId(this.db.manager, publication.id, unitCode);
    if (!unitId) throw DomainException.notFound('unit', `${unitCode} in publication ${publicationId}`);
    return unitId;
  }

  private assertScoreCardAccess(actor: Actor, unitId: string): void {
    if (actor.role === Role.Admin) return;
    if (actor.role === Role.Officer && actor.unitId === unitId) return;
    throw DomainException.forbidden(
      actor.role === Role.Officer ? "an officer may only export its own unit's score card" : 'only admins and the officers of the unit may export a score card',
    );
  }

  /** What changes when a cycle's data does: counts and last changes of what the cycle_data workbook shows. */
  private async cycleDataVersion(cycleId: string): Promise<string> {
    if (!(await findCycleRow(this.db.manager, cycleId))) throw DomainException.notFound('cycle', cycleId);
    const stamp = { ...(await cycleDataStamp(this.db.manager, cycleId)), units: await unitsLastChange(this.db.manager) };
    return canonicalHash(stamp).slice(0, 16);
  }
}
