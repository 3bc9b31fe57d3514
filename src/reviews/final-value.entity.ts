import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cycle } from '../cycles/cycle.entity';
import type { RawValue } from '../engine/types';
import type { DecisionKind, FinalMethod } from './review-policy';

/** One reviewer's decision as it was when the final value was made from it. */
export interface ReviewBasis {
  reviewerId: string;
  isLead: boolean;
  decision: DecisionKind;
  value: RawValue;
  points: number | null;
  comment: string | null;
  decidedAt: string;
}

/**
 * The final value of an indicator of a unit after review, with its provenance: the self value and points, each
 * reviewer's decision as reconciled, the method, who decided and why. A flagged one waits for the lead reviewer
 * (pending: flagged and not yet decided by anyone).
 */
@Entity('final_values')
export class FinalValue {
  @PrimaryColumn({ type: 'uuid' })
  cycleId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  @Column({ type: 'jsonb', nullable: true })
  value: RawValue;

  @Column({ type: 'double precision', nullable: true })
  points: number | null;

  @Column({ type: 'varchar', length: 16 })
  method: FinalMethod;

  /** The reviewers disagreed by more than the cycle's share of max points. */
  @Column({ type: 'boolean', default: false })
  flagged: boolean;

  /** Null when reconciled by the policy alone; the lead reviewer, or who decided an objection. */
  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  selfValue: RawValue;

  @Column({ type: 'double precision', nullable: true })
  selfPoints: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reviews: ReviewBasis[];

  @Column({ type: 'timestamptz' })
  decidedAt: Date;
}

/** Flagged and not decided yet: no final value until the lead reviewer gives one. */
export const isPending = (f: Pick<FinalValue, 'flagged' | 'decidedById'>): boolean => f.flagged && f.decidedById === null;
