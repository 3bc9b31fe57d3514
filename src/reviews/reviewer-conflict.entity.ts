import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A reviewer's declared conflict of interest with a unit: never assigned to it. A reviewer has no unit of its own in
 * the user table (only officers do); its own unit is declared here too, with the reason "own unit".
 */
@Entity('reviewer_conflicts')
@Index('ix_reviewer_conflicts_unit', ['unitId'])
export class ReviewerConflict {
  @PrimaryColumn({ type: 'uuid' })
  reviewerId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  // Other features' tables, named, not imported (each feature owns its tables); the unit loaded for its label.
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: { id: string };

  @ManyToOne('Unit', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { code: string; nameVi: string };

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
