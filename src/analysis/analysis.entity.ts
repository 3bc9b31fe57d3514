import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { AnalysisRequestSpec, AnalysisResult } from './analysis-result';

export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * One uncertainty and sensitivity analysis of a score run (issue #22), computed by a job on the `analysis` queue.
 * Its business key is the run and the spec's hash: the same analysis asked twice is one row and one job; the same
 * run under other sources, samples or seed is another analysis.
 */
@Entity('analyses')
@Unique('uq_analyses_run_spec', ['runId', 'specHash'])
@Index('ix_analyses_cycle', ['cycleId', 'createdAt'])
export class Analysis {
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

  /** The request with every default filled in (analysis-spec.ts): what the result's `spec` says too. */
  @Column({ type: 'jsonb' })
  spec: AnalysisRequestSpec;

  /** canonicalHash of the spec: with the run, the business key. */
  @Column({ type: 'char', length: 64 })
  specHash: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: AnalysisStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'jsonb', nullable: true })
  result: AnalysisResult | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The publication that froze this analysis in its snapshot (set by publications), else null. */
  @Column({ type: 'uuid', nullable: true })
  publicationId: string | null;
}
