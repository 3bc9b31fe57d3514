import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { CyclePhase } from '../cycles/cycle-phase';

/** A reviewer assigned to a unit of a cycle; at most one lead per unit. */
@Entity('review_assignments')
@Unique('uq_review_assignments_cycle_unit_reviewer', ['cycleId', 'unitId', 'reviewerId'])
@Index('uq_review_assignments_lead', ['cycleId', 'unitId'], { unique: true, where: 'is_lead' })
@Index('ix_review_assignments_reviewer', ['reviewerId', 'cycleId'])
export class ReviewAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  // Other features' tables, named, not imported (each feature owns its tables); loaded as relations for their labels.
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string; year: number; level: string; phase: CyclePhase };

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne('Unit', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { code: string; nameVi: string };

  @Column({ type: 'uuid' })
  reviewerId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: { email: string };

  @Column({ type: 'boolean', default: false })
  isLead: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
