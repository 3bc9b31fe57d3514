import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Framework, UnitLevel } from '../engine/framework.model';

/** One version of an indicator framework (e.g. PDTI 2022.1), stored whole as validated; frozen once a cycle uses it. */
@Entity('framework_versions')
@Unique('uq_framework_versions_code_version', ['code', 'version'])
export class FrameworkVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'varchar', length: 16 })
  level: UnitLevel;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 300, collation: 'vi-x-icu' })
  nameVi: string;

  /** The framework document as validated: the source of truth the engine reads. */
  @Column({ type: 'jsonb' })
  document: Framework;

  /** sha256 of the document's canonical JSON. */
  @Column({ type: 'char', length: 64 })
  contentHash: string;

  /** Set when a cycle starts using this version; from then on it cannot change. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lockedReason: string | null;

  /** The version this one was cloned from, if any. */
  @Column({ type: 'uuid', nullable: true })
  clonedFromId: string | null;

  @VersionColumn()
  rowVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
