import { In, type EntityManager } from 'typeorm';
import type { Account } from '../auth/account-directory';
import { Role } from '../auth/role';
import { User } from './user.entity';

/**
 * Reads of accounts for other features (each feature owns its tables: they ask here, never name `users` or import
 * its entity). Plain functions on the caller's EntityManager, so that they run in its transaction; plain rows out.
 */

/** An account as other features see it: who it is and what it may be. */
export interface UserRef {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
}

const toRef = (u: User): UserRef => ({ id: u.id, email: u.email, fullName: u.fullName, role: u.role, unitId: u.unitId, disabled: u.disabled });

/** The accounts with these ids (an unknown id is absent), in no particular order. */
export async function usersByIds(manager: EntityManager, ids: readonly string[]): Promise<UserRef[]> {
  if (ids.length === 0) return [];
  return (await manager.findBy(User, { id: In([...ids]) })).map(toRef);
}

/** One account, or null. */
export async function findUser(manager: EntityManager, id: string): Promise<UserRef | null> {
  const user = await manager.findOneBy(User, { id });
  return user ? toRef(user) : null;
}

/**
 * The enabled account behind a token, or null: the guard's read on every request (sessions.service.ts), so one plain
 * statement of the columns an Account has rather than the repository's findOne (its query builder and entity
 * mapping cost about as much CPU as the round trip itself under load, #23).
 */
export async function activeAccount(manager: EntityManager, id: string): Promise<Account | null> {
  const rows: Account[] = await manager.query(
    `SELECT id, email, full_name AS "fullName", role, unit_id AS "unitId", disabled, sessions_valid_after AS "sessionsValidAfter"
       FROM users WHERE id = $1 AND NOT disabled`,
    [id],
  );
  return rows[0] ?? null;
}

/** Every account's e-mail, by id (a workbook names who wrote a row: one read for a whole cycle's rows). */
export async function userEmails(manager: EntityManager): Promise<Map<string, string>> {
  const rows = await manager.find(User, { select: { id: true, email: true } });
  return new Map(rows.map((u) => [u.id, u.email]));
}

/** The enabled officers of these units (those a unit's notices and mails reach), in no particular order. */
export async function officersOfUnits(manager: EntityManager, unitIds: readonly string[]): Promise<UserRef[]> {
  if (unitIds.length === 0) return [];
  return (await manager.findBy(User, { role: Role.Officer, unitId: In([...unitIds]), disabled: false })).map(toRef);
}
