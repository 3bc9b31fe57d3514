import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { InjectKeyStore, type KeyStore } from '../queue/key-store';
import { AccountDirectory, type Account } from './account-directory';
import type { Actor } from './actor';
import { issuedSinceSessionsEnded, sessionsClaim, type TokenPayload } from './token-payload';

export interface Session {
  user: Account;
  payload: TokenPayload;
}

/**
 * The life of a session token, for the API's guard and the web pages alike. A token is valid while it is signed and
 * unexpired, its user enabled, its sva claim equal to the user's "sessions valid after" stamp (changes that end
 * all of a user's sessions move the stamp: the accounts' owner, behind AccountDirectory), and its sid not on the
 * deny-list. Signing out puts the sid on the deny-list in Redis until the token would have expired anyway, so the list
 * stays as small as the sessions ended early. Both checks run on every request: a token stops at once, in every API
 * process.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly jwt: JwtService,
    private readonly accounts: AccountDirectory,
    private readonly config: AppConfig,
    @InjectKeyStore() private readonly keys: KeyStore,
  ) {}

  private deniedKey(sid: string): string {
    return `${this.config.QUEUE_PREFIX}:ended-session:${sid}`;
  }

  /** A new session token of this user: a random sid and the user's current stamp. */
  issue(user: Account): Promise<string> {
    const payload: TokenPayload = {
      sub: user.id,
      role: user.role,
      unitId: user.unitId,
      sid: randomBytes(16).toString('base64url'),
      sva: sessionsClaim(user),
    };
    return this.jwt.signAsync(payload);
  }

  /** The session behind a token, or null when the token is not (or no longer) valid. */
  async authenticate(token: string): Promise<Session | null> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      return null;
    }
    // Both on every request: asked at once, not one after the other.
    const [ended, user] = await Promise.all([payload.sid === undefined ? false : this.isEnded(payload.sid), this.accounts.findActive(payload.sub)]);
    return !ended && user && issuedSinceSessionsEnded(payload, user) ? { user, payload } : null;
  }

  /**
   * Ends the session of this token, or with `everywhere` every session of its user. A token without a sid (issued
   * before sids existed) cannot be ended alone: all of its user's sessions end.
   */
  async signOut(actor: Actor, session: TokenPayload, everywhere: boolean): Promise<void> {
    if (everywhere || session.sid === undefined) {
      await this.accounts.endSessions(actor, session.sub);
      return;
    }
    const seconds = Math.max(1, (session.exp ?? Math.floor(Date.now() / 1000) + this.config.JWT_TTL_SECONDS) - Math.floor(Date.now() / 1000));
    await this.redisCall(() => this.keys.flag(this.deniedKey(session.sid as string), seconds));
    await this.accounts.recordSignOut(actor, session.sub);
  }

  private async isEnded(sid: string): Promise<boolean> {
    return this.redisCall(() => this.keys.has(this.deniedKey(sid)));
  }

  /** Without Redis a signed-out token cannot be told from a live one: refuse (503) rather than let it through. */
  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch {
      throw new DomainException(ErrorCode.ServiceUnavailable, 'sessions cannot be checked now (Redis unavailable); retry shortly');
    }
  }
}
