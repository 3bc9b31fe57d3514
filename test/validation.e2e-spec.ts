import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitsService } from '../src/units/units.service';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

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

type Problem = [field: string, rule: string];

interface Case {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: () => string;
  /** An object is sent as JSON; a string is sent as it is, with Content-Type application/json. */
  body?: () => object | string;
  status: number;
  /** The problems the answer must name (it may name more); none when no field is at fault. */
  problems?: Problem[];
}

describe('input validation: bad requests are refused with the field and rule named, and nothing is written', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let vnId: string;
  let provinceId: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    const units = t.app.get(UnitsService);
    const cli = systemActor('cli');
    vnId = (await units.create(cli, { level: 'national', code: 'VN', nameVi: 'Việt Nam', validFrom: '2008-08-01' })).id;
    provinceId = (
      await units.create(cli, { level: 'province', code: '79', nameVi: 'Hồ Chí Minh', validFrom: '2025-07-01', parentId: vnId })
    ).id;
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
    userId = (await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local')).id;
  });
  afterAll(() => t.close());

  const goodUnit = () => ({ level: 'commune', code: '26734', nameVi: 'Phường Sài Gòn', validFrom: '2025-07-01', parentId: provinceId });
  const goodUser = () => ({ email: 'moi@dti.local', fullName: 'Trần Thị Bình', role: 'reviewer', password: PASSWORD });
  const units = '/api/v1/units';
  const unit = () => `/api/v1/units/${provinceId}`;
  const users = '/api/v1/users';
  const user = () => `/api/v1/users/${userId}`;
  const login = '/api/v1/auth/login';
  const bigString = 'x'.repeat(1024 * 1024 + 1);

  const cases: Case[] = [
    // POST /units
    {
      name: 'POST units: missing fields',
      method: 'post',
      path: () => units,
      body: () => ({}),
      status: 400,
      problems: [['level', 'isIn'], ['code', 'matches'], ['nameVi', 'isString'], ['validFrom', 'isIso8601']],
    },
    {
      name: 'POST units: wrong types',
      method: 'post',
      path: () => units,
      body: () => ({ level: 3, code: 48, nameVi: ['Đà Nẵng'], validFrom: 20250701, parentId: 'VN', predecessorIds: 'a' }),
      status: 400,
      problems: [['level', 'isIn'], ['code', 'matches'], ['nameVi', 'isString'], ['validFrom', 'isIso8601'], ['parentId', 'isUuid'], ['predecessorIds', 'isArray']],
    },
    {
      name: 'POST units: unknown fields, top level and nested',
      method: 'post',
      path: () => units,
      body: () => ({ ...goodUnit(), population: 12, name: { vi: 'Sài Gòn' }, id: '00000000-0000-4000-8000-000000000000' }),
      status: 400,
      problems: [['population', 'unknownField'], ['name', 'unknownField'], ['id', 'unknownField']],
    },
    { name: 'POST units: unknown level', method: 'post', path: () => units, body: () => ({ ...goodUnit(), level: 'galaxy' }), status: 400, problems: [['level', 'isIn']] },
    { name: 'POST units: an impossible date', method: 'post', path: () => units, body: () => ({ ...goodUnit(), validFrom: '2025-02-30' }), status: 400, problems: [['validFrom', 'isIso8601']] },
    { name: 'POST units: a date-time for a date', method: 'post', path: () => units, body: () => ({ ...goodUnit(), validFrom: '2025-07-01T00:00:00Z' }), status: 400, problems: [['validFrom', 'matches']] },
    { name: 'POST units: a code too long', method: 'post', path: () => units, body: () => ({ ...goodUnit(), code: 'A'.repeat(33) }), status: 400, problems: [['code', 'matches']] },
    { name: 'POST units: an empty name', method: 'post', path: () => units, body: () => ({ ...goodUnit(), nameVi: '' }), status: 400, problems: [['nameVi', 'isLength']] },
    { name: 'POST units: a name too long', method: 'post', path: () => units, body: () => ({ ...goodUnit(), nameVi: 'Ơ'.repeat(201) }), status: 400, problems: [['nameVi', 'isLength']] },
    {
      // 101 emoji with a variation selector: 101 "characters" to a reader, 202 code points to PostgreSQL's varchar(200).
      name: 'POST units: a name of more than 200 code points',
      method: 'post',
      path: () => units,
      body: () => ({ ...goodUnit(), nameVi: '🏙️'.repeat(101) }),
      status: 400,
      problems: [['nameVi', 'isLength']],
    },
    { name: 'POST units: a NUL character in a name', method: 'post', path: () => units, body: () => ({ ...goodUnit(), nameVi: 'Phường\u0000Sài Gòn' }), status: 400, problems: [['nameVi', 'noNulCharacter']] },
    { name: 'POST units: predecessorIds not UUIDs', method: 'post', path: () => units, body: () => ({ ...goodUnit(), predecessorIds: ['79'] }), status: 400, problems: [['predecessorIds', 'isUuid']] },
    {
      name: 'POST units: more than 20 predecessors',
      method: 'post',
      path: () => units,
      body: () => ({ ...goodUnit(), predecessorIds: Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) }),
      status: 400,
      problems: [['predecessorIds', 'arrayMaxSize']],
    },
    { name: 'POST units: validTo before validFrom', method: 'post', path: () => units, body: () => ({ ...goodUnit(), validTo: '2025-06-30' }), status: 422, problems: [['validTo', 'notBeforeValidFrom']] },
    { name: 'POST units: an unknown parent', method: 'post', path: () => units, body: () => ({ ...goodUnit(), parentId: '00000000-0000-4000-8000-000000000001' }), status: 422, problems: [['parentId', 'exists']] },
    { name: 'POST units: a JSON array for a body', method: 'post', path: () => units, body: () => [goodUnit()], status: 400 },
    { name: 'POST units: malformed JSON', method: 'post', path: () => units, body: () => '{"level": "commune", ', status: 400 },
    { name: 'POST units: a body over BODY_LIMIT_BYTES', method: 'post', path: () => units, body: () => ({ ...goodUnit(), nameEn: bigString }), status: 413 },

    // PATCH /units/:id
    { name: 'PATCH units: missing version', method: 'patch', path: unit, body: () => ({ nameEn: 'HCMC' }), status: 400, problems: [['version', 'isInt']] },
    { name: 'PATCH units: version as a string', method: 'patch', path: unit, body: () => ({ version: '1', nameEn: 'HCMC' }), status: 400, problems: [['version', 'isInt']] },
    { name: 'PATCH units: version 0', method: 'patch', path: unit, body: () => ({ version: 0 }), status: 400, problems: [['version', 'min']] },
    { name: 'PATCH units: version 1.5', method: 'patch', path: unit, body: () => ({ version: 1.5 }), status: 400, problems: [['version', 'isInt']] },
    { name: 'PATCH units: a version beyond the integer column', method: 'patch', path: unit, body: () => ({ version: 1e10 }), status: 400, problems: [['version', 'max']] },
    { name: 'PATCH units: nameVi null', method: 'patch', path: unit, body: () => ({ version: 1, nameVi: null }), status: 400, problems: [['nameVi', 'isString']] },
    { name: 'PATCH units: nameVi a number', method: 'patch', path: unit, body: () => ({ version: 1, nameVi: 79 }), status: 400, problems: [['nameVi', 'isString']] },
    {
      name: 'PATCH units: fields that are not editable',
      method: 'patch',
      path: unit,
      body: () => ({ version: 1, code: '80', level: 'commune', validTo: '2030-01-01', parentId: vnId }),
      status: 400,
      problems: [['code', 'unknownField'], ['level', 'unknownField'], ['validTo', 'unknownField'], ['parentId', 'unknownField']],
    },
    { name: 'PATCH units: a bad unitGroup', method: 'patch', path: unit, body: () => ({ version: 1, unitGroup: 'Có dịch vụ công' }), status: 400, problems: [['unitGroup', 'matches']] },
    { name: 'PATCH units: malformed JSON', method: 'patch', path: unit, body: () => "{version: 1, nameEn: 'HCMC'}", status: 400 },

    // POST /units/:id/retire
    { name: 'POST retire: missing fields', method: 'post', path: () => `${unit()}/retire`, body: () => ({}), status: 400, problems: [['version', 'isInt'], ['validTo', 'isIso8601'], ['reason', 'isString']] },
    { name: 'POST retire: a reason too short', method: 'post', path: () => `${unit()}/retire`, body: () => ({ version: 1, validTo: '2030-12-31', reason: 'x' }), status: 400, problems: [['reason', 'isLength']] },

    // POST /users
    {
      name: 'POST users: missing fields',
      method: 'post',
      path: () => users,
      body: () => ({}),
      status: 400,
      problems: [['email', 'isEmail'], ['fullName', 'isString'], ['role', 'isIn'], ['password', 'isString']],
    },
    {
      name: 'POST users: wrong types',
      method: 'post',
      path: () => users,
      body: () => ({ email: 42, fullName: { vi: 'An' }, role: ['admin'], password: 123456789012345, unitId: 7 }),
      status: 400,
      problems: [['email', 'isEmail'], ['fullName', 'isString'], ['role', 'isIn'], ['password', 'isString'], ['unitId', 'isUuid']],
    },
    {
      name: 'POST users: unknown fields (no way to set a hash or flags)',
      method: 'post',
      path: () => users,
      body: () => ({ ...goodUser(), passwordHash: '$argon2id$...', disabled: false, isSuperAdmin: true }),
      status: 400,
      problems: [['passwordHash', 'unknownField'], ['disabled', 'unknownField'], ['isSuperAdmin', 'unknownField']],
    },
    { name: 'POST users: not an e-mail', method: 'post', path: () => users, body: () => ({ ...goodUser(), email: 'không phải email' }), status: 400, problems: [['email', 'isEmail']] },
    { name: 'POST users: an unknown role', method: 'post', path: () => users, body: () => ({ ...goodUser(), role: 'superuser' }), status: 400, problems: [['role', 'isIn']] },
    { name: 'POST users: a short password', method: 'post', path: () => users, body: () => ({ ...goodUser(), password: 'ngắn quá' }), status: 400, problems: [['password', 'isLength']] },
    { name: 'POST users: a NUL character in the name', method: 'post', path: () => users, body: () => ({ ...goodUser(), fullName: 'Trần\u0000Bình' }), status: 400, problems: [['fullName', 'noNulCharacter']] },
    { name: 'POST users: a name of more than 200 code points', method: 'post', path: () => users, body: () => ({ ...goodUser(), fullName: '🏙️'.repeat(101) }), status: 400, problems: [['fullName', 'isLength']] },
    { name: 'POST users: an officer without a unit', method: 'post', path: () => users, body: () => ({ ...goodUser(), role: 'officer' }), status: 400, problems: [['unitId', 'requiredForOfficer']] },
    { name: 'POST users: a body over BODY_LIMIT_BYTES', method: 'post', path: () => users, body: () => ({ ...goodUser(), fullName: bigString }), status: 413 },

    // PATCH /users/:id
    { name: 'PATCH users: missing version', method: 'patch', path: user, body: () => ({ fullName: 'Tên Mới' }), status: 400, problems: [['version', 'isInt']] },
    { name: 'PATCH users: disabled as a string', method: 'patch', path: user, body: () => ({ version: 1, disabled: 'yes' }), status: 400, problems: [['disabled', 'isBoolean']] },
    { name: 'PATCH users: disabled null', method: 'patch', path: user, body: () => ({ version: 1, disabled: null }), status: 400, problems: [['disabled', 'isBoolean']] },
    { name: 'PATCH users: fullName null', method: 'patch', path: user, body: () => ({ version: 1, fullName: null }), status: 400, problems: [['fullName', 'isString']] },
    { name: 'PATCH users: an unknown role', method: 'patch', path: user, body: () => ({ version: 1, role: 'root' }), status: 400, problems: [['role', 'isIn']] },
    { name: 'PATCH users: a version beyond the integer column', method: 'patch', path: user, body: () => ({ version: 3_000_000_000 }), status: 400, problems: [['version', 'max']] },
    {
      name: 'PATCH users: fields that are not editable here',
      method: 'patch',
      path: user,
      body: () => ({ version: 1, email: 'khac@dti.local', password: PASSWORD, passwordHash: 'x' }),
      status: 400,
      problems: [['email', 'unknownField'], ['password', 'unknownField'], ['passwordHash', 'unknownField']],
    },
    { name: 'PATCH users: a reviewer given a unit', method: 'patch', path: user, body: () => ({ version: 1, unitId: provinceId }), status: 400, problems: [['unitId', 'onlyForOfficer']] },

    // POST /auth/login
    { name: 'login: missing fields', method: 'post', path: () => login, body: () => ({}), status: 400, problems: [['email', 'isString'], ['password', 'isString']] },
    { name: 'login: wrong types', method: 'post', path: () => login, body: () => ({ email: ['quan.tri@dti.local'], password: { $ne: '' } }), status: 400, problems: [['email', 'isString'], ['password', 'isString']] },
    { name: 'login: unknown fields', method: 'post', path: () => login, body: () => ({ email: 'quan.tri@dti.local', password: PASSWORD, rememberMe: true }), status: 400, problems: [['rememberMe', 'unknownField']] },
    { name: 'login: a NUL character in the e-mail', method: 'post', path: () => login, body: () => ({ email: 'quan.tri\u0000@dti.local', password: PASSWORD }), status: 400, problems: [['email', 'noNulCharacter']] },
    { name: 'login: malformed JSON', method: 'post', path: () => login, body: () => '{"email":"quan.tri@dti.local","password":', status: 400 },
    { name: 'login: a body over BODY_LIMIT_BYTES', method: 'post', path: () => login, body: () => ({ email: 'quan.tri@dti.local', password: bigString }), status: 413 },

    // Query parameters
    { name: 'GET units: validOn not a date', method: 'get', path: () => `${units}?validOn=31/12/2024`, status: 400, problems: [['validOn', 'isIso8601']] },
    { name: 'GET units: validOn an impossible date', method: 'get', path: () => `${units}?validOn=2024-02-30`, status: 400, problems: [['validOn', 'isIso8601']] },
    { name: 'GET units: pageSize 0', method: 'get', path: () => `${units}?pageSize=0`, status: 400, problems: [['pageSize', 'min']] },
    { name: 'GET units: pageSize 1000', method: 'get', path: () => `${units}?pageSize=1000`, status: 400, problems: [['pageSize', 'max']] },
    { name: 'GET units: page 0', method: 'get', path: () => `${units}?page=0`, status: 400, problems: [['page', 'min']] },
    { name: 'GET units: page not a number', method: 'get', path: () => `${units}?page=hai`, status: 400, problems: [['page', 'isInt']] },
    { name: 'GET units: page beyond any offset', method: 'get', path: () => `${units}?page=99999999999999999999`, status: 400, problems: [['page', 'max']] },
    { name: 'GET units: an unknown level', method: 'get', path: () => `${units}?level=galaxy`, status: 400, problems: [['level', 'isIn']] },
    { name: 'GET units: parentId not a UUID', method: 'get', path: () => `${units}?parentId=79`, status: 400, problems: [['parentId', 'isUuid']] },
    { name: 'GET units: an unknown parameter', method: 'get', path: () => `${units}?sort=name`, status: 400, problems: [['sort', 'unknownField']] },
    { name: 'GET units: a NUL character in q', method: 'get', path: () => `${units}?q=B%00n`, status: 400, problems: [['q', 'noNulCharacter']] },
    { name: 'GET users: an unknown role', method: 'get', path: () => `${users}?role=god`, status: 400, problems: [['role', 'isEnum']] },
    { name: 'GET users: unitId not a UUID', method: 'get', path: () => `${users}?unitId=79`, status: 400, problems: [['unitId', 'isUuid']] },
    { name: 'GET audit: from not a date', method: 'get', path: () => '/api/v1/audit?from=h%C3%B4m%20qua', status: 400, problems: [['from', 'isIso8601']] },
    { name: 'GET audit: a malformed action', method: 'get', path: () => "/api/v1/audit?action=x'%20OR%201=1", status: 400, problems: [['action', 'matches']] },
    { name: 'GET audit: an action of one segment', method: 'get', path: () => '/api/v1/audit?action=unit', status: 400, problems: [['action', 'matches']] },
    { name: 'GET audit: an action with an empty segment', method: 'get', path: () => '/api/v1/audit?action=reviewer..add', status: 400, problems: [['action', 'matches']] },
    { name: 'GET audit: an action ending in a dot', method: 'get', path: () => '/api/v1/audit?action=unit.create.', status: 400, problems: [['action', 'matches']] },
    { name: 'GET audit: an action with capitals and a space', method: 'get', path: () => '/api/v1/audit?action=Unit.Create%20x', status: 400, problems: [['action', 'matches']] },
    { name: 'GET audit: actorId not a UUID', method: 'get', path: () => '/api/v1/audit?actorId=1', status: 400, problems: [['actorId', 'isUuid']] },
    { name: 'GET audit: pageSize 1000', method: 'get', path: () => '/api/v1/audit?pageSize=1000', status: 400, problems: [['pageSize', 'max']] },

    // Bad UUIDs in the path
    { name: 'GET units/:id with a bad UUID', method: 'get', path: () => `${units}/79`, status: 400, problems: [['id', 'isUuid']] },
    { name: 'PATCH units/:id with a bad UUID', method: 'patch', path: () => `${units}/not-a-uuid`, body: () => ({ version: 1 }), status: 400, problems: [['id', 'isUuid']] },
    { name: 'POST units/:id/retire with a bad UUID', method: 'post', path: () => `${units}/'%20OR%20'1'='1/retire`, body: () => ({ version: 1, validTo: '2030-12-31', reason: 'thử' }), status: 400, problems: [['id', 'isUuid']] },
    { name: 'GET users/:id with a bad UUID', method: 'get', path: () => `${users}/1`, status: 400, problems: [['id', 'isUuid']] },
    { name: 'PATCH users/:id with a bad UUID', method: 'patch', path: () => `${users}/abc`, body: () => ({ version: 1 }), status: 400, problems: [['id', 'isUuid']] },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await fingerprint(t);
    let req = t.http[c.method](c.path()).set(admin.auth);
    if (c.body !== undefined) {
      const body = c.body();
      req = typeof body === 'string' ? req.set('Content-Type', 'application/json').send(body) : req.send(body);
    }
    const res = await req;
    expect({ status: res.status, body: res.body }).toMatchObject({ status: c.status, body: { statusCode: c.status } });
    const expectedError =
      c.status === 413 ? 'PAYLOAD_TOO_LARGE' : c.status === 422 ? 'UNPROCESSABLE_ENTITY' : 'VALIDATION_FAILED';
    expect(res.body.error).toBe(expectedError);
    expect(typeof res.body.message).toBe('string');
    expect(typeof res.body.requestId).toBe('string');
    if (c.problems) {
      const named = (res.body.details as { field: string; rule: string }[]).map(({ field, rule }) => [field, rule]);
      expect(named).toEqual(expect.arrayContaining(c.problems));
    }
    expect(await fingerprint(t)).toEqual(before);
  });

  it('refuses a body that is not JSON for a JSON route, naming the missing fields', async () => {
    const before = await fingerprint(t);
    const res = await t.http.post(units).set(admin.auth).set('Content-Type', 'text/plain').send('level=province').expect(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'level' })]));
    expect(await fingerprint(t)).toEqual(before);
  });

  describe('text that is allowed is stored as given', () => {
    const readBack = async (id: string) => (await t.http.get(`${units}/${id}`).set(admin.auth).expect(200)).body;

    it('accepts Vietnamese and emoji in names', async () => {
      const res = await t.http
        .post(units)
        .set(admin.auth)
        .send({ ...goodUnit(), code: 'BT', nameVi: 'Phường Bến Thành 🏙️', nameEn: 'Ben Thanh Ward' })
        .expect(201);
      expect(res.body.nameVi).toBe('Phường Bến Thành 🏙️');
      expect((await readBack(res.body.id)).nameVi).toBe('Phường Bến Thành 🏙️');
      const [row] = await t.db.query('SELECT name_vi FROM units WHERE id = $1', [res.body.id]);
      expect(row.name_vi).toBe('Phường Bến Thành 🏙️');
    });

    it('stores a name typed in decomposed Unicode (NFD) in composed form (NFC)', async () => {
      const nfd = 'Phường Đa Kao'.normalize('NFD');
      expect(nfd).not.toBe('Phường Đa Kao');
      const res = await t.http.post(units).set(admin.auth).send({ ...goodUnit(), code: 'DK', nameVi: nfd }).expect(201);
      expect(res.body.nameVi).toBe('Phường Đa Kao'.normalize('NFC'));
      const found = await t.http.get(`${units}?q=${encodeURIComponent('Đa Kao')}`).set(admin.auth).expect(200);
      expect(found.body.items.map((u: { id: string }) => u.id)).toEqual([res.body.id]);
    });

    it('stores SQL and HTML text verbatim and does not run it', async () => {
      const sql = "Phường X'); DROP TABLE units; --";
      const html = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
      const a = await t.http.post(units).set(admin.auth).send({ ...goodUnit(), code: 'SQL', nameVi: sql, nameEn: html }).expect(201);
      expect(await readBack(a.body.id)).toMatchObject({ nameVi: sql, nameEn: html });
      const u = await t.http.post(users).set(admin.auth).send({ ...goodUser(), email: 'sql@dti.local', fullName: `${html} ${sql}` }).expect(201);
      expect(u.body.fullName).toBe(`${html} ${sql}`);
      // The tables are still there, and a search for the text finds it literally (no pattern, no injection).
      const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM units');
      expect(count).toBeGreaterThanOrEqual(3);
      const bySql = await t.http.get(`${units}?q=${encodeURIComponent("'); DROP TABLE")}`).set(admin.auth).expect(200);
      expect(bySql.body.items.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
      const byPercent = await t.http.get(`${units}?q=${encodeURIComponent('%')}`).set(admin.auth).expect(200);
      expect(byPercent.body.total).toBe(0);
      const byUnderscore = await t.http.get(`${units}?q=_`).set(admin.auth).expect(200);
      expect(byUnderscore.body.total).toBe(0);
    });
  });
});
