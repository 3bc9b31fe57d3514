import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
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
 * reviewer's decision as reconciled, the method, who decided and why. A flagged one waits for the lead reviewer; a
 * stale one, for its reviewers to decide again (pending: either, so no final value in force).
 */
@Entity('final_values')
export class FinalValue {
  @PrimaryColumn({ type: 'uuid' })
  cycleId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  indicatorCode: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

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

  /**
   * When the cycle came back to review with the unit's answer no longer the self value this was settled on (the
   * answer changed while the cycle was open again). Kept with its provenance for the reviewers to compare, but not in
   * force: it counts for neither completion nor scoring until every assigned reviewer has decided again after this.
   */
  @Column({ type: 'timestamptz', nullable: true })
  staleSince: Date | null;

  /**
   * The unit's answer (value, and own points) as it was when this went stale, null while not stale: a later move back
   * to review compares with it, so that an answer changed again makes the final stale from then on, and one left as it
   * was keeps the reviewers' decisions made on it in between.
   */
  @Column({ type: 'jsonb', nullable: true })
  staleValue: RawValue;

  @Column({ type: 'double precision', nullable: true })
  stalePoints: number | null;
}

/**
 * No final value in force: flagged and not decided yet (until the lead reviewer gives one), or stale (until the
 * reviewers decide again on the changed answer).
 */
export const isPending = (f: Pick<FinalValue, 'flagged' | 'decidedById' | 'staleSince'>): boolean =>
  (f.flagged && f.decidedById === null) || f.staleSince !== null;

/** SQL over final_values (aliased or not): the rows in force, which completion counts and scoring takes. */
export const finalInForce = (alias?: string): string => {
  const c = alias ? `${alias}.` : '';
  return `((NOT ${c}flagged OR ${c}decided_by_id IS NOT NULL) AND ${c}stale_since IS NULL)`;
};
