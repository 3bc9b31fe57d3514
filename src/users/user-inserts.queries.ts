import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/role';

/** Accounts written in bulk, for data made by a program (the benchmark's officers): one INSERT for them all. */

export interface NewUserRow {
  email: string;
  fullName: string;
  unitId: string | null;
  /** A hash no password matches ('no-login') for an account that signs in with a token only. */
  passwordHash: string;
}

/** The accounts (version 1), all of one role; each one's id and unit back. */
export function insertUsers(manager: EntityManager, role: Role, users: readonly NewUserRow[]): Promise<{ id: string; unit_id: string | null }[]> {
  return manager.query(
    `INSERT INTO users (email, full_name, role, unit_id, password_hash, version)
     SELECT u.email, u.full_name, $1, u.unit_id, u.password_hash, 1
       FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[]) AS u(email, full_name, unit_id, password_hash)
     RETURNING id, unit_id`,
    [role, users.map((u) => u.email), users.map((u) => u.fullName), users.map((u) => u.unitId), users.map((u) => u.passwordHash)],
  );
}
