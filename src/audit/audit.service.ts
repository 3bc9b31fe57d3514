import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { parseVietnamTime } from '../common/clock';
import type { Page } from '../common/pagination.dto';
import { AuditEntry } from './audit-entry.entity';
import { AUDIT_ACTION, type ListAuditQuery } from './dto/list-audit.query';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

/** JSON-safe copy: dates as ISO strings, no secrets. */
function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  delete plain.passwordHash;
  return plain;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Records a change inside the caller's transaction, so the change and its record commit or fail together. */
  async record(manager: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
    // The log's filter accepts this shape only: an action outside it could never be found again.
    if (!AUDIT_ACTION.test(change.action)) throw new Error(`audit action ${JSON.stringify(change.action)} is not dotted segments of a-z, 0-9, _ and -`);
    await manager.insert(AuditEntry, {
      // jsonb columns take plain objects; TypeORM's deep-partial typing cannot say so.
      actorId: actor.userId,
      actorLabel: actor.label,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: snapshot(change.before) as never,
      after: snapshot(change.after) as never,
      requestId: actor.requestId ?? null,
    });
  }

  async list(query: ListAuditQuery): Promise<Page<AuditEntry>> {
    const qb = this.entries.createQueryBuilder('a');
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    // Read here as everywhere (a time without an offset is Vietnam time), not by PostgreSQL's session time zone.
    if (query.from) qb.andWhere('a.at >= :from', { from: parseVietnamTime(query.from) });
    if (query.to) qb.andWhere('a.at < :to', { to: parseVietnamTime(query.to) });
    const [items, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
