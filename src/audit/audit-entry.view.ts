/** An audit entry as other folders read it (the pages, the export): the entity's fields, without the entity. */
export interface AuditEntryView {
  id: string;
  at: Date;
  actorId: string | null;
  /** The actor's e-mail at the time, or "cli", "worker". */
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  unitId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}
