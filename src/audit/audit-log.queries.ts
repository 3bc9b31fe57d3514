import type { AuditAction } from './audit-actions';
import { AUDIT_ACTION } from './dto/list-audit.query';

/** SQL expressions (or parameters) of one audit entry's columns, for auditEntryInsertSql. */
export interface AuditEntrySql {
  actorId: string;
  actorLabel: string;
  entityType: string;
  entityId: string;
  unitId: string;
  before: string;
  after: string;
  requestId: string;
}

/**
 * SQL for a data-modifying CTE of another feature's write: `INSERT INTO audit_log … SELECT <columns> FROM <from>`,
 * one entry per row of `from`, so that a change whose record needs what the change returned (a save's answers as
 * stored) is written with its record in one statement (AuditService.record's entry, one round trip less). The
 * caller gives each column as SQL: `before` and `after` as jsonb (no secret in them: record's snapshot drops a
 * password hash, and these are built from the change's own columns), `unitId` the unit the change is about.
 */
export function auditEntryInsertSql(action: AuditAction, entry: AuditEntrySql, from: string): string {
  // The log's filter accepts this shape only: an action outside it could never be found again (as record checks).
  if (!AUDIT_ACTION.test(action)) throw new Error(`audit action ${JSON.stringify(action)} is not dotted segments of a-z, 0-9, _ and -`);
  return `INSERT INTO audit_log (actor_id, actor_label, action, entity_type, entity_id, unit_id, before, after, request_id)
          SELECT ${entry.actorId}, ${entry.actorLabel}, '${action}', ${entry.entityType}, ${entry.entityId}, ${entry.unitId}, ${entry.before},
                 ${entry.after}, ${entry.requestId}
            FROM ${from}`;
}
