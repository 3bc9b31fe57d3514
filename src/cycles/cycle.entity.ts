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
import type { UnitLevel } from '../engine/framework.model';
import { CyclePhase } from './cycle-phase';

/**
 * One assessment cycle: a data year and a unit level on one framework version. A province that runs its own index
 * for its communes has its own cycle, scoped to that province (scopeUnitId).
 */
@Entity('cycles')
@Unique('uq_cycles_year_level_scope', ['year', 'level', 'scopeUnitId'])
// A UNIQUE constraint lets NULLs differ: national cycles (no scope) need their own index.
@Index('uq_cycles_year_level_unscoped', ['year', 'level'], { unique: true, where: 'scope_unit_id IS NULL' })
export class Cycle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  level: UnitLevel;

  @Column({ type: 'uuid', nullable: true })
  scopeUnitId: string | null;

  // Other features' tables, named, not imported (each feature owns its tables).
  @ManyToOne('Unit', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scope_unit_id' })
  scopeUnit?: { id: string } | null;

  @Column({ type: 'uuid' })
  frameworkId: string;

  @ManyToOne('FrameworkVersion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_id' })
  framework?: { id: string };

  @Column({ type: 'varchar', length: 300 })
  nameVi: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  nameEn: string | null;

  @Column({ type: 'varchar', length: 16, default: CyclePhase.Draft })
  phase: CyclePhase;

  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  phaseChangedAt: Date | null;

  @VersionColumn()
  rowVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
