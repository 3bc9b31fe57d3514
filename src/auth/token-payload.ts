import type { Role } from './role';

export interface TokenPayload {
  sub: string;
  role: Role;
  unitId: string | null;
  /** The session's own random id: signing out puts it on the deny-list (SessionsService) until the token expires. */
  sid?: string;
  /**
   * The user's "sessions valid after" stamp (epoch ms; 0: never set) as it was when the token was issued. The stamp
   * moves at every change that ends all of a user's sessions (password, disabling, role, an officer's unit, signing
   * out everywhere), so a token whose claim differs is stale, to the millisecond.
   */
  sva?: number;
  /** The password-change claim of tokens issued before sva existed; such tokens are judged by iat. */
  pwc?: number;
  iat?: number;
  exp?: number;
}

/** The sva claim of a token issued now to this user. */
export const sessionsClaim = (user: { sessionsValidAfter: Date | null }): number => user.sessionsValidAfter?.getTime() ?? 0;

/**
 * Whether a token was issued since the user's sessions last ended. Without an sva claim (a token from before the
 * claim existed) only the token's iat says when, in whole seconds: such a token issued in the second of the stamp
 * counts as issued before it.
 */
export function issuedSinceSessionsEnded(payload: TokenPayload, user: { sessionsValidAfter: Date | null }): boolean {
  const stamp = sessionsClaim(user);
  if (payload.sva !== undefined) return payload.sva === stamp;
  return stamp === 0 || (payload.iat ?? 0) > Math.floor(stamp / 1000);
}
