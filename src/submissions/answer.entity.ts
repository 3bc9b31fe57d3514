import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { RawValue } from '../engine/types';
import type { PlausibilityWarning } from './plausibility';
import { Submission } from './submission.entity';

/** A unit's answer to one indicator: the value (as the engine reads it) and a note. */
@Entity('answers')
export class Answer {
  @PrimaryColumn({ type: 'uuid' })
  submissionId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column({ type: 'jsonb', nullable: true })
  value: RawValue;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The unit's own points for a leaf scored by the reviewers (rule manual): its self-assessed score. */
  @Column({ type: 'double precision', nullable: true })
  selfPoints: number | null;

  /** The soft warnings on the value when it was saved (plausibility.ts): shown to the officer and the reviewer. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: PlausibilityWarning[];

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
