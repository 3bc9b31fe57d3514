import { sign } from 'jsonwebtoken';
import { AppConfig } from '../src/config/app-config';
import { Role } from '../src/auth/role';
import { PASSWORD, resetState, signedInUser, startTestApp, type TestApp } from './utils/test-app';

describe('authentication (POST /api/v1/auth/login, bearer tokens)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(() => resetState(t));
  afterAll(() => t.close());

  const login = (email: string, password: string) => t.http.post('/api/v1/auth/login').send({ email, password });
  const me = (token: string) => t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);

  describe('login', () => {
    it('returns a bearer token that works on /api/v1/users/me', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local');
      const res = await login('chuyen.gia@dti.local', PASSWORD).expect(200);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: t.app.get(AppConfig).JWT_TTL_SECONDS,
        user: { id: user.id, email: 'chuyen.gia@dti.local', role: 'reviewer', unitId: null },
      });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const profile = await me(res.body.accessToken).expect(200);
      expect(profile.body).toMatchObject({ id: user.id, email: 'chuyen.gia@dti.local', role: 'reviewer' });
      expect(profile.body).not.toHaveProperty('passwordHash');
    });

    it('accepts the e-mail in any case and with surrounding spaces', async () => {
      const user = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      const res = await login('  Quan.Tri@DTI.local ', PASSWORD).expect(200);
      expect(res.body.user.id).toBe(user.id);
    });

    it('answers a wrong password and an unknown e-mail alike: 401 INVALID_CREDENTIALS', async () => {
      await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      const wrongPassword = await login('quan.tri@dti.local', 'not the password at all').expect(401);
      const unknownEmail = await login('khong.ton.tai@dti.local', PASSWORD).expect(401);
      for (const res of [wrongPassword, unknownEmail]) {
        expect(res.body).toMatchObject({ statusCode: 401, error: 'INVALID_CREDENTIALS' });
        expect(res.body).not.toHaveProperty('accessToken');
      }
      expect(unknownEmail.body.message).toBe(wrongPassword.body.message);
    });

    it('refuses a disabled user with the same 401 INVALID_CREDENTIALS, even with the right password', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'da.nghi@dti.local');
      await t.db.query('UPDATE users SET disabled = true WHERE id = $1', [user.id]);
      const res = await login('da.nghi@dti.local', PASSWORD).expect(401);
      expect(res.body.error).toBe('INVALID_CREDENTIALS');
      // ... and its token stops working at once.
      await me(user.token).expect(401);
    });
  });

  describe('throttling of failed logins (LOGIN_MAX_FAILURES = 3 in config/test.yaml)', () => {
    it('after 3 failures refuses even the right password with 429 and Retry-After; other e-mails are not affected', async () => {
      expect(t.app.get(AppConfig).LOGIN_MAX_FAILURES).toBe(3);
      await signedInUser(t, Role.Admin, 'bi.khoa@dti.local');
      const other = await signedInUser(t, Role.Admin, 'nguoi.khac@dti.local');

      // The e-mail counts case-insensitively: these three are one account.
      await login('bi.khoa@dti.local', 'wrong password 1').expect(401);
      await login('BI.KHOA@dti.local', 'wrong password 2').expect(401);
      await login('Bi.Khoa@DTI.local', 'wrong password 3').expect(401);

      const refused = await login('bi.khoa@dti.local', PASSWORD).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'TOO_MANY_LOGIN_FAILURES' });
      expect(refused.body).not.toHaveProperty('accessToken');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(t.app.get(AppConfig).LOGIN_FAILURE_WINDOW_SECONDS);

      // Still refused on the next try; the other account signs in as usual.
      await login('bi.khoa@dti.local', PASSWORD).expect(429);
      const ok = await login('nguoi.khac@dti.local', PASSWORD).expect(200);
      expect(ok.body.user.id).toBe(other.id);
    });

    it('counts failures for unknown e-mails too, and a success clears the count', async () => {
      for (let i = 0; i < 3; i++) await login('ma@dti.local', 'guess').expect(401);
      await login('ma@dti.local', 'guess').expect(429);

      await signedInUser(t, Role.Admin, 'hay.quen@dti.local');
      await login('hay.quen@dti.local', 'wrong 1').expect(401);
      await login('hay.quen@dti.local', 'wrong 2').expect(401);
      await login('hay.quen@dti.local', PASSWORD).expect(200);
      // The count started again: two more failures are still below the limit.
      await login('hay.quen@dti.local', 'wrong 3').expect(401);
      await login('hay.quen@dti.local', 'wrong 4').expect(401);
      await login('hay.quen@dti.local', PASSWORD).expect(200);
    });
  });

  describe('tokens', () => {
    const secret = () => t.app.get(AppConfig).JWT_SECRET;

    it('refuses a tampered token: 401', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local');
      await me(user.token).expect(200);
      const [header, payload, signature] = user.token.split('.');

      // The payload changed (reviewer -> admin) under the old signature.
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      // The signature changed by one character.
      const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
      // "alg: none" without a signature.
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');

      for (const token of [`${header}.${forged}.${signature}`, `${header}.${payload}.${flipped}`, `${none}.${payload}.`]) {
        const res = await me(token).expect(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED' });
      }
      // Signed with another secret.
      const otherSecret = sign({ sub: user.id, role: 'reviewer', unitId: null }, 'x'.repeat(48), { algorithm: 'HS256' });
      await me(otherSecret).expect(401);
      // A forged admin token cannot reach an admin route either.
      await t.http.get('/api/v1/users').set('Authorization', `Bearer ${header}.${forged}.${signature}`).expect(401);
    });

    it('refuses an expired token: 401', async () => {
      const user = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: user.id, role: 'admin', unitId: null };
      const expired = sign({ ...claims, iat: now - 3600, exp: now - 60 }, secret(), { algorithm: 'HS256' });
      const res = await me(expired).expect(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
      // The same claims with a future exp are accepted: the refusal above is the expiry, not the signing.
      const fresh = sign({ ...claims, iat: now, exp: now + 600 }, secret(), { algorithm: 'HS256' });
      await me(fresh).expect(200);
    });

    it('refuses a token of a user that does not exist (any more): 401', async () => {
      const user = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      await t.db.query('DELETE FROM users WHERE id = $1', [user.id]);
      await me(user.token).expect(401);
    });

    it('refuses malformed Authorization headers: 401', async () => {
      const user = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
      for (const value of [user.token, `Basic ${user.token}`, 'Bearer', 'Bearer ', 'Bearer not.a.jwt', `bearer ${user.token}`]) {
        const res = await t.http.get('/api/v1/users/me').set('Authorization', value).expect(401);
        expect(res.body.error).toBe('UNAUTHENTICATED');
      }
      await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    });
  });

  describe('changing one\'s password (PUT /api/v1/users/me/password)', () => {
    const NEW_PASSWORD = 'mật khẩu mới rất dài 2025';

    it('makes the old password fail and the new one work; tokens issued before the change stop working', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'doi.mat.khau@dti.local');
      await t.http
        .put('/api/v1/users/me/password')
        .set(user.auth)
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);

      await me(user.token).expect(401);
      const old = await login(user.email, PASSWORD).expect(401);
      expect(old.body.error).toBe('INVALID_CREDENTIALS');
      const fresh = await login(user.email, NEW_PASSWORD).expect(200);
      await me(fresh.body.accessToken).expect(200);
    });

    it('stops a token issued in the same second as the change, and takes one issued right after it', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'cung.giay@dti.local');
      await t.http.put('/api/v1/users/me/password').set(user.auth).send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(204);
      const fresh = await login(user.email, NEW_PASSWORD).expect(200);
      await me(user.token).expect(401);
      await me(fresh.body.accessToken).expect(200);
    });

    it('refuses a wrong current password with 422 naming currentPassword, and changes nothing', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'doi.mat.khau@dti.local');
      const before = await t.db.query('SELECT password_hash, version FROM users WHERE id = $1', [user.id]);
      const res = await t.http
        .put('/api/v1/users/me/password')
        .set(user.auth)
        .send({ currentPassword: 'this is not it', newPassword: NEW_PASSWORD })
        .expect(422);
      expect(res.body.error).toBe('UNPROCESSABLE_ENTITY');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      expect(await t.db.query('SELECT password_hash, version FROM users WHERE id = $1', [user.id])).toEqual(before);
      await me(user.token).expect(200);
      await login(user.email, PASSWORD).expect(200);
      await login(user.email, NEW_PASSWORD).expect(401);
    });

    it('refuses a new password shorter than 12 characters with 400 naming newPassword', async () => {
      const user = await signedInUser(t, Role.Reviewer, 'doi.mat.khau@dti.local');
      const res = await t.http
        .put('/api/v1/users/me/password')
        .set(user.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'ngắn' })
        .expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'isLength' })]);
      await login(user.email, PASSWORD).expect(200);
    });
  });
});
