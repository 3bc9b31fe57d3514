/**
 * Feeds from national systems (issue #21, point 2): a service account with an API key scoped to a series pushes a
 * month's values through PUT /api/v1/feeds/:series/:level/:period. Twice the same push leaves one set of values (the
 * second says unchanged); a bad row (an unknown unit, an unknown indicator, a value of the wrong type) is refused
 * with its index, unit, indicator, field and rule, and nothing is written; a closed (scoring) month is a 409; a
 * revoked key a 401; a person's token, or a key of another series, a 403; a push into a published month is taken
 * as an erratum. The admin's file import takes a monthly cycle as any other.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { join } from 'node:path';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { auditCount, PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/** A small monthly framework measured only by national systems: counts (online of total) and a percent. */
const MONTHLY = `
code: FEED-T
version: "1"
level: province
year: 2024
period: month
name: { vi: "Dịch vụ công trực tuyến hằng tháng (thử)", en: "Monthly online public services (test)" }
source: "Khung thử nghiệm cho kiểm thử."
result: { scale: 100, precision: 2 }
aggregation: points
maxPoints: 100
missing: zero
nodes:
  - code: DV4
    name: { vi: "Tỷ lệ dịch vụ công trực tuyến toàn trình", en: "Rate of full online public services" }
    maxPoints: 60
    input: { type: numbers, names: [online, total] }
    scoring: { rule: formula, expression: "total > 0 ? min(1, online / total) * maxPoints : 0" }
    source: system
    evidence: none
  - code: HS
    name: { vi: "Tỷ lệ hồ sơ trực tuyến", en: "Share of applications filed online" }
    maxPoints: 40
    input: { type: percent, unit: "%" }
    scoring: { rule: ratio, target: 100 }
    source: system
    evidence: none
`;

