import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { DomainException } from '../../common/domain.exception';
import { InjectFileStorage, type FileStorage, type PutFile } from '../../storage/file-storage';
import { OrphanFilesService } from '../../storage/orphan-files.service';
import { Role } from '../../auth/role';
import { ImportJob, type ImportKind } from '../import-job.entity';
import { toImportJobView, type ImportJobView } from './import-job.view';
import { ImportsProducer } from './imports.producer';

export interface ImportUpload {
  kind: ImportKind;
  cycleId: string;
  unitId: string | null;
  dryRun: boolean;
  fileName: string;
  content: Buffer;
}

/** Uploaded files to be read by a job: stored, recorded, queued; their state and report read back here. */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectFileStorage() private readonly storage: FileStorage,
    private readonly producer: ImportsProducer,
    private readonly audit: AuditService,
    private readonly orphans: OrphanFilesService,
  ) {}

  async create(actor: Actor, upload: ImportUpload): Promise<ImportJobView> {
    const stored = await this.storage.put(Readable.from(upload.content), { maxBytes: upload.content.length });
    // No row, no file: a refusal here (the cycle removed meanwhile, a fault) takes the stored file back.
    const job = await this.insert(actor, upload, stored).catch(async (error: unknown) => {
      await this.orphans.discard(stored).catch(() => false);
      throw error;
    });
    // Queued after the commit, so the worker always finds the row.
    await this.producer.enqueue(job.id);
    return this.get(actor, job.id);
  }

  private insert(actor: Actor, upload: ImportUpload, stored: PutFile): Promise<ImportJob> {
    return this.db.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(ImportJob, {
          kind: upload.kind,
          cycleId: upload.cycleId,
          unitId: upload.unitId,
          dryRun: upload.dryRun,
          fileName: upload.fileName.normalize('NFC').slice(0, 255),
          storageKey: stored.key,
          sizeBytes: String(stored.sizeBytes),
          sha256: stored.sha256,
          createdById: actor.userId,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'import.create',
        entityType: 'import',
        entityId: saved.id,
        after: { kind: upload.kind, cycleId: upload.cycleId, unitId: upload.unitId, dryRun: upload.dryRun, sha256: stored.sha256 },
      });
      return saved;
    });
  }

  /** The imports one person started, of a kind in a cycle, newest first (e.g. a reviewer's workbook uploads). */
  async listOwn(actor: Actor, query: { kind: ImportKind; cycleId: string }, limit = 10): Promise<ImportJobView[]> {
    if (!actor.userId) return [];
    const jobs = await this.db.getRepository(ImportJob).find({
      where: { kind: query.kind, cycleId: query.cycleId, createdById: actor.userId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return jobs.map(toImportJobView);
  }

  /** An import is seen by whoever started it, by admins, and by the officers of the unit it concerns. */
  async get(actor: Actor, id: string): Promise<ImportJobView> {
    const job = await this.db.getRepository(ImportJob).findOneBy({ id });
    const visible =
      job &&
      (actor.role === Role.Admin ||
        job.createdById === actor.userId ||
        (actor.role === Role.Officer && job.unitId !== null && job.unitId === actor.unitId));
    if (!visible) throw DomainException.notFound('import', id);
    return toImportJobView(job);
  }
}
