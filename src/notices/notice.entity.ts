import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NoticeKind } from './notice-kind';

/**
 * A notice to a unit, shown on the home page of its officers (whoever they are when they sign in). It stores what
 * happened, not sentences: the page says it in its own language.
 */
@Entity('notices')
@Index('ix_notices_unit_created', ['unitId', 'createdAt'])
export class Notice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  // Other features' tables, named, not imported (each feature owns its tables).
  @ManyToOne('Unit', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { id: string };

  @Column({ type: 'uuid' })
  cycleId: string;

  @ManyToOne('Cycle', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: { id: string };

  @Column({ type: 'varchar', length: 32 })
  kind: NoticeKind;

  /** The administrator's own words added to the notice, if any. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  /** The unit's deadline when the notice was made (its extension, else the cycle's close). */
  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
