import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ScoreRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * One scoring of a cycle's inputs. The inputs hash is its business key: the same inputs give the same run, never
 * two; changed inputs give a new run.
 */
@Entity('score_runs')
@Unique('uq_score_runs_cycle_inputs', ['cycleId', 'inputsHash'])
@Index('ix_score_runs_cycle', ['cycleId', 'createdAt'])
export class ScoreRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  /** contentHash of the run's inputs (framework, units, answers, parameters): src/common/content-hash.ts. */
  @Column({ type: 'char', length: 64 })
  inputsHash: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ScoreRunStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'uuid' })
  frameworkId: string;

  @Column({ type: 'varchar', length: 80 })
  frameworkVersion: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  engineVersion: string | null;

  @Column({ type: 'jsonb' })
  parameters: Record<string, unknown>;

  @Column({ type: 'int', default: 0 })
  unitCount: number;

  /** contentHash of the results: equal for equal inputs, whichever workers computed them. */
  @Column({ type: 'char', length: 64, nullable: true })
  resultsHash: string | null;

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

  @Column({ type: 'int', nullable: true })
  durationMs: number | null;
}
