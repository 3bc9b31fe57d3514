import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitsService } from '../src/units/units.service';
import { auditCount, PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

interface UserBody {
  id: string;
  email: string;
  fullName: string;
  role: string;
  unitId: string | null;
  disabled: boolean;
  version: number;
}

const HASH = /\$argon2|passwordHash|password_hash/i;

describe('users (admin API)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let unitA: string;
  let unitB: string;
  let bodies: string[];

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await resetState(t);
    const units = t.app.get(UnitsService);
    const cli = systemActor('cli');
    const vn = await units.create(cli, { level: 'national', code: 'VN', nameVi: 'Việt Nam', validFrom: '2008-08-01' });
    unitA = (await units.create(cli, { level: 'province', code: '48', nameVi: 'Đà Nẵng', validFrom: '2025-07-01', parentId: vn.id })).id;
    unitB = (await units.create(cli, { level: 'province', code: '01', nameVi: 'Hà Nội', validFrom: '2025-07-01', parentId: vn.id })).id;
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
    bodies = [];
  });
  afterEach(() => {
    // No answer of this API, refusals included, may carry a password hash.
    for (const text of bodies) expect(text).not.toMatch(HASH);
  });
  afterAll(() => t.close());

  /** Sends a request as the admin (or another user) and keeps the answer's text for the hash check. */
  const send = async (
    method: 'get' | 'post' | 'patch',
    path: string,
    body?: object,
    as: SignedInUser = admin,
  ) => {
    const req = t.http[method](path).set(as.auth);
    const res = await (body ? req.send(body) : req);
    bodies.push(res.text);
    return res;
  };
  const createUser = (body: object) => send('post', '/api/v1/users', body);
  const officer = (over: object = {}) => ({
    email: 'can.bo@danang.gov.vn',
    fullName: 'Nguyễn Văn An',
    role: 'officer',
    unitId: unitA,
    password: PASSWORD,
    ...over,
  });
  const login = (email: string, password = PASSWORD) => t.http.post('/api/v1/auth/login').send({ email, password });

  it('creates an officer with its unit, a reviewer and an admin (201), each able to sign in with its role', async () => {
    const cases = [
      officer(),
      { email: 'Chuyen.Gia@DTI.local', fullName: 'Trần Thị Bình', role: 'reviewer', password: PASSWORD },
      { email: 'admin2@dti.local', fullName: 'Lê Văn Cường', role: 'admin', password: PASSWORD },
    ];
    for (const body of cases) {
      const res = await createUser(body);
      expect(res.status).toBe(201);
      const expectedUnit = 'unitId' in body ? body.unitId : null;
      expect(res.body).toMatchObject({
        email: body.email.toLowerCase(),
        fullName: body.fullName,
        role: body.role,
        unitId: expectedUnit,
        disabled: false,
        version: 1,
      });
      expect(res.body).not.toHaveProperty('password');
      const signedIn = await login(body.email.toLowerCase()).expect(200);
      expect(signedIn.body.user).toMatchObject({ id: res.body.id, role: body.role, unitId: expectedUnit });
      const [{ password_hash: hash }] = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(hash).toMatch(/^\$argon2id\$/);
    }
  });

  it('refuses an officer without a unit (naming unitId), a reviewer or admin with one, an unknown unit; writes nothing', async () => {
    const audit = await auditCount(t);
    const noUnit = await createUser(officer({ unitId: undefined }));
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.details).toEqual([expect.objectContaining({ field: 'unitId', rule: 'requiredForOfficer' })]);
    for (const role of ['reviewer', 'admin']) {
      const res = await createUser(officer({ role, email: `${role}@dti.local` }));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'unitId', rule: 'onlyForOfficer' })]);
    }
    const unknown = await createUser(officer({ unitId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'unitId', rule: 'exists' })]);
    expect(await auditCount(t)).toBe(audit);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM users');
    expect(count).toBe(1);
  });

  it('refuses a duplicate e-mail, in any case (409), and writes nothing', async () => {
    await createUser(officer()).then((r) => expect(r.status).toBe(201));
    const audit = await auditCount(t);
    for (const email of ['can.bo@danang.gov.vn', 'CAN.BO@danang.gov.vn', ' can.bo@DaNang.gov.vn ']) {
      const res = await createUser(officer({ email, unitId: unitB }));
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('CONFLICT');
    }
    expect(await auditCount(t)).toBe(audit);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM users');
    expect(count).toBe(2);
  });

  it('refuses the second of two concurrent creations with the same e-mail (409, not 500)', async () => {
    const results = await Promise.all([0, 1, 2].map((i) => createUser(officer({ fullName: `Người ${i}` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'user.create' AND actor_id = $1`, [admin.id]);
    expect(count).toBe(1);
  });

  it('lists users with filters (role, unitId) and pagination (page, pageSize, total), ordered by e-mail', async () => {
    for (const [email, role, unitId] of [
      ['a.officer@dti.local', 'officer', unitA],
      ['b.officer@dti.local', 'officer', unitA],
      ['c.officer@dti.local', 'officer', unitB],
      ['d.reviewer@dti.local', 'reviewer', undefined],
      ['e.reviewer@dti.local', 'reviewer', undefined],
    ] as const) {
      await createUser({ email, fullName: email, role, unitId, password: PASSWORD }).then((r) => expect(r.status).toBe(201));
    }
    const emails = (res: { body: { items: UserBody[] } }) => res.body.items.map((u) => u.email);

    const all = await send('get', '/api/v1/users');
    expect(all.body).toMatchObject({ total: 6, page: 1, pageSize: 50 });
    expect(emails(all)).toEqual([
      'a.officer@dti.local', 'b.officer@dti.local', 'c.officer@dti.local', 'd.reviewer@dti.local', 'e.reviewer@dti.local', 'quan.tri@dti.local',
    ]);
    expect(emails(await send('get', '/api/v1/users?role=officer'))).toEqual(['a.officer@dti.local', 'b.officer@dti.local', 'c.officer@dti.local']);
    expect(emails(await send('get', '/api/v1/users?role=reviewer'))).toEqual(['d.reviewer@dti.local', 'e.reviewer@dti.local']);
    expect(emails(await send('get', `/api/v1/users?unitId=${unitA}`))).toEqual(['a.officer@dti.local', 'b.officer@dti.local']);
    expect(emails(await send('get', `/api/v1/users?role=officer&unitId=${unitB}`))).toEqual(['c.officer@dti.local']);
    expect((await send('get', `/api/v1/users?role=reviewer&unitId=${unitB}`)).body).toMatchObject({ items: [], total: 0 });

    const page2 = await send('get', '/api/v1/users?pageSize=2&page=2');
    expect(page2.body).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(emails(page2)).toEqual(['c.officer@dti.local', 'd.reviewer@dti.local']);
    const page4 = await send('get', '/api/v1/users?pageSize=2&page=4');
    expect(page4.body).toMatchObject({ total: 6, items: [] });
  });

  it('reads one user by id (GET users/:id), and 404 for an unknown id', async () => {
    const created = (await createUser(officer())).body as UserBody;
    const res = await send('get', `/api/v1/users/${created.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, email: 'can.bo@danang.gov.vn', unitId: unitA });
    const missing = await send('get', '/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('NOT_FOUND');
  });

  it('disabling a user stops its token at once (401) and its login', async () => {
    const created = (await createUser(officer())).body as UserBody;
    const token = (await login(created.email).expect(200)).body.accessToken as string;
    await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(200);

    const res = await send('patch', `/api/v1/users/${created.id}`, { version: 1, disabled: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ disabled: true, version: 2 });

    const refused = await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(refused.body.error).toBe('UNAUTHENTICATED');
    await t.http.get(`/api/v1/units/${unitA}`).set('Authorization', `Bearer ${token}`).expect(401);
    expect((await login(created.email)).status).toBe(401);

    // Enabled again, it may sign in again.
    await send('patch', `/api/v1/users/${created.id}`, { version: 2, disabled: false }).then((r) => expect(r.status).toBe(200));
    await login(created.email).expect(200);
  });

  it('changes name, role and unit; moving an officer to another unit ends its sessions, and its next one reaches the new unit only', async () => {
    const created = (await createUser(officer())).body as UserBody;
    const signedIn = await login(created.email).expect(200);
    const auth = { Authorization: `Bearer ${signedIn.body.accessToken}` };
    await t.http.get(`/api/v1/units/${unitA}`).set(auth).expect(200);

    const moved = await send('patch', `/api/v1/users/${created.id}`, { version: 1, unitId: unitB, fullName: 'Nguyễn Văn Ân' });
    expect(moved.body).toMatchObject({ unitId: unitB, fullName: 'Nguyễn Văn Ân', version: 2 });
    // The token was issued for unit A: it ends with the move (users.sessions_valid_after); a new one reaches B, not A.
    await t.http.get(`/api/v1/units/${unitB}`).set(auth).expect(401);
    const again = { Authorization: `Bearer ${(await login(created.email).expect(200)).body.accessToken}` };
    await t.http.get(`/api/v1/units/${unitA}`).set(again).expect(403);
    await t.http.get(`/api/v1/units/${unitB}`).set(again).expect(200);

    // To a reviewer: the unit goes with the officer role.
    const reviewer = await send('patch', `/api/v1/users/${created.id}`, { version: 2, role: 'reviewer' });
    expect(reviewer.body).toMatchObject({ role: 'reviewer', unitId: null, version: 3 });
    // Back to officer without a unit: refused, naming unitId.
    const back = await send('patch', `/api/v1/users/${created.id}`, { version: 3, role: 'officer' });
    expect(back.status).toBe(400);
    expect(back.body.details).toEqual([expect.objectContaining({ field: 'unitId', rule: 'requiredForOfficer' })]);
  });

  it('an admin may neither disable nor demote itself (409), and nothing is written', async () => {
    const audit = await auditCount(t);
    for (const change of [{ disabled: true }, { role: 'reviewer' }]) {
      const res = await send('patch', `/api/v1/users/${admin.id}`, { version: 1, ...change });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('CONFLICT');
    }
    expect(await auditCount(t)).toBe(audit);
    await t.http.get('/api/v1/users/me').set(admin.auth).expect(200);
    // Another admin may disable it.
    const other = await signedInUser(t, Role.Admin, 'admin2@dti.local');
    const res = await send('patch', `/api/v1/users/${admin.id}`, { version: 1, disabled: true }, other);
    expect(res.status).toBe(200);
    await t.http.get('/api/v1/users/me').set(admin.auth).expect(401);
  });

  it('an admin resets a password (PUT users/:id/password): the old password and the tokens before it stop, the new one signs in; the rules refused by field', async () => {
    const created = (await createUser(officer())).body as UserBody;
    const token = (await login(created.email).expect(200)).body.accessToken as string;
    const put = (body: object, as: SignedInUser = admin) => t.http.put(`/api/v1/users/${created.id}/password`).set(as.auth).send(body);
    const short = await put({ version: 1, newPassword: 'ngắn quá' });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'isLength' })]);
    const reviewer = await signedInUser(t, Role.Reviewer, 'chuyen.gia.reset@dti.local');
    expect((await put({ version: 1, newPassword: 'mật khẩu mới đủ dài' }, reviewer)).status).toBe(403);
    const audit = await auditCount(t);
    const res = await put({ version: 1, newPassword: 'mật khẩu mới đủ dài' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, version: 2 });
    expect(res.text).not.toMatch(HASH);
    expect(await auditCount(t)).toBe(audit + 1);
    await t.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await login(created.email)).status).toBe(401);
    await login(created.email, 'mật khẩu mới đủ dài').expect(200);
    expect((await put({ version: 1, newPassword: 'mật khẩu khác nữa đây' })).status).toBe(409);
  });

  it('refuses a stale version with 409 VERSION_CONFLICT and the current version; nothing is written', async () => {
    const created = (await createUser(officer())).body as UserBody;
    await send('patch', `/api/v1/users/${created.id}`, { version: 1, fullName: 'Tên Một' }).then((r) => expect(r.status).toBe(200));
    const audit = await auditCount(t);
    const stale = await send('patch', `/api/v1/users/${created.id}`, { version: 1, disabled: true });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(await auditCount(t)).toBe(audit);
    expect((await send('get', `/api/v1/users/${created.id}`)).body).toMatchObject({ disabled: false, fullName: 'Tên Một', version: 2 });
    await login(created.email).expect(200);
  });

  it('never shows a password hash: create, get, list, me, update, login', async () => {
    const created = await createUser(officer());
    await send('get', `/api/v1/users/${created.body.id}`);
    await send('get', '/api/v1/users');
    await send('get', '/api/v1/users/me');
    await send('patch', `/api/v1/users/${created.body.id}`, { version: 1, fullName: 'Tên Khác' });
    const signedIn = await login(created.body.email).expect(200);
    bodies.push(signedIn.text);
    for (const text of bodies) expect(text).not.toMatch(HASH);
    expect(bodies).toHaveLength(6);
  });
});
