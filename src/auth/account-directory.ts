import type { Actor } from './actor';
import type { Role } from './role';

/** An account as identity knows it: who it is, what it may do, and since when its tokens hold. */
export interface Account {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  unitId: string | null;
  disabled: boolean;
  /** Tokens of this account issued before this moment are refused (token-payload.ts); null: never. */
  sessionsValidAfter: Date | null;
}

/**
 * What auth asks of the accounts, which it does not own (the users feature, above it, implements this and binds it
 * to this class as the injection token: AuthModule.forAccounts). Auth knows no feature: it signs in, checks and ends
 * sessions through this port only.
 */
export abstract class AccountDirectory {
  /**
   * The account of this e-mail when the password is its own, else null; an unknown e-mail is checked against a
   * dummy hash, so that it takes as long as a wrong password. A disabled account is returned too: the caller refuses it.
   */
  abstract findByPassword(email: string, password: string): Promise<Account | null>;

  /** The enabled account behind a token, or null. */
  abstract findActive(id: string): Promise<Account | null>;

  /** Signing out everywhere: every token of the account issued until now is refused from now on (audited). */
  abstract endSessions(actor: Actor, id: string): Promise<void>;

  /** Records in the audit log that one session of the account was ended by signing out. */
  abstract recordSignOut(actor: Actor, id: string): Promise<void>;
}
