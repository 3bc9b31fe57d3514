import { Role } from './role';
import { issuedSinceSessionsEnded, sessionsClaim, type TokenPayload } from './token-payload';

describe('issuedSinceSessionsEnded', () => {
  const token = (extra: Partial<TokenPayload>): TokenPayload => ({ sub: 'u', role: Role.Officer, unitId: null, ...extra });
  const endedAt = new Date('2026-11-27T10:00:00.250Z');
  const ended = { sessionsValidAfter: endedAt };
  const never = { sessionsValidAfter: null };

  it('holds a token to the stamp it was issued under, to the millisecond', () => {
    expect(sessionsClaim(ended)).toBe(endedAt.getTime());
    expect(sessionsClaim(never)).toBe(0);
    expect(issuedSinceSessionsEnded(token({ sva: endedAt.getTime(), iat: 1 }), ended)).toBe(true);
    // Issued 250 ms before the stamp, in the same second: stale.
    expect(issuedSinceSessionsEnded(token({ sva: 0, iat: Math.floor(endedAt.getTime() / 1000) }), ended)).toBe(false);
    expect(issuedSinceSessionsEnded(token({ sva: endedAt.getTime() - 1 }), ended)).toBe(false);
    expect(issuedSinceSessionsEnded(token({ sva: 0 }), never)).toBe(true);
  });

  it('judges a token without the claim (also one with the older pwc claim) by its iat, refusing one from the second of the stamp', () => {
    const second = Math.floor(endedAt.getTime() / 1000);
    expect(issuedSinceSessionsEnded(token({ iat: second - 1 }), ended)).toBe(false);
    expect(issuedSinceSessionsEnded(token({ pwc: 0, iat: second }), ended)).toBe(false);
    expect(issuedSinceSessionsEnded(token({ iat: second + 1 }), ended)).toBe(true);
    expect(issuedSinceSessionsEnded(token({ iat: 5 }), never)).toBe(true);
  });
});
