import * as argon2 from 'argon2';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { systemActor } from '../src/auth/actor';
import { AppConfig } from '../src/config/app-config';
import { UnitsService } from '../src/units/units.service';
import { Role } from '../src/auth/role';
import { UsersService } from '../src/users/users.service';
import { PASSWORD, resetState, signedInUser, startTestApp, type TestApp } from './utils/test-app';

/** The cookies a browser would hold, from the Set-Cookie headers of the answers so far. */
type Jar = Record<string, string>;

function keep(jar: Jar, res: { headers: Record<string, unknown> }): Jar {
  const set = (res.headers['set-cookie'] ?? []) as string[];
  for (const line of set) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') delete jar[name];
    else jar[name] = value;
  }
  return jar;
}

const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('; ');
const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('sessions: spraying limits, sign-out and revocation, CSRF bound to the session', () => {
  let t: TestApp;
  let base: string;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    http = request(base);
  });
  beforeEach(() => resetState(t));
  afterAll(() => t.close());

  const login = (email: string, password: string, from = '192.0.2.10') =>
    http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const me = (token: string) => http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);

  /** Signs in through the sign-in form as a browser does: the form's token, then the session's. */
  async function webSignIn(email: string): Promise<{ jar: Jar; csrf: string }> {
    const jar: Jar = {};
    const form = await http.get('/app/login').expect(200);
    keep(jar, form);
    const signIn = await http
      .post('/app/login')
      .set('Cookie', cookieHeader(jar))
      .type('form')
      .send({ email, password: PASSWORD, _csrf: formToken(form.text), next: '/app' })
      .expect(303);
    keep(jar, signIn);
    const home = await http.get('/app').set('Cookie', cookieHeader(jar)).expect(200);
    keep(jar, home);
    return { jar, csrf: formToken(home.text) };
  }
  const postLang = (jar: Jar, csrf: string, headers: Record<string, string> = {}) =>
    http.post('/app/lang').set('Cookie', cookieHeader(jar)).set(headers).type('form').send({ _csrf: csrf, lang: 'en', next: '/app' });

  describe('password spraying (fault 5)', () => {
    it('refuses one address with 429 and Retry-After once it has failed on LOGIN_ADDRESS_MAX_FAILURES accounts; other addresses sign in', async () => {
      const config = t.app.get(AppConfig);
      const limit = config.LOGIN_ADDRESS_MAX_FAILURES;
      expect(limit).toBeLessThan(35);
      const users = t.app.get(UsersService);
      const emails: string[] = [];
      for (let i = 0; i < 35; i++) {
        const email = `nguoi.${i}@dti.local`;
        await users.create(systemActor('cli'), { email, fullName: `Người ${i}`, role: Role.Reviewer, password: PASSWORD });
        emails.push(email);
      }
      const statuses: number[] = [];
      for (const email of emails) statuses.push((await login(email, 'Mua thu 2025!', '203.0.113.7')).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(limit);
      expect(statuses.slice(limit)).toEqual(Array(35 - limit).fill(429));

      // Even the right password of an account not tried before is refused from that address...
      const refused = await login(emails[34], PASSWORD, '203.0.113.7').expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_LOGIN_FAILURES' });
      expect(refused.body).not.toHaveProperty('accessToken');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= config.LOGIN_ADDRESS_WINDOW_SECONDS).toBe(true);
      // ... and the same account signs in from another address.
      await login(emails[34], PASSWORD, '198.51.100.9').expect(200);

      // The per-account limit still holds on its own, from a fresh address.
      for (let i = 0; i < config.LOGIN_MAX_FAILURES; i++) await login(emails[0], `sai ${i}`, '198.51.100.20').expect(401);
      const account = await login(emails[0], PASSWORD, '198.51.100.20').expect(429);
      expect(account.body.error).toBe('TOO_MANY_LOGIN_FAILURES');
    });

    it('hashes at most PASSWORD_HASH_CONCURRENCY passwords at once with a short queue; beyond it, 429 PASSWORD_HASH_BUSY with Retry-After', async () => {
      // An app of its own with one slot and one place in the queue (the defaults are 4 and 16), so that a few
      // concurrent logins are enough to overflow it.
      process.env.PASSWORD_HASH_CONCURRENCY = '1';
      process.env.PASSWORD_HASH_QUEUE = '1';
      const small = await startTestApp().finally(() => {
        delete process.env.PASSWORD_HASH_CONCURRENCY;
        delete process.env.PASSWORD_HASH_QUEUE;
      });
      try {
        const config = small.app.get(AppConfig);
        expect([config.PASSWORD_HASH_CONCURRENCY, config.PASSWORD_HASH_QUEUE]).toEqual([1, 1]);
        const user = await signedInUser(t, Role.Reviewer, 'dong.thoi@dti.local');
        // OWASP's floor cost (not the tests' cheap one), so that each verification lasts long enough for the logins to overlap.
        const slow = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2 });
        await t.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [slow, user.id]);
        await small.app.listen(0, '127.0.0.1');
        const smallHttp = request(`http://127.0.0.1:${(small.app.getHttpServer().address() as AddressInfo).port}`);
        const tries = 12;
        const answers = await Promise.all(
          Array.from({ length: tries }, (_v, i) =>
            smallHttp.post('/api/v1/auth/login').set('X-Forwarded-For', `198.51.100.${100 + i}`).send({ email: user.email, password: PASSWORD }),
          ),
        );
        const busy = answers.filter((a) => a.status === 429);
        const ok = answers.filter((a) => a.status === 200);
        expect(ok.length + busy.length).toBe(tries);
        expect(ok.length).toBeGreaterThanOrEqual(1);
        expect(busy.length).toBeGreaterThan(0);
        for (const a of busy) {
          expect(a.body.error).toBe('PASSWORD_HASH_BUSY');
          expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
        }
        // A refusal for being busy is not a failed login: the addresses are not held against it.
        await smallHttp.post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.100').send({ email: user.email, password: PASSWORD }).expect(200);
      } finally {
        await small.close();
      }
    });
  });

  describe('the end of a session (fault 6)', () => {
    it('POST /api/v1/auth/logout ends every token of the user; with everywhere: false, that token only; both audited', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'dang.xuat@dti.local');
      const second = (await login(user.email, PASSWORD).expect(200)).body.accessToken as string;
      await http.post('/api/v1/auth/logout').set(user.auth).send({ everywhere: false }).expect(204);
      expect((await me(user.token).expect(401)).body.error).toBe('UNAUTHENTICATED');
      await me(second).expect(200);
      const third = (await login(user.email, PASSWORD).expect(200)).body.accessToken as string;
      await http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${second}`).expect(204);
      await me(second).expect(401);
      await me(third).expect(401);
      await me((await login(user.email, PASSWORD).expect(200)).body.accessToken as string).expect(200);
      const actions = (await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [user.id])) as { action: string }[];
      expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['user.sign_out', 'user.sign_out_everywhere']));
      // A body that is not the rule's: 400 naming the field.
      const fresh = (await login(user.email, PASSWORD).expect(200)).body.accessToken as string;
      const bad = await http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${fresh}`).send({ everywhere: 'yes' }).expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'everywhere' })]);
      await me(fresh).expect(200);
    });

    it('signing out of the pages ends every session of the user: the old cookie gets the sign-in page, its token and another device’s 401', async () => {
      const elsewhere = await signedInUser(t, Role.Reviewer, 'web.xuat@dti.local');
      const { jar, csrf } = await webSignIn('web.xuat@dti.local');
      const old = { ...jar };
      const out = await http.post('/app/logout').set('Cookie', cookieHeader(jar)).type('form').send({ _csrf: csrf }).expect(303);
      expect(out.headers.location).toBe('/app/login?out=1');
      const again = await http.get('/app').set('Cookie', cookieHeader(old)).expect(303);
      expect(again.headers.location).toMatch(/^\/app\/login/);
      await me(old.dti_session).expect(401);
      await me(elsewhere.token).expect(401);
    });

    it('a token from before a user was disabled stays refused after re-enabling; so do tokens from before a role change, an officer’s unit change, a password reset', async () => {
      const admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      const patch = async (id: string, body: object) => {
        const { version } = (await http.get(`/api/v1/users/${id}`).set(admin.auth).expect(200)).body as { version: number };
        return http.patch(`/api/v1/users/${id}`).set(admin.auth).send({ version, ...body }).expect(200);
      };

      const paused = await signedInUser(t, Role.Reviewer, 'tam.nghi@dti.local');
      await patch(paused.id, { disabled: true });
      await patch(paused.id, { disabled: false });
      await me(paused.token).expect(401);
      await me((await login(paused.email, PASSWORD).expect(200)).body.accessToken as string).expect(200);

      const promoted = await signedInUser(t, Role.Reviewer, 'len.chuc@dti.local');
      await patch(promoted.id, { role: Role.Admin });
      await me(promoted.token).expect(401);

      const units = t.app.get(UnitsService);
      const vn = await units.create(systemActor('cli'), { level: 'national', code: 'VN', nameVi: 'Việt Nam', validFrom: '2008-08-01' });
      const a = await units.create(systemActor('cli'), { level: 'province', code: '48', nameVi: 'Đà Nẵng', validFrom: '2008-08-01', parentId: vn.id });
      const b = await units.create(systemActor('cli'), { level: 'province', code: '49', nameVi: 'Quảng Nam', validFrom: '2008-08-01', parentId: vn.id });
      const officer = await signedInUser(t, Role.Officer, 'can.bo@dti.local', a.id);
      const renamed = await patch(officer.id, { fullName: 'Cán bộ đổi tên' });
      expect(renamed.body.fullName).toBe('Cán bộ đổi tên');
      await me(officer.token).expect(200); // a change of name ends nothing
      await patch(officer.id, { unitId: b.id });
      await me(officer.token).expect(401);

      const forgetful = await signedInUser(t, Role.Reviewer, 'hay.quen@dti.local');
      const { version } = (await http.get(`/api/v1/users/${forgetful.id}`).set(admin.auth).expect(200)).body as { version: number };
      await http.put(`/api/v1/users/${forgetful.id}/password`).set(admin.auth).send({ version, newPassword: 'mật khẩu mới rất dài 2025' }).expect(200);
      await me(forgetful.token).expect(401);
    });
  });

  describe('CSRF bound to the session (fault 7)', () => {
    it('refuses A’s session with B’s CSRF cookie and token, and with a pair from an anonymous visit: 403', async () => {
      await signedInUser(t, Role.Reviewer, 'a@dti.local');
      await signedInUser(t, Role.Reviewer, 'b@dti.local');
      const a = await webSignIn('a@dti.local');
      const b = await webSignIn('b@dti.local');
      await postLang(a.jar, a.csrf).expect(303);

      const withB = { ...a.jar, dti_csrf: b.jar.dti_csrf };
      expect((await postLang(withB, b.csrf)).status).toBe(403);
      const anonymousJar: Jar = {};
      const anonymousForm = await http.get('/app/login').expect(200);
      keep(anonymousJar, anonymousForm);
      const withAnonymous = { ...a.jar, dti_csrf: anonymousJar.dti_csrf };
      expect((await postLang(withAnonymous, formToken(anonymousForm.text))).status).toBe(403);
      // The page scripts' way into the API takes only the session's own token too.
      const api = (csrf: string) => http.get('/api/v1/users/me').set('Cookie', cookieHeader(withB)).set('X-CSRF-Token', csrf);
      expect((await api(b.csrf)).status).toBe(401);
      expect((await api(a.csrf)).status).toBe(200);
    });

    it('refuses a state change from another site (Origin, else Referer) on the pages and on the API with the session cookie; bearer calls are not checked', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'nguon.goc@dti.local');
      const { jar, csrf } = await webSignIn(user.email);
      expect((await postLang(jar, csrf, { Origin: 'https://evil.example' })).status).toBe(403);
      expect((await postLang(jar, csrf, { Referer: 'https://evil.example/trang' })).status).toBe(403);
      expect((await postLang(jar, csrf, { Origin: 'null' })).status).toBe(403);
      expect((await postLang(jar, csrf, { Origin: base })).status).toBe(303);
      expect((await postLang(jar, csrf, { Referer: `${base}/app` })).status).toBe(303);

      const change = { currentPassword: 'không phải mật khẩu', newPassword: 'mật khẩu mới rất dài 2025' };
      const crossSite = await http
        .put('/api/v1/users/me/password')
        .set('Cookie', cookieHeader(jar))
        .set('X-CSRF-Token', csrf)
        .set('Origin', 'https://evil.example')
        .send(change);
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error).toBe('FORBIDDEN');
      const sameSite = await http.put('/api/v1/users/me/password').set('Cookie', cookieHeader(jar)).set('X-CSRF-Token', csrf).set('Origin', base).send(change);
      expect(sameSite.status).toBe(422);
      const bearer = await http.put('/api/v1/users/me/password').set(user.auth).set('Origin', 'https://evil.example').send(change);
      expect(bearer.status).toBe(422);
    });
  });
});
