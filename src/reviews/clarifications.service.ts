import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import type { StoredEvidenceFile } from '../submissions/store-evidence-file';
import type { AddEvidenceDto } from '../submissions/dto/add-evidence.dto';
import { addEvidenceToSubmission, type NewEvidence } from '../submissions/evidence.queries';
import { toEvidenceView, type EvidenceView } from '../submissions/submission.view';
import { Role } from '../auth/role';
import { ClarificationMessage } from './clarification-message.entity';
import { ReviewDecision } from './review-decision.entity';
import { ReviewScope, type ReviewContext } from './review-scope';
import { toMessageView, type MessageView } from './review.view';
import { REVIEWING_PHASES } from './review.can';

export interface ThreadView {
  indicatorCode: string;
  /** A reviewer's current decision on it is "clarify": the officer may answer and add evidence. */
  open: boolean;
  messages: MessageView[];
}

/**
 * The clarification thread on an indicator of a unit: a reviewer asks (a "clarify" decision, or a further message),
 * the unit's officer answers and may add evidence to that indicator although the submission is locked for review;
 * the reviewer then decides. The submission itself is not reopened.
 */
@Injectable()
export class ClarificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: ReviewScope,
    private readonly audit: AuditService,
  ) {}

  async threads(actor: Actor, cycleId: string, unitId: string, indicatorCode?: string): Promise<ThreadView[]> {
    const manager = this.db.manager;
    await this.scope.assertCanSee(manager, actor, cycleId, unitId);
    const where = indicatorCode ? { cycleId, unitId, indicatorCode } : { cycleId, unitId };
    const [messages, clarifying] = await Promise.all([
      manager.find(ClarificationMessage, { where, order: { createdAt: 'ASC', id: 'ASC' } }),
      manager.findBy(ReviewDecision, { ...where, decision: 'clarify' }),
    ]);
    const codes = [...new Set([...messages.map((m) => m.indicatorCode), ...clarifying.map((d) => d.indicatorCode)])].sort();
    return codes.map((code) => ({
      indicatorCode: code,
      open: clarifying.some((d) => d.indicatorCode === code),
      messages: messages.filter((m) => m.indicatorCode === code).map(toMessageView),
    }));
  }

  async post(actor: Actor, cycleId: string, unitId: string, indicatorCode: string, body: string): Promise<MessageView> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      this.scope.leaf(ctx, indicatorCode);
      await this.assertMayWrite(manager, actor, ctx, unitId, indicatorCode);
      const message = await this.insert(manager, actor, cycleId, unitId, indicatorCode, body.normalize('NFC'), null);
      await this.audit.record(manager, actor, { action: 'review.clarification', entityType: 'clarification', entityId: message.id, unitId, after: toMessageView(message) });
      return toMessageView(message);
    });
  }

  /**
   * The officer adds a citation, a link or an uploaded file to the indicator in question, with a message. The
   * evidence is part of the submission, so the submission gets a new version as with any other evidence change: a
   * client holding the old ETag learns that it changed. No If-Match is asked for (the officer cannot write the locked
   * submission otherwise, and an addition loses nothing); the row is locked so that the bump never conflicts.
   */
  async addEvidence(
    actor: Actor,
    cycleId: string,
    unitId: string,
    indicatorCode: string,
    evidence: { reference?: AddEvidenceDto; file?: { originalName: string; stored: StoredEvidenceFile } },
  ): Promise<{ evidence: EvidenceView; message: MessageView; submissionVersion: number }> {
    return this.db.transaction(async (manager) => {
      const ctx = await this.scope.context(manager, cycleId);
      const leaf = this.scope.leaf(ctx, indicatorCode);
      if (actor.role !== Role.Officer) throw DomainException.forbidden('only the unit\'s officer adds evidence');
      await this.assertMayWrite(manager, actor, ctx, unitId, indicatorCode);
      if (leaf.evidence === 'none') {
        throw new DomainException(ErrorCode.UnprocessableEntity, `indicatorCode: ${indicatorCode} takes no evidence`, [
          { field: 'indicatorCode', rule: 'takesEvidence', message: `${indicatorCode} takes no evidence` },
        ]);
      }
      const { reference: dto, file } = evidence;
      const values: NewEvidence = file
        ? {
            kind: 'file',
            fileName: file.originalName.normalize('NFC').slice(0, 255),
            mimeType: file.stored.type.mime,
            sizeBytes: String(file.stored.sizeBytes),
            sha256: file.stored.sha256,
            storageKey: file.stored.key,
          }
        : {
            kind: dto!.kind,
            documentNumber: dto!.kind === 'citation' ? (dto!.documentNumber ?? null) : null,
            documentTitle: dto!.kind === 'citation' ? (dto!.documentTitle ?? null) : null,
            issuedOn: dto!.kind === 'citation' ? (dto!.issuedOn ?? null) : null,
            summary: dto!.summary ?? null,
            url: dto!.kind === 'link' ? (dto!.url ?? null) : null,
            label: dto!.label ?? null,
          };
      const { row, submissionVersion } = await addEvidenceToSubmission(manager, cycleId, unitId, { indicatorCode, createdById: actor.userId, values });
      const body = file ? `Bổ sung minh chứng: ${row.fileName}` : `Bổ sung minh chứng: ${row.documentNumber ?? row.url ?? row.label ?? row.kind}`;
      const message = await this.insert(manager, actor, cycleId, unitId, indicatorCode, body, row.id);
      await this.audit.record(manager, actor, {
        action: 'evidence.add',
        entityType: 'evidence',
        entityId: row.id,
        unitId,
        after: { ...toEvidenceView(row), via: 'clarification', messageId: message.id, submissionVersion },
      });
      return { evidence: toEvidenceView(row), message: toMessageView(message), submissionVersion };
    });
  }

  /** Reviewers assigned to the unit write while the cycle is in review; its officer only into an open thread. */
  private async assertMayWrite(manager: EntityManager, actor: Actor, ctx: ReviewContext, unitId: string, indicatorCode: string): Promise<void> {
    if (actor.role === Role.Officer) {
      if (actor.unitId !== unitId) throw DomainException.forbidden('an officer writes only about its own unit');
    } else {
      await this.scope.assertReviewer(manager, actor, ctx.cycle.id, unitId);
    }
    this.scope.assertPhase(ctx, ...REVIEWING_PHASES);
    if (actor.role === Role.Officer) {
      const open = await manager.exists(ReviewDecision, { where: { cycleId: ctx.cycle.id, unitId, indicatorCode, decision: 'clarify' } });
      if (!open) throw DomainException.conflict(`no reviewer asks for a clarification of ${indicatorCode}: the thread is closed`);
    }
  }

  private async insert(manager: EntityManager, actor: Actor, cycleId: string, unitId: string, indicatorCode: string, body: string, evidenceId: string | null): Promise<ClarificationMessage> {
    const saved = await manager.save(
      manager.create(ClarificationMessage, { cycleId, unitId, indicatorCode, authorId: actor.userId, authorRole: actor.role, body, evidenceId }),
    );
    return manager.findOneByOrFail(ClarificationMessage, { id: saved.id });
  }
}