describe('feeds from national systems (service accounts, API keys, the push API)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let officer: SignedInUser;
  let months: Record<string, { id: string }>;
  let provinces: string[];
  let key: string;
  let keyOther: string;
  let accountId: string;
  let otherId: string;

  const feed = (period: string) => `/api/v1/feeds/FEED-T/province/${period}`;
  const withKey = (k: string) => ({ Authorization: `ApiKey ${k}` });
  /** Every 2024 province's two values for a month, the counts varying by unit and month. */
  const fullMonth = (month: number, bump = 0) =>
    provinces.flatMap((code, i) => [
      { unit: code, indicator: 'DV4', inputs: { online: 100 + ((i * 7 + month) % 50) + bump, total: 200 } },
      { unit: code, indicator: 'HS', value: Math.round(((i * 13 + month * 3) % 1000) / 10) },
    ]);
  const storedValues = async (cycleId: string): Promise<{ unit: string; indicator: string; value: unknown; source: string; sourceId: string | null }[]> =>
    t.db.query(
      `SELECT u.code AS unit, v.indicator_code AS indicator, v.value, v.source, v.source_id AS "sourceId"
         FROM system_values v JOIN units u ON u.id = v.unit_id WHERE v.cycle_id = $1 ORDER BY u.code, v.indicator_code`,
      [cycleId],
    );

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
    const framework = await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(MONTHLY).expect(201);
    const series = await t.http
      .post('/api/v1/cycles/series')
      .set(admin.auth)
      .send({ frameworkId: framework.body.id, level: 'province', from: '2024-01', to: '2024-03' })
      .expect(201);
    months = Object.fromEntries((series.body as { id: string; periodIndex: number }[]).map((c) => [`2024-0${c.periodIndex}`, c]));
    const rows: { code: string }[] = await t.db.query(
      'SELECT u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1 ORDER BY u.code',
      [months['2024-01'].id],
    );
    provinces = rows.map((r) => r.code);
    officer = await signedInUser(t, Role.Officer, 'officer@danang.test', (await t.db.query("SELECT id FROM units WHERE code = '48' AND level = 'province' ORDER BY valid_from LIMIT 1"))[0].id);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('an administrator makes a service account: the key once, then only its prefix; it never signs in by password', async () => {
    const created = await t.http
      .post('/api/v1/service-accounts')
      .set(admin.auth)
      .send({ email: 'cong-dvc@he-thong.gov.vn', fullName: 'Cổng Dịch vụ công quốc gia', scopes: ['FEED-T'] })
      .expect(201);
    key = created.body.secret;
    accountId = created.body.account.id;
    expect(key).toMatch(/^dti_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.body.key).toMatchObject({ prefix: key.slice(0, 12), scopes: ['FEED-T'], revokedAt: null });
    const other = await t.http.post('/api/v1/service-accounts').set(admin.auth).send({ email: 'khac@he-thong.gov.vn', fullName: 'Hệ thống khác', scopes: ['OTHER'] }).expect(201);
    keyOther = other.body.secret;
    otherId = other.body.account.id;

    const list = await t.http.get('/api/v1/service-accounts').set(admin.auth).expect(200);
    expect(list.body.total).toBe(2);
    expect(JSON.stringify(list.body)).not.toContain(key.slice(13));
    expect(JSON.stringify(list.body)).not.toMatch(/secret/i);
    const [{ stored }] = await t.db.query('SELECT count(*)::int AS stored FROM api_keys WHERE secret_hash = encode(sha256($1::bytea), \'hex\')', [key]);
    expect(stored).toBe(1);

    // No password to sign in with, and no person's role to be given instead.
    await t.http.post('/api/v1/auth/login').send({ email: 'cong-dvc@he-thong.gov.vn', password: PASSWORD }).expect(401);
    await t.http.post('/api/v1/users').set(admin.auth).send({ email: 'x@he-thong.gov.vn', fullName: 'X', role: 'service', password: PASSWORD }).expect(400);
    // A key is not a person: the routes of people refuse it.
    await t.http.get('/api/v1/users').set(withKey(key)).expect(403);
    await t.http.get('/api/v1/users/me').set(withKey(key)).expect(403);
    await t.http.get('/api/v1/service-accounts').set(withKey(key)).expect(403);
    const audited: { action: string }[] = await t.db.query("SELECT action FROM audit_log WHERE action = 'service_account.create'");
    expect(audited).toHaveLength(2);
    expect(JSON.stringify(await t.db.query('SELECT after FROM audit_log'))).not.toContain(key.slice(13));
  });

  it('pushes a month twice: one set of values, the second push all unchanged; one batch and one audit entry each', async () => {
    const values = fullMonth(1);
    const first = await t.http.put(feed('2024-01')).set(withKey(key)).send({ values }).expect(200);
    expect(first.body).toMatchObject({ series: 'FEED-T', level: 'province', period: '2024-01', rows: values.length, written: values.length, unchanged: 0, erratum: false });
    const auditBefore = await auditCount(t);
    const second = await t.http.put(feed('2024-01')).set(withKey(key)).send({ values }).expect(200);
    expect(second.body).toMatchObject({ rows: values.length, written: 0, unchanged: values.length, erratum: false });
    expect(await auditCount(t)).toBe(auditBefore + 1);

    const stored = await storedValues(months['2024-01'].id);
    expect(stored).toHaveLength(provinces.length * 2);
    // The counts are kept, not only the ratio; every value names the first batch (the second changed nothing).
    const first01 = stored.find((v) => v.unit === provinces[0] && v.indicator === 'DV4')!;
    expect(first01).toMatchObject({ value: { online: 101, total: 200 }, source: 'feed', sourceId: first.body.batchId });
    expect(new Set(stored.map((v) => v.sourceId))).toEqual(new Set([first.body.batchId]));
    const batches = await t.http.get(`${feed('2024-01')}/batches`).set(admin.auth).expect(200);
    expect(batches.body.map((b: { written: number; unchanged: number }) => [b.written, b.unchanged])).toEqual([
      [0, values.length],
      [values.length, 0],
    ]);
    const entries: { after: Record<string, unknown> }[] = await t.db.query("SELECT after FROM audit_log WHERE action = 'feed.push' ORDER BY at");
    expect(entries.map((e) => e.after)).toEqual([
      expect.objectContaining({ series: 'FEED-T', period: '2024-01', rows: values.length, written: values.length, unchanged: 0 }),
      expect.objectContaining({ rows: values.length, written: 0, unchanged: values.length }),
    ]);

    // One value changed: only it is written, in a new batch.
    const changed = values.map((v, i) => (i === 1 ? { ...v, value: 99.5 } : v));
    const third = await t.http.put(feed('2024-01')).set(withKey(key)).send({ values: changed }).expect(200);
    expect(third.body).toMatchObject({ written: 1, unchanged: values.length - 1 });
    expect((await storedValues(months['2024-01'].id)).find((v) => v.unit === provinces[0] && v.indicator === 'HS')).toMatchObject({ value: 99.5, sourceId: third.body.batchId });
  }, 60_000);

  it('refuses a push with a bad row, naming each (index, unit, indicator, field, rule), and writes nothing', async () => {
    const before = await storedValues(months['2024-02'].id);
    const batchesBefore = (await t.db.query('SELECT count(*)::int AS n FROM feed_batches'))[0].n;
    const values = [
      { unit: provinces[0], indicator: 'DV4', inputs: { online: 5, total: 10 } },
      { unit: 'ZZ99', indicator: 'DV4', inputs: { online: 5, total: 10 } },
      { unit: provinces[1], indicator: 'NOPE', value: 3 },
      { unit: provinces[2], indicator: 'HS', value: 'nhiều' },
      { unit: provinces[3], indicator: 'HS', value: 140 },
      { unit: provinces[4], indicator: 'DV4', value: 55 },
      { unit: 'BTC', indicator: 'HS', value: 50 },
    ];
    const res = await t.http.put(feed('2024-02')).set(withKey(key)).send({ values }).expect(422);
    expect(res.body.error).toBe('UNPROCESSABLE_ENTITY');
    expect(res.body.message).toMatch(/nothing was written/);
    const rows = res.body.details.rows as { index: number; unit?: string; indicator?: string; field: string; rule: string; message: string }[];
    expect(rows.map(({ index, unit, indicator, field, rule }) => ({ index, unit, indicator, field, rule }))).toEqual([
      { index: 1, unit: 'ZZ99', indicator: 'DV4', field: 'unit', rule: 'exists' },
      { index: 2, unit: provinces[1], indicator: 'NOPE', field: 'indicator', rule: 'exists' },
      { index: 3, unit: provinces[2], indicator: 'HS', field: 'value', rule: 'isNumber' },
      { index: 4, unit: provinces[3], indicator: 'HS', field: 'value', rule: 'max' },
      { index: 5, unit: provinces[4], indicator: 'DV4', field: 'value', rule: 'numbersColumns' },
      { index: 6, unit: 'BTC', indicator: 'HS', field: 'unit', rule: 'participant' },
    ]);
    expect(rows[1].message).toMatch(/NOPE is not an indicator of FEED-T/);
    expect(rows[4].message).toMatch(/inputs/);
    expect(await storedValues(months['2024-02'].id)).toEqual(before);
    expect((await t.db.query('SELECT count(*)::int AS n FROM feed_batches'))[0].n).toBe(batchesBefore);

    // Shapes: an unknown field, value and inputs both; the body itself.
    const shape = await t.http
      .put(feed('2024-02'))
      .set(withKey(key))
      .send({ values: [{ unit: provinces[0], indicator: 'HS', value: 5, extra: 1 }, { unit: provinces[0], indicator: 'DV4', value: 5, inputs: { online: 1, total: 2 } }] })
      .expect(422);
    expect(shape.body.details.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 0, field: 'extra', rule: 'unknownField' }), expect.objectContaining({ index: 1, field: 'inputs', rule: 'valueOrInputs' })]),
    );
    await t.http.put(feed('2024-02')).set(withKey(key)).send({ values: [] }).expect(400);
    await t.http.put(feed('2024-13')).set(withKey(key)).send({ values: fullMonth(2) }).expect(400);
    const tooMany = Array.from({ length: 5001 }, (_, i) => ({ unit: provinces[i % provinces.length], indicator: 'HS', value: 1 }));
    const big = await t.http.put(feed('2024-02')).set(withKey(key)).send({ values: tooMany }).expect(413);
    expect(big.body.message).toMatch(/more than 5000/);
    await t.http.put(feed('2024-04')).set(withKey(key)).send({ values: fullMonth(4) }).expect(404);
  }, 60_000);

  it('the file import of system values takes a monthly cycle as any other', async () => {
    const csv = ['unit,indicator,value,online,total', `${provinces[0]},HS,42.5,,`, `${provinces[0]},DV4,,7,9`].join('\r\n');
    const job = await t.http.post(`/api/v1/cycles/${months['2024-02'].id}/system-values`).set(admin.auth).attach('file', Buffer.from(csv), 'gia-tri.csv').expect(202);
    await drainQueues(t);
    expect((await t.http.get(`/api/v1/imports/${job.body.id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'succeeded', report: { applied: 2 } });
    expect(await storedValues(months['2024-02'].id)).toEqual([
      expect.objectContaining({ indicator: 'DV4', value: { online: 7, total: 9 }, source: 'import' }),
      expect.objectContaining({ indicator: 'HS', value: 42.5, source: 'import' }),
    ]);
    // The feed then replaces an imported value with its own (the same value is unchanged, and stays the import's).
    const res = await t.http
      .put(feed('2024-02'))
      .set(withKey(key))
      .send({ values: [{ unit: provinces[0], indicator: 'HS', value: 42.5 }, { unit: provinces[0], indicator: 'DV4', inputs: { online: 8, total: 9 } }] })
      .expect(200);
    expect(res.body).toMatchObject({ written: 1, unchanged: 1 });
    expect((await storedValues(months['2024-02'].id)).map((v) => [v.indicator, v.source])).toEqual([
      ['DV4', 'feed'],
      ['HS', 'import'],
    ]);
  }, 60_000);

  it('refuses a closed period (scoring): 409, period closed, nothing written', async () => {
    const cycle = await t.http.get(`/api/v1/cycles/${months['2024-02'].id}`).set(admin.auth).expect(200);
    await t.http.post(`/api/v1/cycles/${months['2024-02'].id}/phase`).set(admin.auth).send({ to: 'scoring', rowVersion: cycle.body.rowVersion }).expect(200);
    const before = await storedValues(months['2024-02'].id);
    const res = await t.http.put(feed('2024-02')).set(withKey(key)).send({ values: fullMonth(2) }).expect(409);
    expect(res.body).toMatchObject({ error: 'WRONG_PHASE', details: { phase: 'scoring', periodClosed: true } });
    expect(res.body.message).toMatch(/^period closed/);
    expect(await storedValues(months['2024-02'].id)).toEqual(before);
  });

  it("refuses a person's token (403), a key of another series (403), a revoked or unknown key (401)", async () => {
    const officerPush = await t.http.put(feed('2024-01')).set(officer.auth).send({ values: fullMonth(1) }).expect(403);
    expect(officerPush.body.error).toBe('FORBIDDEN');
    await t.http.put(feed('2024-01')).set(admin.auth).send({ values: fullMonth(1) }).expect(403);
    const other = await t.http.put(feed('2024-01')).set(withKey(keyOther)).send({ values: fullMonth(1) }).expect(403);
    expect(other.body.message).toMatch(/may not write the series FEED-T/);

    const unknown = await t.http.put(feed('2024-01')).set(withKey(`dti_AAAAAAAA_${'A'.repeat(43)}`)).send({ values: fullMonth(1) }).expect(401);
    expect(unknown.body.message).toMatch(/API key is unknown/);

    // A second key of the account, then the first revoked: the first gets 401 saying so, the second still works.
    const second = await t.http.post(`/api/v1/service-accounts/${accountId}/keys`).set(admin.auth).send({ scopes: ['FEED-T'] }).expect(201);
    const keys = (await t.http.get('/api/v1/service-accounts').set(admin.auth).expect(200)).body.items.find((a: { id: string }) => a.id === accountId).keys as { id: string; prefix: string; lastUsedAt: string | null }[];
    const firstKey = keys.find((k) => k.prefix === key.slice(0, 12))!;
    expect(firstKey.lastUsedAt).not.toBeNull();
    const revoked = await t.http.delete(`/api/v1/service-accounts/${accountId}/keys/${firstKey.id}`).set(admin.auth).expect(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await t.http.put(feed('2024-01')).set(withKey(key)).send({ values: fullMonth(1) }).expect(401);
    expect(refused.body).toMatchObject({ error: 'UNAUTHENTICATED' });
    expect(refused.body.message).toMatch(new RegExp(`API key ${key.slice(0, 12)} was revoked`));
    const audit: { after: { revokedAt: string | null } }[] = await t.db.query("SELECT after FROM audit_log WHERE action = 'api_key.revoke'");
    expect(audit).toHaveLength(1);
    expect(audit[0].after.revokedAt).not.toBeNull();
    key = second.body.secret;
    await t.http.put(feed('2024-01')).set(withKey(key)).send({ values: fullMonth(1) }).expect(200);

    // A disabled service account: its keys are refused (401), and a service account keeps its role.
    const user = await t.http.get(`/api/v1/users/${otherId}`).set(admin.auth).expect(200);
    expect(user.body).toMatchObject({ role: 'service', unitId: null });
    await t.http.patch(`/api/v1/users/${otherId}`).set(admin.auth).send({ version: user.body.version, role: 'admin' }).expect(409);
    await t.http.patch(`/api/v1/users/${otherId}`).set(admin.auth).send({ version: user.body.version, disabled: true }).expect(200);
    const disabled = await t.http.put(feed('2024-01')).set(withKey(keyOther)).send({ values: fullMonth(1) }).expect(401);
    expect(disabled.body.message).toMatch(/is disabled/);
  });

  it('takes a push into a published month as an erratum, flagged in the answer and the batch', async () => {
    const march = months['2024-03'].id;
    await t.http.put(feed('2024-03')).set(withKey(key)).send({ values: fullMonth(3) }).expect(200);
    const cycle = await t.http.get(`/api/v1/cycles/${march}`).set(admin.auth).expect(200);
    await t.http.post(`/api/v1/cycles/${march}/phase`).set(admin.auth).send({ to: 'scoring', rowVersion: cycle.body.rowVersion }).expect(200);
    const run = await t.http.post(`/api/v1/cycles/${march}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    await t.http.post(`/api/v1/cycles/${march}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
    expect((await t.http.get(`/api/v1/cycles/${march}`).set(admin.auth).expect(200)).body.phase).toBe('published');

    const corrected = fullMonth(3).map((v, i) => (i === 0 ? { ...v, inputs: { online: 150, total: 200 } } : v));
    const res = await t.http.put(feed('2024-03')).set(withKey(key)).send({ values: corrected }).expect(200);
    expect(res.body).toMatchObject({ erratum: true, written: 1, unchanged: corrected.length - 1 });
    const [batch] = await t.db.query('SELECT erratum, written FROM feed_batches WHERE id = $1', [res.body.batchId]);
    expect(batch).toEqual({ erratum: true, written: 1 });
    expect((await storedValues(march)).find((v) => v.unit === provinces[0] && v.indicator === 'DV4')).toMatchObject({ value: { online: 150, total: 200 }, sourceId: res.body.batchId });
    const [entry] = await t.db.query("SELECT after FROM audit_log WHERE action = 'feed.push' AND entity_id = $1", [res.body.batchId]);
    expect(entry.after).toMatchObject({ erratum: true, written: 1 });
  }, 120_000);
});
