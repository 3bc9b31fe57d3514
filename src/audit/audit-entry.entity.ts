import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One state change: who, when, what, on which entity, before and after. Written in the change's transaction. */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entityType', 'entityId'])
@Index('ix_audit_log_at', ['at'])
@Index('ix_audit_log_actor', ['actorId'])
@Index('ix_audit_log_unit', ['unitId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** Null when the change was made by the system (the CLI, a job). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The actor's e-mail at the time, or "cli", "worker". */
  @Column({ type: 'varchar', length: 254 })
  actorLabel: string;

  /** e.g. unit.create, user.disable. */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64 })
  entityId: string;

  /** The unit the change is about (the unit itself, a submission's, an assignment's), so the log filters by unit. */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
