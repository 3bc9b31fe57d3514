import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RawValue } from '../engine/types';

/** A value measured by a national system (`source: system` indicators), imported by an admin; not the unit's to edit. */
@Entity('system_values')
export class SystemValue {
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

  /** The import job that wrote it. */
  @Column({ type: 'uuid' })
  importJobId: string;

  @Column({ type: 'timestamptz' })
  importedAt: Date;
}
