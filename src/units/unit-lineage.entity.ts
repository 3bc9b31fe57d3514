import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Unit } from './unit.entity';

/** "Unit was formed from predecessor": e.g. 79 Hồ Chí Minh (2025) from 79, 74 and 77 (before 2025), in that order. */
@Entity('unit_lineage')
@Index('ix_unit_lineage_predecessor', ['predecessorId'])
export class UnitLineage {
  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'uuid' })
  predecessorId: string;

  @Column({ type: 'smallint' })
  position: number;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'predecessor_id' })
  predecessor?: Unit;
}
