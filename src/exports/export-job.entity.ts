import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ExportKind = 'ranking' | 'score_card' | 'cycle_data';
export type ExportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A workbook made by a job on the `exports` queue, downloaded through the API once done. */
@Entity('export_jobs')
@Index('ix_export_jobs_created', ['createdAt'])
// The orphan sweep looks files up by key (OrphanFilesService).
@Index('ix_export_jobs_storage_key', ['storageKey'], { where: 'storage_key IS NOT NULL' })
export class ExportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ExportKind;

  /** What to export: { publicationId } for a ranking, { publicationId, unitCode } for a score card, { cycleId } for data. */
  @Column({ type: 'jsonb' })
  params: Record<string, string>;

  /** sha256 of kind + params: the same export asked twice is one job. */
  @Column({ type: 'char', length: 64, unique: true })
  requestKey: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ExportStatus;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  storageKey: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
