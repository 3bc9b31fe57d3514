import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Cycle } from './cycle.entity';

/** A unit taking part in a cycle, with its ranking group and whether it is ranked. */
@Entity('cycle_units')
@Index('ix_cycle_units_unit', ['unitId'])
export class CycleUnit {
  @PrimaryColumn({ type: 'uuid' })
  cycleId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id' })
  cycle?: Cycle;

  // The unit registry's table, named, not imported (each feature owns its tables); loaded for the unit's label.
  @ManyToOne('Unit', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { code: string; nameVi: string };

  /** e.g. with_public_services / without_public_services for ministries; ranks are also given within a group. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  unitGroup: string | null;

  /** False: scored and shown, but takes no rank place. */
  @Column({ type: 'boolean', default: true })
  ranked: boolean;

  /** An admin's extension: this unit may still write until then, after the cycle's window closed. */
  @Column({ type: 'timestamptz', nullable: true })
  extensionUntil: Date | null;
}
