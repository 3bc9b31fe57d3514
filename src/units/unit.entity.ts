import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { UnitLevel } from './unit-level';
import { UNIT_NAME_SEARCH_SQL } from './unit-name-search';

/**
 * One administrative unit in one configuration: a GSO code is reused across reforms (79 Hồ Chí Minh before and
 * after 1/7/2025), so a unit is identified by its level, code and the day it became valid.
 */
@Entity('units')
@Unique('uq_units_level_code_valid_from', ['level', 'code', 'validFrom'])
@Index('ix_units_level_validity', ['level', 'validFrom', 'validTo'])
export class Unit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  level: UnitLevel;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  // Vietnamese collation so that ORDER BY name_vi follows the Vietnamese alphabet (Đ after D, Ơ after Ô).
  @Column({ type: 'varchar', length: 200, collation: 'vi-x-icu' })
  nameVi: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  /**
   * Both names without case or marks (unit-name-search.ts), computed by PostgreSQL, for the `q` filter. Its trigram
   * index (ix_units_name_search, GIN) is written by hand in the migration: TypeORM cannot say an operator class.
   */
  @Index('ix_units_name_search', { synchronize: false })
  @Column({ type: 'text', generatedType: 'STORED', asExpression: UNIT_NAME_SEARCH_SQL, select: false, insert: false, update: false })
  nameSearch?: string;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Unit | null;

  /** A ranking group, e.g. ministries with or without public services. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  unitGroup: string | null;

  /** A finer type inside the level, e.g. a centrally-run city. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  kind: string | null;

  /** The units this one was formed from, in order (unit_lineage); loaded by UnitsService, not a column. */
  predecessors?: Unit[];

  @Column({ type: 'text', nullable: true })
  retiredReason: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
