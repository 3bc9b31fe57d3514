import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { parseVietnamTime } from '../common/clock';
import type { Page } from '../common/pagination.dto';
import { AuditEntry } from './audit-entry.entity';
import type { AuditAction } from './audit-actions';
import { AUDIT_ACTION, type AuditFilters, type ListAuditQuery } from './dto/list-audit.query';

export interface AuditChange {
  action: AuditAction;
  entityType: string;
  entityId: string;
  /** The unit the change is about, when the entity is not the unit and before/after do not name it (a submission). */
  unitId?: string | null;
  before?: object | null;
  after?: object | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The unit an entry is about, so the log can be filtered by unit: said by the caller, the entity, or before/after. */
function unitOf(change: AuditChange): string | null {
  const named = [change.unitId, change.entityType === 'unit' ? change.entityId : null, (change.after as { unitId?: unknown } | null)?.unitId, (change.before as { unitId?: unknown } | null)?.unitId];
  const found = named.find((id) => typeof id === 'string' && UUID.test(id));
  return (found as string | undefined) ?? null;
}

/** Where an export of the log stops: a larger one is refused with the count, asking for narrower filters. */
export const AUDIT_EXPORT_MAX_ROWS = 20_000;

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
      unitId: unitOf(change),
      before: snapshot(change.before) as never,
      after: snapshot(change.after) as never,
      requestId: actor.requestId ?? null,
    });
  }

  async list(query: ListAuditQuery): Promise<Page<AuditEntry>> {
    const [items, total] = await this.filtered(query)
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Every entry the filters match, newest first, or only their count when there are more than `max`. */
  async all(filters: AuditFilters, max = AUDIT_EXPORT_MAX_ROWS): Promise<{ items: AuditEntry[]; total: number }> {
    const total = await this.filtered(filters).getCount();
    if (total > max) return { items: [], total };
    return { items: await this.filtered(filters).orderBy('a.id', 'DESC').getMany(), total };
  }

  /** The people and units the log names (for the filters' pickers), so no picker offers one that finds nothing. */
  async named(): Promise<{ actorIds: string[]; unitIds: string[] }> {
    const [actorIds, unitIds] = await Promise.all([this.distinct('actor_id'), this.distinct('unit_id')]);
    return { actorIds, unitIds };
  }

  /**
   * The distinct values of an indexed column, one index probe each (a loose index scan): the log grows with every
   * autosave, and a plain DISTINCT would read all of its index on every page of the log.
   */
  private async distinct(column: 'actor_id' | 'unit_id'): Promise<string[]> {
    const rows: { id: string }[] = await this.entries.query(
      `WITH RECURSIVE ids AS (
         (SELECT ${column} AS id FROM audit_log WHERE ${column} IS NOT NULL ORDER BY ${column} LIMIT 1)
         UNION ALL
         SELECT (SELECT ${column} FROM audit_log WHERE ${column} > ids.id ORDER BY ${column} LIMIT 1) FROM ids WHERE ids.id IS NOT NULL
       ) SELECT id FROM ids WHERE id IS NOT NULL`,
    );
    return rows.map((r) => r.id);
  }

  private filtered(query: AuditFilters) {
    const qb = this.entries.createQueryBuilder('a');
    if (query.entityType) qb.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.unitId) qb.andWhere('a.unit_id = :unitId', { unitId: query.unitId });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    // Read here as everywhere (a time without an offset is Vietnam time), not by PostgreSQL's session time zone.
    if (query.from) qb.andWhere('a.at >= :from', { from: parseVietnamTime(query.from) });
    if (query.to) qb.andWhere('a.at < :to', { to: parseVietnamTime(query.to) });
    return qb;
  }
}
