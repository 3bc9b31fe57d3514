import type { Role } from '../users/role';

export interface TokenPayload {
  sub: string;
  role: Role;
  unitId: string | null;
  /**
   * The user's password change (epoch ms; 0: never) as it was when the token was issued: a change since makes the
   * token stale, to the millisecond. Tokens issued before this claim existed have none.
   */
  pwc?: number;
  iat?: number;
  exp?: number;
}

/** The pwc claim of a token issued now to this user. */
export const passwordChangeClaim = (user: { passwordChangedAt: Date | null }): number => user.passwordChangedAt?.getTime() ?? 0;

/**
 * Whether a token was issued since the user's last password change. Without a pwc claim only the token's iat says
 * when, in whole seconds: such a token issued in the second of a change counts as issued before it.
 */
export function issuedSincePasswordChange(payload: TokenPayload, user: { passwordChangedAt: Date | null }): boolean {
  const changed = passwordChangeClaim(user);
  if (payload.pwc !== undefined) return payload.pwc === changed;
  return changed === 0 || (payload.iat ?? 0) > Math.floor(changed / 1000);
}
