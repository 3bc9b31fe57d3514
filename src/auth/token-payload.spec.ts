import { Role } from '../users/role';
import { issuedSincePasswordChange, passwordChangeClaim, type TokenPayload } from './token-payload';

describe('issuedSincePasswordChange', () => {
  const token = (extra: Partial<TokenPayload>): TokenPayload => ({ sub: 'u', role: Role.Officer, unitId: null, ...extra });
  const changedAt = new Date('2026-11-27T10:00:00.250Z');
  const changed = { passwordChangedAt: changedAt };
  const never = { passwordChangedAt: null };

  it('holds a token to the change it was issued after, to the millisecond', () => {
    expect(passwordChangeClaim(changed)).toBe(changedAt.getTime());
    expect(passwordChangeClaim(never)).toBe(0);
    expect(issuedSincePasswordChange(token({ pwc: changedAt.getTime(), iat: 1 }), changed)).toBe(true);
    // Issued 250 ms before the change, in the same second: stale.
    expect(issuedSincePasswordChange(token({ pwc: 0, iat: Math.floor(changedAt.getTime() / 1000) }), changed)).toBe(false);
    expect(issuedSincePasswordChange(token({ pwc: changedAt.getTime() - 1 }), changed)).toBe(false);
    expect(issuedSincePasswordChange(token({ pwc: 0 }), never)).toBe(true);
  });

  it('judges a token without the claim by its iat, refusing one from the second of the change', () => {
    const second = Math.floor(changedAt.getTime() / 1000);
    expect(issuedSincePasswordChange(token({ iat: second - 1 }), changed)).toBe(false);
    expect(issuedSincePasswordChange(token({ iat: second }), changed)).toBe(false);
    expect(issuedSincePasswordChange(token({ iat: second + 1 }), changed)).toBe(true);
    expect(issuedSincePasswordChange(token({ iat: 5 }), never)).toBe(true);
  });
});
