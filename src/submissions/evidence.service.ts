import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { updateAtVersion } from '../common/optimistic-update';
import { InjectFileStorage, type FileStorage } from '../storage/file-storage';
import type { StoredEvidenceFile } from './store-evidence-file';
import { leafIndex } from '../frameworks/framework-tree';
import type { AddEvidenceDto } from './dto/add-evidence.dto';
import { Evidence } from './evidence.entity';
import { Submission } from './submission.entity';
import { toEvidenceView, type EvidenceView } from './submission.view';
import { SubmissionsService, type SubmissionContext } from './submissions.service';

export interface EvidenceDownload {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  stream: Readable;
}

/** Evidence of a submission's indicators: each change is a submission write (window, lock, version). */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly submissions: SubmissionsService,
    private readonly audit: AuditService,
    @InjectFileStorage() private readonly storage: FileStorage,
  ) {}

  async list(actor: Actor, cycleId: string, unitId: string): Promise<EvidenceView[]> {
    await this.submissions.assertCanRead(this.db.manager, actor, cycleId, unitId);
    const { submission } = await this.db.transaction((m) => this.submissions.context(m, cycleId, unitId));
    const rows = await this.db.getRepository(Evidence).find({ where: { submissionId: submission.id }, order: { createdAt: 'ASC' } });
    return rows.map(toEvidenceView);
  }

  async addReference(actor: Actor, cycleId: string, unitId: string, version: number, dto: AddEvidenceDto): Promise<EvidenceView> {
    return this.write(actor, cycleId, unitId, version, dto.indicatorCode, (submissionId) => ({
      submissionId,
      indicatorCode: dto.indicatorCode,
      kind: dto.kind,
      documentNumber: dto.kind === 'citation' ? (dto.documentNumber ?? null) : null,
      documentTitle: dto.kind === 'citation' ? (dto.documentTitle ?? null) : null,
      issuedOn: dto.kind === 'citation' ? (dto.issuedOn ?? null) : null,
      summary: dto.summary ?? null,
      url: dto.kind === 'link' ? (dto.url ?? null) : null,
      label: dto.label ?? null,
      createdById: actor.userId,
    }));
  }

  /** Records an uploaded file already stored (and type-checked) by the upload's storage engine. */
  async addFile(
    actor: Actor,
    cycleId: string,
    unitId: string,
    version: number,
    indicatorCode: string,
    originalName: string,
    stored: StoredEvidenceFile,
  ): Promise<EvidenceView> {
    return this.write(actor, cycleId, unitId, version, indicatorCode, (submissionId) => ({
      submissionId,
      indicatorCode,
      kind: 'file',
      // The name is the user's; the type is what the content is, whatever the name says.
      fileName: originalName.normalize('NFC').slice(0, 255),
      mimeType: stored.type.mime,
      sizeBytes: String(stored.sizeBytes),
      sha256: stored.sha256,
      storageKey: stored.key,
      createdById: actor.userId,
    }));
  }

  async remove(actor: Actor, cycleId: string, unitId: string, version: number, evidenceId: string): Promise<void> {
    this.submissions.assertOwnOfficer(actor, unitId);
    await this.db.transaction(async (manager) => {
      const ctx = await this.submissions.context(manager, cycleId, unitId, { write: true });
      this.submissions.assertWritable(ctx);
      const row = await manager.findOne(Evidence, { where: { id: evidenceId, submissionId: ctx.submission.id } });
      if (!row) throw DomainException.notFound('evidence', evidenceId);
      await updateAtVersion(manager, Submission, ctx.submission.id, version, {});
      await manager.delete(Evidence, { id: evidenceId });
      await this.audit.record(manager, actor, { action: 'evidence.delete', entityType: 'evidence', entityId: evidenceId, unitId, before: toEvidenceView(row) });
    });
  }

  async download(actor: Actor, cycleId: string, unitId: string, evidenceId: string): Promise<EvidenceDownload> {
    await this.submissions.assertCanRead(this.db.manager, actor, cycleId, unitId);
    const row = await this.db
      .getRepository(Evidence)
      .createQueryBuilder('e')
      .innerJoin(Submission, 's', 's.id = e.submission_id')
      .where('e.id = :evidenceId AND s.cycle_id = :cycleId AND s.unit_id = :unitId', { evidenceId, cycleId, unitId })
      .getOne();
    if (!row || row.kind !== 'file' || !row.storageKey) throw DomainException.notFound('evidence file', evidenceId);
    return {
      fileName: row.fileName ?? 'evidence',
      mimeType: row.mimeType ?? 'application/octet-stream',
      sizeBytes: Number(row.sizeBytes),
      stream: await this.storage.open(row.storageKey),
    };
  }

  private async write(
    actor: Actor,
    cycleId: string,
    unitId: string,
    version: number,
    indicatorCode: string,
    build: (submissionId: string) => Partial<Evidence>,
  ): Promise<EvidenceView> {
    this.submissions.assertOwnOfficer(actor, unitId);
    return this.db.transaction(async (manager) => {
      const ctx = await this.submissions.context(manager, cycleId, unitId, { write: true });
      this.submissions.assertWritable(ctx);
      this.assertIndicator(ctx, indicatorCode);
      await updateAtVersion(manager, Submission, ctx.submission.id, version, {});
      const row = await this.insert(manager, build(ctx.submission.id));
      await this.audit.record(manager, actor, { action: 'evidence.add', entityType: 'evidence', entityId: row.id, unitId, after: toEvidenceView(row) });
      return toEvidenceView(row);
    });
  }

  private assertIndicator(ctx: SubmissionContext, indicatorCode: string): void {
    const leaf = leafIndex(ctx.framework).get(indicatorCode)?.node;
    if (!leaf) {
      throw new DomainException(ErrorCode.UnprocessableEntity, `indicatorCode: ${indicatorCode} is not an indicator of this cycle`, [
        { field: 'indicatorCode', rule: 'exists', message: `${indicatorCode} is not an indicator of ${ctx.framework.code} ${ctx.framework.version}` },
      ]);
    }
    if (leaf.evidence === 'none') {
      throw new DomainException(ErrorCode.UnprocessableEntity, `indicatorCode: ${indicatorCode} takes no evidence`, [
        { field: 'indicatorCode', rule: 'takesEvidence', message: `${indicatorCode} takes no evidence` },
      ]);
    }
  }

  private async insert(manager: EntityManager, values: Partial<Evidence>): Promise<Evidence> {
    const saved = await manager.save(manager.create(Evidence, values));
    return manager.findOneByOrFail(Evidence, { id: saved.id });
  }
}
