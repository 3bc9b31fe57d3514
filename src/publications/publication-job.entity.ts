import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Actor } from '../auth/actor';

export type PublicationJobKind = 'publish' | 'correct';
export type PublicationJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * One request to publish a cycle or correct its publication, done by a job on the `publication` queue (issue #23:
 * freezing a commune-scale run takes tens of seconds, longer than a request should). Its business key is what it
 * asks for and the version it makes: the same request twice is one row and one job, so one publication.
 */
@Entity('publication_jobs')
@Index('ix_publication_jobs_cycle', ['cycleId', 'createdAt'])
export class PublicationJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  // The cycles and scoring features' tables, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'uuid' })
  runId: string;

  @ManyToOne('ScoreRun', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: { id: string };

  @Column({ type: 'varchar', length: 16 })
  kind: PublicationJobKind;

  /** The version it makes: 1 to publish, the latest one's next when it was asked for to correct. */
  @Column({ type: 'int' })
  version: number;

  /** A correction's reason; null to publish. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The analysis named to freeze with the run; null: the run's latest succeeded one, if any. */
  @Column({ type: 'uuid', nullable: true })
  analysisId: string | null;

  /** sha256 of cycle, kind, run, version, reason and analysis: the same request twice is one job. */
  @Column({ type: 'char', length: 64, unique: true })
  requestKey: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: PublicationJobStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  /** Why it failed: the refusal's error code (ErrorCode: CONFLICT for a stale run), as the request would have answered. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** A refusal's details (the fields and rules of a 400), as the request would have answered them. */
  @Column({ type: 'jsonb', nullable: true })
  errorDetails: object | null;

  @Column({ type: 'uuid', nullable: true })
  publicationId: string | null;

  /** Who asked: the job publishes as them (the audit log names them, as when publishing was a request). */
  @Column({ type: 'jsonb' })
  actor: Actor;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
