import { randomUUID } from 'node:crypto';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitsService } from '../src/units/units.service';
import { auditCount, PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

/** Every row of every table of this issue, hashed: a refused request must leave it exactly as it was. */
async function fingerprint(t: TestApp): Promise<Record<string, string>> {
  const [row] = await t.db.query(`SELECT
    (SELECT count(*) || ':' || coalesce(md5(string_agg(u::text, '|' ORDER BY u.id)), '') FROM units u) AS units,
    (SELECT count(*) || ':' || coalesce(md5(string_agg(u::text, '|' ORDER BY u.id)), '') FROM users u) AS users,
    (SELECT count(*) || ':' || coalesce(md5(string_agg(l::text, '|' ORDER BY l.unit_id, l.predecessor_id)), '')
       FROM unit_lineage l) AS lineage,
    (SELECT count(*) || ':' || coalesce(md5(string_agg(a::text, '|' ORDER BY a.id)), '') FROM audit_log a) AS audit`);
  return row as Record<string, string>;
}

type Method = 'get' | 'post' | 'patch' | 'put';
type Who = 'admin' | 'officer' | 'reviewer';

interface Endpoint {
  name: string;
  method: Method;
  path: () => string;
  body?: () => object;
  /** The roles the route admits; every other role must get 403. */
  allowed: Who[];
  /** What the first allowed role gets with a good request: the positive control of the refusals. */
  okStatus: number;
}

describe('access control on every endpoint of the foundation', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let as: Record<Who, SignedInUser>;
  let officerB: SignedInUser;
  let target: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    const units = t.app.get(UnitsService);
    const cli = systemActor('cli');
    const vn = await units.create(cli, { level: 'national', code: 'VN', nameVi: 'Việt Nam', validFrom: '2008-08-01' });
    unitA = (await units.create(cli, { level: 'province', code: '48', nameVi: 'Đà Nẵng', validFrom: '2025-07-01', parentId: vn.id })).id;
    unitB = (await units.create(cli, { level: 'province', code: '01', nameVi: 'Hà Nội', validFrom: '2025-07-01', parentId: vn.id })).id;
    as = {
      admin: await signedInUser(t, Role.Admin, 'quan.tri@dti.local'),
      officer: await signedInUser(t, Role.Officer, 'can.bo.danang@dti.local', unitA),
      reviewer: await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local'),
    };
    officerB = await signedInUser(t, Role.Officer, 'can.bo.hanoi@dti.local', unitB);
    target = await signedInUser(t, Role.Reviewer, 'muc.tieu@dti.local');
  });
  afterAll(() => t.close());

  const endpoints: Endpoint[] = [
    { name: 'GET units', method: 'get', path: () => '/api/v1/units', allowed: ['admin', 'officer', 'reviewer'], okStatus: 200 },
    {
      name: 'GET units/:id',
      method: 'get',
      path: () => `/api/v1/units/${unitA}`,
      allowed: ['admin', 'officer', 'reviewer'],
      okStatus: 200,
    },
    {
      name: 'POST units',
      method: 'post',
      path: () => '/api/v1/units',
      body: () => ({ level: 'ministry', code: 'BKHCN', nameVi: 'Bộ Khoa học và Công nghệ', validFrom: '2025-03-01', unitGroup: 'with_public_services' }),
      allowed: ['admin'],
      okStatus: 201,
    },
    {
      name: 'PATCH units/:id',
      method: 'patch',
      path: () => `/api/v1/units/${unitB}`,
      body: () => ({ version: 1, nameEn: 'Ha Noi' }),
      allowed: ['admin'],
      okStatus: 200,
    },
    {
      name: 'POST units/:id/retire',
      method: 'post',
      path: () => `/api/v1/units/${unitA}/retire`,
      body: () => ({ version: 1, validTo: '2030-12-31', reason: 'Sáp nhập (thử nghiệm)' }),
      allowed: ['admin'],
      okStatus: 201,
    },
    { name: 'GET users', method: 'get', path: () => '/api/v1/users', allowed: ['admin'], okStatus: 200 },
    {
      name: 'POST users',
      method: 'post',
      path: () => '/api/v1/users',
      body: () => ({ email: 'moi@dti.local', fullName: 'Người Mới', role: 'reviewer', password: PASSWORD }),
      allowed: ['admin'],
      okStatus: 201,
    },
    { name: 'GET users/:id', method: 'get', path: () => `/api/v1/users/${target.id}`, allowed: ['admin'], okStatus: 200 },
    {
      name: 'PATCH users/:id',
      method: 'patch',
      path: () => `/api/v1/users/${target.id}`,
      body: () => ({ version: 1, fullName: 'Tên Mới' }),
      allowed: ['admin'],
      okStatus: 200,
    },
    { name: 'GET users/me', method: 'get', path: () => '/api/v1/users/me', allowed: ['admin', 'officer', 'reviewer'], okStatus: 200 },
    { name: 'GET audit', method: 'get', path: () => '/api/v1/audit', allowed: ['admin'], okStatus: 200 },
    // Last: its positive control ends the validity of the admin's token.
    {
      name: 'PUT users/me/password',
      method: 'put',
      path: () => '/api/v1/users/me/password',
      body: () => ({ currentPassword: PASSWORD, newPassword: 'một mật khẩu mới đủ dài' }),
      allowed: ['admin', 'officer', 'reviewer'],
      okStatus: 204,
    },
  ];

  const call = (e: Endpoint, headers: Record<string, string> = {}) => {
    const req = t.http[e.method](e.path()).set(headers);
    return e.body ? req.send(e.body()) : req;
  };

  describe.each(endpoints)('$name', (e) => {
    it('is refused without a token (401), and with a token that is not one (401); nothing is written', async () => {
      const before = await fingerprint(t);
      const none = await call(e).expect(401);
      expect(none.body).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED' });
      expect(typeof none.body.requestId).toBe('string');
      await call(e, { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' }).expect(401);
      await call(e, { Authorization: `Basic ${Buffer.from(`quan.tri@dti.local:${PASSWORD}`).toString('base64')}` }).expect(401);
      expect(await fingerprint(t)).toEqual(before);
    });

    const refused = (['admin', 'officer', 'reviewer'] as Who[]).filter((who) => !e.allowed.includes(who));
    if (refused.length > 0) {
      it.each(refused)('is refused for the role %s (403); nothing is written', async (who) => {
        const before = await fingerprint(t);
        const audit = await auditCount(t);
        const res = await call(e, as[who].auth).expect(403);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
        expect(await auditCount(t)).toBe(audit);
        expect(await fingerprint(t)).toEqual(before);
      });
    }
  });

  describe('officers reach only their own unit', () => {
    it('GET units/:id: its own unit 200, another unit 403, an unknown unit 403 (no existence leak)', async () => {
      const own = await t.http.get(`/api/v1/units/${unitA}`).set(as.officer.auth).expect(200);
      expect(own.body).toMatchObject({ id: unitA, code: '48' });
      const other = await t.http.get(`/api/v1/units/${unitB}`).set(as.officer.auth).expect(403);
      expect(other.body.error).toBe('FORBIDDEN');
      expect(JSON.stringify(other.body)).not.toContain('Hà Nội');
      await t.http.get(`/api/v1/units/${randomUUID()}`).set(as.officer.auth).expect(403);
      // And the other way round: the officer of B sees B, not A.
      await t.http.get(`/api/v1/units/${unitB}`).set(officerB.auth).expect(200);
      await t.http.get(`/api/v1/units/${unitA}`).set(officerB.auth).expect(403);
    });

    it('GET users/me shows each officer its own record and unit', async () => {
      const a = await t.http.get('/api/v1/users/me').set(as.officer.auth).expect(200);
      expect(a.body).toMatchObject({ id: as.officer.id, unitId: unitA });
      const b = await t.http.get('/api/v1/users/me').set(officerB.auth).expect(200);
      expect(b.body).toMatchObject({ id: officerB.id, unitId: unitB });
    });
  });

  describe('public routes', () => {
    it('/health and POST /api/v1/auth/login need no token (and ignore a bad one)', async () => {
      await t.http.get('/health').expect(200);
      await t.http.get('/health').set('Authorization', 'Bearer garbage').expect(200);
      const res = await t.http
        .post('/api/v1/auth/login')
        .set('Authorization', 'Bearer garbage')
        .send({ email: 'chuyen.gia@dti.local', password: PASSWORD })
        .expect(200);
      expect(typeof res.body.accessToken).toBe('string');
    });
  });

  // Last, because these change the state the refusals above were checked against.
  describe('positive controls: the allowed roles get through', () => {
    it.each(endpoints.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
      for (const who of e.allowed) {
        // Each changes its own password once; the first allowed role is the one whose success is checked.
        if (e.method === 'put' && who !== e.allowed[0]) continue;
        const res = await call(e, as[who].auth);
        if (who === e.allowed[0]) expect(res.status).toBe(e.okStatus);
        else expect(res.status).toBe(200);
      }
    });
  });
});
