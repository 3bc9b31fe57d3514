import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitsService } from '../src/units/units.service';
import { auditCount, PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

const HASH = /\$argon2|passwordHash|password_hash/i;

describe('the audit log', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let vnId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await resetState(t);
    vnId = (await t.app.get(UnitsService).create(systemActor('cli'), { level: 'national', code: 'VN', nameVi: 'Việt Nam', validFrom: '2008-08-01' })).id;
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
  });
  afterAll(() => t.close());

  const entries = async (query = ''): Promise<{ items: Entry[]; total: number; page: number; pageSize: number }> =>
    (await t.http.get(`/api/v1/audit?pageSize=500${query ? `&${query}` : ''}`).set(admin.auth).expect(200)).body;

  /** Runs a change and returns the one audit entry it left (failing unless it left exactly one). */
  async function oneEntry(change: () => Promise<{ status: number; headers: Record<string, string> }>, status: number): Promise<Entry> {
    const before = await auditCount(t);
    const res = await change();
    expect(res.status).toBe(status);
    expect(await auditCount(t)).toBe(before + 1);
    const [latest] = (await entries()).items;
    expect(JSON.stringify(latest)).not.toMatch(HASH);
    // The entry carries the request's id, so a change can be found from the response and the logs.
    expect(latest.requestId).toBe(res.headers['x-request-id']);
    return latest;
  }

  it('records unit create, update and retire, each once, with actor, entity and before/after', async () => {
    const byAdmin = { actorId: admin.id, actorLabel: 'quan.tri@dti.local', entityType: 'unit' };
    let unitId = '';
    const created = await oneEntry(async () => {
      const res = await t.http
        .post('/api/v1/units')
        .set(admin.auth)
        .send({ level: 'province', code: '48', nameVi: 'Đà Nẵng', validFrom: '2025-07-01', parentId: vnId });
      unitId = res.body.id;
      return res;
    }, 201);
    expect(created).toMatchObject({ ...byAdmin, action: 'unit.create', entityId: unitId, before: null });
    expect(created.after).toMatchObject({ id: unitId, code: '48', nameVi: 'Đà Nẵng', version: 1 });

    const updated = await oneEntry(
      () => t.http.patch(`/api/v1/units/${unitId}`).set(admin.auth).send({ version: 1, nameEn: 'Da Nang' }),
      200,
    );
    expect(updated).toMatchObject({ ...byAdmin, action: 'unit.update', entityId: unitId });
    expect(updated.before).toMatchObject({ nameEn: null, version: 1 });
    expect(updated.after).toMatchObject({ nameEn: 'Da Nang', version: 2 });

    const retired = await oneEntry(
      () => t.http.post(`/api/v1/units/${unitId}/retire`).set(admin.auth).send({ version: 2, validTo: '2030-12-31', reason: 'Sáp nhập' }),
      201,
    );
    expect(retired).toMatchObject({ ...byAdmin, action: 'unit.retire', entityId: unitId });
    expect(retired.before).toMatchObject({ validTo: null, retiredReason: null });
    expect(retired.after).toMatchObject({ validTo: '2030-12-31', retiredReason: 'Sáp nhập', version: 3 });
  });

  it('records user create, update, disable and a password change, each once, without any password hash', async () => {
    const byAdmin = { actorId: admin.id, actorLabel: 'quan.tri@dti.local', entityType: 'user' };
    let userId = '';
    const created = await oneEntry(async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email: 'chuyen.gia@dti.local', fullName: 'Trần Thị Bình', role: 'reviewer', password: PASSWORD });
      userId = res.body.id;
      return res;
    }, 201);
    expect(created).toMatchObject({ ...byAdmin, action: 'user.create', entityId: userId, before: null });
    expect(created.after).toMatchObject({ email: 'chuyen.gia@dti.local', role: 'reviewer', disabled: false });

    const updated = await oneEntry(
      () => t.http.patch(`/api/v1/users/${userId}`).set(admin.auth).send({ version: 1, fullName: 'Trần Thị Bình An' }),
      200,
    );
    expect(updated).toMatchObject({ ...byAdmin, action: 'user.update', entityId: userId });
    expect(updated.before).toMatchObject({ fullName: 'Trần Thị Bình' });
    expect(updated.after).toMatchObject({ fullName: 'Trần Thị Bình An' });

    const disabled = await oneEntry(
      () => t.http.patch(`/api/v1/users/${userId}`).set(admin.auth).send({ version: 2, disabled: true }),
      200,
    );
    expect(disabled).toMatchObject({ ...byAdmin, action: 'user.disable', entityId: userId });
    expect(disabled.before).toMatchObject({ disabled: false });
    expect(disabled.after).toMatchObject({ disabled: true });

    // A password change is recorded as done by the user itself, with no secret in it.
    const officer = await signedInUser(t, Role.Reviewer, 'doi.mat.khau@dti.local');
    const changed = await oneEntry(
      () => t.http.put('/api/v1/users/me/password').set(officer.auth).send({ currentPassword: PASSWORD, newPassword: 'mật khẩu mới dài hơn 12' }),
      204,
    );
    expect(changed).toMatchObject({
      actorId: officer.id,
      actorLabel: 'doi.mat.khau@dti.local',
      action: 'user.change_password',
      entityType: 'user',
      entityId: officer.id,
    });
    expect(JSON.stringify(changed)).not.toContain('mật khẩu mới');
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM audit_log WHERE before::text ~* 'argon2|password_?hash' OR after::text ~* 'argon2|password_?hash'`,
    );
    expect(count).toBe(0);
  });

  it('leaves no entry for a refused change', async () => {
    const unit = (await t.http
      .post('/api/v1/units')
      .set(admin.auth)
      .send({ level: 'province', code: '48', nameVi: 'Đà Nẵng', validFrom: '2025-07-01', parentId: vnId })
      .expect(201)).body;
    const reviewer = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local');
    const before = await auditCount(t);
    const refusals = [
      t.http.patch(`/api/v1/units/${unit.id}`).set(admin.auth).send({ version: 7, nameEn: 'stale' }), // 409
      t.http.patch(`/api/v1/units/${unit.id}`).set(reviewer.auth).send({ version: 1, nameEn: 'role' }), // 403
      t.http.patch(`/api/v1/units/${unit.id}`).send({ version: 1, nameEn: 'no token' }), // 401
      t.http.post('/api/v1/units').set(admin.auth).send({ level: 'province', code: '48', nameVi: 'Trùng', validFrom: '2026-01-01', parentId: vnId }), // 409 overlap
      t.http.post('/api/v1/users').set(admin.auth).send({ email: 'chuyen.gia@dti.local', fullName: 'Trùng', role: 'reviewer', password: PASSWORD }), // 409
      t.http.patch(`/api/v1/users/${admin.id}`).set(admin.auth).send({ version: 1, disabled: true }), // 409 self
      t.http.put('/api/v1/users/me/password').set(reviewer.auth).send({ currentPassword: 'sai mật khẩu', newPassword: 'mật khẩu mới dài hơn 12' }), // 422
      t.http.post(`/api/v1/units/${unit.id}/retire`).set(admin.auth).send({ version: 1, validTo: '2020-01-01', reason: 'quá sớm' }), // 422
    ];
    const statuses = [];
    for (const req of refusals) statuses.push((await req).status);
    expect(statuses).toEqual([409, 403, 401, 409, 409, 409, 422, 422]);
    expect(await auditCount(t)).toBe(before);
  });

  it('filters by entityType, entityId, actorId, action and time, and paginates with page, pageSize and total', async () => {
    const other = await signedInUser(t, Role.Admin, 'admin2@dti.local');
    const unitIds: string[] = [];
    for (const [i, who] of [admin, admin, other].entries()) {
      const res = await t.http
        .post('/api/v1/units')
        .set(who.auth)
        .send({ level: 'province', code: `9${i}`, nameVi: `Tỉnh ${i}`, validFrom: '2025-07-01', parentId: vnId })
        .expect(201);
      unitIds.push(res.body.id);
    }
    await t.http.patch(`/api/v1/units/${unitIds[0]}`).set(other.auth).send({ version: 1, nameEn: 'Province 0' }).expect(200);
    const reviewer = (await t.http
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: 'chuyen.gia@dti.local', fullName: 'Chuyên gia', role: 'reviewer', password: PASSWORD })
      .expect(201)).body;
    // Beside these, the set-up wrote unit.create (VN) and user.create (admin, admin2) as the CLI.

    const all = await entries();
    expect(all.total).toBe(8);
    expect(all.items.map((e) => e.action)).toEqual([
      'user.create', 'unit.update', 'unit.create', 'unit.create', 'unit.create', 'user.create', 'user.create', 'unit.create',
    ]); // newest first

    const units = await entries('entityType=unit');
    expect(units.total).toBe(5);
    expect(units.items.every((e) => e.entityType === 'unit')).toBe(true);

    const ofUnit0 = await entries(`entityId=${unitIds[0]}`);
    expect(ofUnit0.items.map((e) => e.action)).toEqual(['unit.update', 'unit.create']);

    const byOther = await entries(`actorId=${other.id}`);
    expect(byOther.items.map((e) => [e.action, e.entityId])).toEqual([['unit.update', unitIds[0]], ['unit.create', unitIds[2]]]);

    const userCreates = await entries('action=user.create&entityType=user');
    expect(userCreates.total).toBe(3);
    expect(userCreates.items[0]).toMatchObject({ entityId: reviewer.id, actorId: admin.id });

    const byAdminUnitCreates = await entries(`action=unit.create&actorId=${admin.id}`);
    expect(byAdminUnitCreates.items.map((e) => e.entityId)).toEqual([unitIds[1], unitIds[0]]);

    // Time: from is inclusive, to exclusive.
    const [{ at }] = await t.db.query(`SELECT at FROM audit_log WHERE action = 'unit.update'`);
    const updateAt = new Date(at as string).toISOString();
    const since = await entries(`from=${encodeURIComponent(updateAt)}`);
    expect(since.items.map((e) => e.action)).toEqual(['user.create', 'unit.update']);
    const until = await entries(`to=${encodeURIComponent(updateAt)}`);
    expect(until.total).toBe(6);
    expect(until.items.some((e) => e.action === 'unit.update')).toBe(false);
    expect((await entries('from=2000-01-01&to=2000-12-31')).total).toBe(0);

    // Pagination over the 8 entries.
    const page = async (n: number) =>
      (await t.http.get(`/api/v1/audit?pageSize=3&page=${n}`).set(admin.auth).expect(200)).body as { items: Entry[]; total: number; page: number; pageSize: number };
    const pages = [await page(1), await page(2), await page(3), await page(4)];
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 2, 0]);
    expect(pages.every((p) => p.total === 8 && p.pageSize === 3)).toBe(true);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    expect(pages.flatMap((p) => p.items.map((e) => e.id))).toEqual(all.items.map((e) => e.id));
    const defaults = (await t.http.get('/api/v1/audit').set(admin.auth).expect(200)).body;
    expect(defaults).toMatchObject({ page: 1, pageSize: 50, total: 8 });
  });
});
