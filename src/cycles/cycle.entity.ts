import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { UnitLevel } from '../engine/framework.model';
import { CyclePhase } from './cycle-phase';
import type { CyclePeriod } from './cycle-period';

/**
 * One assessment cycle: a data year and a unit level on one framework version. A province that runs its own index
 * for its communes has its own cycle, scoped to that province (scopeUnitId). A periodic cycle is one month or
 * quarter of a series (monthly monitoring): the yearly assessment of a level and year is unique, and so is each
 * period of a series.
 */
@Entity('cycles')
@Index('uq_cycles_year_level_scope', ['year', 'level', 'scopeUnitId'], { unique: true, where: 'series IS NULL' })
// A unique index lets NULLs differ: unscoped cycles (no scope unit) need their own.
@Index('uq_cycles_year_level_unscoped', ['year', 'level'], { unique: true, where: 'scope_unit_id IS NULL AND series IS NULL' })
@Index('uq_cycles_series_period_scope', ['series', 'year', 'periodIndex', 'level', 'scopeUnitId'], { unique: true, where: 'series IS NOT NULL' })
@Index('uq_cycles_series_period_unscoped', ['series', 'year', 'periodIndex', 'level'], {
  unique: true,
  where: 'series IS NOT NULL AND scope_unit_id IS NULL',
})
@Check('ck_cycles_period', `(period = 'year' AND period_index IS NULL AND series IS NULL) OR (period = 'month' AND period_index BETWEEN 1 AND 12 AND series IS NOT NULL) OR (period = 'quarter' AND period_index BETWEEN 1 AND 4 AND series IS NOT NULL)`)
export class Cycle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  level: UnitLevel;

  @Column({ type: 'varchar', length: 8, default: 'year' })
  period: CyclePeriod;

  /** The month (1–12) or quarter (1–4) of `year`; null for a yearly cycle. */
  @Column({ type: 'smallint', nullable: true })
  periodIndex: number | null;

  /** The series a periodic cycle is a period of (its framework's code); null for the yearly assessment. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  series: string | null;

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
