import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Role } from '../auth/role';

@Entity('users')
@Check('ck_users_officer_unit', `(role = 'officer') = (unit_id IS NOT NULL)`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  /** An officer's one unit; null for admins and reviewers. */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  // The unit registry's table, named, not imported (each feature owns its tables).
  @ManyToOne('Unit', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: { id: string } | null;

  @Column({ type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /**
   * Every token of this user issued before this moment is refused (its sva claim differs): moved by a password change
   * or reset, disabling, a change of role or of an officer's unit, and signing out everywhere. Null: never.
   */
  @Column({ type: 'timestamptz', nullable: true })
  sessionsValidAfter: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
