import { DomainException } from './domain.exception';
import { ERROR_STATUS, ErrorCode } from './error-code';

describe('DomainException.retryLater', () => {
  it('says when to come back in the message, the details and the Retry-After header, beside the details given', () => {
    const refused = DomainException.retryLater(ErrorCode.TooManyLoginFailures, 'too many failed logins', 42, { scope: 'address' });
    expect(ERROR_STATUS[refused.code]).toBe(429);
    expect(refused.message).toBe('too many failed logins; retry in 42 s');
    expect(refused.details).toEqual({ retryAfterSeconds: 42, scope: 'address' });
    expect(Object.keys(refused.details as object)).toEqual(['retryAfterSeconds', 'scope']);
    expect(refused.headers).toEqual({ 'Retry-After': '42' });
  });
});
