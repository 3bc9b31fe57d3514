import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, VersionColumn } from 'typeorm';
import type { RawValue } from '../engine/types';
import type { DecisionKind } from './review-policy';

/** One reviewer's decision on one indicator of one unit: accept, adjust (a value or points, with a comment) or clarify. */
@Entity('review_decisions')
export class ReviewDecision {
  @PrimaryColumn({ type: 'uuid' })
  cycleId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @PrimaryColumn({ type: 'uuid' })
  reviewerId: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'varchar', length: 16 })
  decision: DecisionKind;

  /** The value the reviewer holds: the self value when accepted, the new one when adjusted; null for clarify. */
  @Column({ type: 'jsonb', nullable: true })
  value: RawValue;

  /** The points that value gives (the rule's, or the reviewer's for hand-scored leaves); null for clarify. */
  @Column({ type: 'double precision', nullable: true })
  points: number | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;

  @VersionColumn()
  version: number;
}
