import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { SubmissionStatus } from './submission-status';

/** One unit's self-assessment in one cycle. Its version guards every write (If-Match): no lost updates. */
@Entity('submissions')
@Unique('uq_submissions_cycle_unit', ['cycleId', 'unitId'])
export class Submission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  // Other features' tables, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne('Unit', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { id: string };

  @Column({ type: 'varchar', length: 16, default: SubmissionStatus.Draft })
  status: SubmissionStatus;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  returnedReason: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
