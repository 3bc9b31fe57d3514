import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportReport } from './import-report';

export type ImportKind = 'template' | 'system_values' | 'review_workbook';
/** succeeded: applied (or, in a dry run, would apply); rejected: the file has problems, nothing applied; failed: an error of ours. */
export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';

// The report's types are the feature's view of an import, read by other features and the pages without the entity.
export type { ImportProblem, ImportReport } from './import-report';

/** An uploaded file parsed by a job on the `imports` queue; its state and report are read through the API. */
@Entity('import_jobs')
@Index('ix_import_jobs_cycle', ['cycleId'])
// The orphan sweep and a refused upload look files up by key (OrphanFilesService).
@Index('ix_import_jobs_storage_key', ['storageKey'])
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ImportKind;

  @Column({ type: 'uuid' })
  cycleId: string;

  /** The unit whose submission a template fills; null for imports across units. */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ImportStatus;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'bigint' })
  sizeBytes: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'jsonb', nullable: true })
  report: ImportReport | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
