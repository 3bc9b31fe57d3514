import type { Request } from 'express';
import { crossSiteProblem } from '../auth/same-origin';
import { WebSessionSettings, type WebRequest } from './session';

const settingsFor = (NODE_ENV: 'production' | 'test' | 'development', PUBLIC_ORIGIN = '') =>
  new WebSessionSettings({ JWT_SECRET: 'x'.repeat(40), JWT_TTL_SECONDS: 3600, NODE_ENV, PUBLIC_ORIGIN });

describe('web session cookies', () => {
  it('names the session and CSRF cookies __Host- in production, Secure, Path=/ and without a Domain', () => {
    const production = settingsFor('production');
    expect(production.sessionCookie).toBe('__Host-dti_session');
    expect(production.csrfCookie).toBe('__Host-dti_csrf');
    const options = production.cookieOptions(1000);
    expect(options).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'lax' });
    expect(options).not.toHaveProperty('domain');
  });

  it('keeps the plain names over http (tests, development)', () => {
    for (const env of ['test', 'development'] as const) {
      const settings = settingsFor(env);
      expect([settings.sessionCookie, settings.csrfCookie, settings.cookieOptions().secure]).toEqual(['dti_session', 'dti_csrf', false]);
    }
  });
});

describe('CSRF tokens bound to the session', () => {
  const settings = settingsFor('production');
  const seed = 'A'.repeat(43);
  const request = (cookies: Record<string, string>, csrfSeed?: string) => ({ cookies, csrfSeed }) as unknown as WebRequest;

  it('takes a signed-in browser’s token from its session, never from its seed or another session', () => {
    const a = request({ '__Host-dti_session': 'session.of.a', '__Host-dti_csrf': seed }, seed);
    const b = request({ '__Host-dti_session': 'session.of.b', '__Host-dti_csrf': seed }, seed);
    const tokenA = settings.csrfTokenOf(a) as string;
    expect(settings.csrfValidFor(a, tokenA)).toBe(true);
    expect(settings.csrfValidFor(b, tokenA)).toBe(false);
    expect(settings.csrfValidFor(a, settings.csrfToken(seed))).toBe(false);
    // The plain cookie name is not the session in production.
    expect(settings.csrfTokenOf(request({ dti_session: 'session.of.a' }, seed))).toBe(settings.csrfToken(seed));
  });

  it('takes a browser’s seed before sign-in, and nothing without either', () => {
    expect(settings.csrfValidFor(request({}, seed), settings.csrfToken(seed))).toBe(true);
    expect(settings.csrfValidFor(request({}), settings.csrfToken(seed))).toBe(false);
  });
});

describe('crossSiteProblem', () => {
  const req = (headers: Record<string, string>, protocol = 'http', host = 'dti.local:3000') =>
    ({ protocol, host, get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

  it('accepts this site’s Origin or Referer, or neither; refuses another site, "null" and a malformed one', () => {
    expect(crossSiteProblem(req({ origin: 'http://dti.local:3000' }), '')).toBeNull();
    expect(crossSiteProblem(req({ referer: 'http://dti.local:3000/app/x?y=1' }), '')).toBeNull();
    expect(crossSiteProblem(req({}), '')).toBeNull();
    expect(crossSiteProblem(req({ origin: 'https://evil.example' }), '')).toMatch(/^Origin: https:\/\/evil.example/);
    expect(crossSiteProblem(req({ referer: 'https://evil.example/a' }), '')).toMatch(/^Referer:/);
    expect(crossSiteProblem(req({ origin: 'null' }), '')).not.toBeNull();
    expect(crossSiteProblem(req({ origin: 'http://dti.local:3000.evil.example' }), '')).not.toBeNull();
    // The Origin decides when both are sent.
    expect(crossSiteProblem(req({ origin: 'https://evil.example', referer: 'http://dti.local:3000/app' }), '')).not.toBeNull();
  });

  it('compares with PUBLIC_ORIGIN when it is set (a proxy that does not forward the Host)', () => {
    expect(crossSiteProblem(req({ origin: 'https://dti.gov.vn' }, 'http', '10.0.0.5:3000'), 'https://dti.gov.vn')).toBeNull();
    expect(crossSiteProblem(req({ origin: 'http://10.0.0.5:3000' }, 'http', '10.0.0.5:3000'), 'https://dti.gov.vn')).not.toBeNull();
  });
});
