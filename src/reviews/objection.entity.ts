import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { RawValue } from '../engine/types';

export type ObjectionStatus = 'open' | 'accepted' | 'rejected';

/** A unit's objection (khiếu nại) to the reviewed score of one indicator, and its answer. */
@Entity('objections')
@Index('ix_objections_cycle_unit', ['cycleId', 'unitId'])
@Index('uq_objections_open', ['cycleId', 'unitId', 'indicatorCode'], { unique: true, where: `status = 'open'` })
export class Objection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  // The cycles feature's table, named, not imported (each feature owns its tables).
  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 64 })
  indicatorCode: string;

  @Column({ type: 'uuid' })
  officerId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  evidenceId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ObjectionStatus;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  /** The final value and points before the decision, kept with the objection. */
  @Column({ type: 'jsonb', nullable: true })
  oldValue: RawValue;

  @Column({ type: 'double precision', nullable: true })
  oldPoints: number | null;

  @Column({ type: 'jsonb', nullable: true })
  newValue: RawValue;

  @Column({ type: 'double precision', nullable: true })
  newPoints: number | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
