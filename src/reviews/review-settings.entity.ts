import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { DEFAULT_DISAGREEMENT_SHARE, DEFAULT_POLICY, ReviewPolicy } from './review-policy';

/** A cycle's review settings: the reconciliation policy, the disagreement threshold, the objection window, an override. */
@Entity('review_settings')
export class ReviewSettings {
  @PrimaryColumn({ type: 'uuid' })
  cycleId: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @OneToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'varchar', length: 16, default: DEFAULT_POLICY })
  policy: ReviewPolicy;

  /** Reviewers whose points differ by more than this share of the indicator's max points disagree (flagged). */
  @Column({ type: 'numeric', precision: 5, scale: 4, default: () => String(DEFAULT_DISAGREEMENT_SHARE), transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  disagreementShare: number;

  @Column({ type: 'timestamptz', nullable: true })
  objectionsOpenAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  objectionsCloseAt: Date | null;

  /** The last admin override of the completion gate (review → scoring with reviews incomplete). */
  @Column({ type: 'text', nullable: true })
  completionOverrideReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  completionOverrideById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completionOverrideAt: Date | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
