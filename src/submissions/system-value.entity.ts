import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RawValue } from '../engine/types';

/**
 * Where a system value came from: a file an admin imported, a national system's feed (pushed through the API), or
 * the monitored months of a periodic series (a yearly leaf that names a monitored indicator).
 */
export type SystemValueSource = 'import' | 'feed' | 'monitoring';

/** A value measured by a national system (`source: system` indicators), imported or fed; not the unit's to edit. */
@Entity('system_values')
@Check('ck_system_values_import_job', `source <> 'import' OR import_job_id IS NOT NULL`)
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

  /** The import job that wrote it (source import). */
  @Column({ type: 'uuid', nullable: true })
  importJobId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'import' })
  source: SystemValueSource;

  /** What wrote it besides an import: the feed's batch (source feed), the monitored series' cycle (source monitoring). */
  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @Column({ type: 'timestamptz' })
  importedAt: Date;
}
