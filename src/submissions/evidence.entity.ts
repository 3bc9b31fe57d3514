import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

export type EvidenceKind = 'file' | 'citation' | 'link';

/**
 * Evidence for one indicator of a submission: an uploaded file (kept with its sha256 behind the storage
 * interface), a citation of a document (số hiệu, tên văn bản, ngày ban hành, trích yếu), or a link.
 */
@Entity('evidence')
@Index('ix_evidence_submission_indicator', ['submissionId', 'indicatorCode'])
// The orphan sweep and a refused upload look files up by key (OrphanFilesService).
@Index('ix_evidence_storage_key', ['storageKey'], { where: 'storage_key IS NOT NULL' })
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  submissionId: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @Column({ type: 'varchar', length: 16 })
  kind: EvidenceKind;

  // kind = file
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  @Column({ type: 'varchar', length: 127, nullable: true })
  mimeType: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  storageKey: string | null;

  // kind = citation
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  documentTitle: string | null;

  @Column({ type: 'date', nullable: true })
  issuedOn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  // kind = link
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  label: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
