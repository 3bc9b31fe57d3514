import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DATE_YEAR_MAX, DATE_YEAR_MIN } from '../src/common/validators';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';
import { tableFingerprint, type RefusalCase } from './utils/table-fingerprint';

// A leaf of PDTI 2022 that its unit answers with evidence required (the evidence entry points take it).
const INDICATOR = firstLeaf(frameworkFile('pdti-2022.yaml'), (n) => (n.source ?? 'self') === 'self' && n.evidence === 'required').code;

/** Every table a refused write could touch. */
const TOUCHED = ['cycles', 'cycle_units', 'units', 'submissions', 'evidence', 'review_settings', 'audit_log'];
const fingerprint = (t: TestApp) => tableFingerprint(t, TOUCHED);
type Case = RefusalCase;

describe('dates out of the range the platform can mean, or in a form JavaScript and PostgreSQL read apart: 400/422 naming the field, never a 500, nothing written', () => {
  let t: TestApp;
  let c: OpenCycle;
  let before: Record<string, string>;

  const submission = () => `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
  const cycleBody = (fields: Record<string, unknown>) => ({
    year: 2023,
    level: 'province',
    frameworkId: c.frameworkId,
    nameVi: 'Đánh giá DTI cấp tỉnh năm 2023',
    opensAt: '2024-03-01T08:00:00+07:00',
    closesAt: '2024-04-30T17:00:00+07:00',
    participants: [{ unitId: c.unitA }],
    ...fields,
  });
  const citation = (issuedOn: string) => ({ indicatorCode: INDICATOR, kind: 'citation', documentNumber: '12/KH-UBND', documentTitle: 'Kế hoạch chuyển đổi số', issuedOn });

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    before = await fingerprint(t);
  });
  afterAll(() => t.close());

  const cases: Case[] = [
    // The sweep's probes.
    { name: 'audit: ?from=0000-01-01', send: () => t.http.get('/api/v1/audit?from=0000-01-01').set(c.admin.auth), field: 'from', rule: 'dateYears' },
    { name: 'audit: ?to=1800-01-01T00:00Z', send: () => t.http.get('/api/v1/audit?to=1800-01-01T00:00Z').set(c.admin.auth), field: 'to', rule: 'dateYears' },
    { name: 'audit: ?from=-9999-01-01', send: () => t.http.get('/api/v1/audit?from=-9999-01-01').set(c.admin.auth), field: 'from', rule: 'isIso8601' },
    { name: 'units: ?validOn=-9999-01-01', send: () => t.http.get('/api/v1/units?validOn=-9999-01-01').set(c.admin.auth), field: 'validOn', rule: 'isIso8601' },
    { name: 'cycle create: opensAt -9999-01-01', send: () => t.http.post('/api/v1/cycles').set(c.admin.auth).send(cycleBody({ opensAt: '-9999-01-01' })), field: 'opensAt', rule: 'isIso8601' },
    {
      name: 'cycle create: opensAt 9999-12-31T23:59:59+14:00',
      send: () => t.http.post('/api/v1/cycles').set(c.admin.auth).send(cycleBody({ opensAt: '9999-12-31T23:59:59+14:00' })),
      field: 'opensAt',
      rule: 'dateYears',
    },
    // ISO 8601 forms that class-validator takes and JavaScript reads as no date at all (Invalid Date).
    { name: 'cycle create: closesAt with an offset of hours only', send: () => t.http.post('/api/v1/cycles').set(c.admin.auth).send(cycleBody({ closesAt: '2024-04-30T17:00+07' })), field: 'closesAt', rule: 'isIso8601' },
    { name: 'cycle create: closesAt as a week date', send: () => t.http.post('/api/v1/cycles').set(c.admin.auth).send(cycleBody({ closesAt: '2024-W18-2' })), field: 'closesAt', rule: 'isIso8601' },
    { name: 'cycle edit: closesAt -9999-01-01', send: () => t.http.patch(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).send({ rowVersion: 2, closesAt: '-9999-01-01' }), field: 'closesAt', rule: 'isIso8601' },
    {
      name: 'extension: until -9999-01-01T00:00:00Z',
      send: () => t.http.put(`/api/v1/cycles/${c.cycleId}/participants/${c.unitA}/extension`).set(c.admin.auth).send({ until: '-9999-01-01T00:00:00Z', reason: 'Sự cố hệ thống' }),
      field: 'until',
      rule: 'isIso8601',
    },
    {
      name: 'extension: until 9999-12-31T23:59:59+14:00',
      send: () => t.http.put(`/api/v1/cycles/${c.cycleId}/participants/${c.unitA}/extension`).set(c.admin.auth).send({ until: '9999-12-31T23:59:59+14:00', reason: 'Sự cố hệ thống' }),
      field: 'until',
      rule: 'dateYears',
    },
    {
      name: 'review settings: objectionsOpenAt 9999-12-31T23:59:59+14:00',
      send: () => t.http.put(`/api/v1/cycles/${c.cycleId}/review/settings`).set(c.admin.auth).send({ objectionsOpenAt: '9999-12-31T23:59:59+14:00', objectionsCloseAt: '9999-12-31T23:59:59+14:00' }),
      field: 'objectionsOpenAt',
      rule: 'dateYears',
    },
    {
      name: 'unit create: validFrom 1800-01-01',
      send: () => t.http.post('/api/v1/units').set(c.admin.auth).send({ level: 'province', code: '99', nameVi: 'Tỉnh thử', validFrom: '1800-01-01' }),
      field: 'validFrom',
      rule: 'dateYears',
    },
    {
      name: 'unit retire: validTo 9999-12-31',
      send: () => t.http.post(`/api/v1/units/${c.unitB}/retire`).set(c.admin.auth).send({ version: 1, validTo: '9999-12-31', reason: 'Sáp nhập thử' }),
      field: 'validTo',
      rule: 'dateYears',
    },
    { name: 'evidence citation: issuedOn 1800-01-01', send: () => t.http.post(`${submission()}/evidence`).set(c.officerA.auth).send({ version: 1, ...citation('1800-01-01') }), field: 'issuedOn', rule: 'dateYears' },
  ];

  it.each(cases)('$name', async ({ send, field, rule }) => {
    const res = await send();
    expect([res.status, res.body.error]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule, message: expect.stringContaining(field) })]));
    expect(await fingerprint(t)).toEqual(before);
  });

  it('a time without an offset is Vietnam time to the audit filter as it is to the cycles (JavaScript and PostgreSQL read the same instant)', async () => {
    const [entry] = (await t.http.get('/api/v1/audit?pageSize=1').set(c.admin.auth).expect(200)).body.items as { at: string }[];
    const at = new Date(entry.at);
    // The entry's instant written as Vietnam time without an offset, e.g. 2026-12-06T13:10:38.123 for 06:10:38.123Z.
    const vietnam = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 23);
    const from = (await t.http.get(`/api/v1/audit?pageSize=500&from=${vietnam}`).set(c.admin.auth).expect(200)).body.items as { at: string }[];
    const to = (await t.http.get(`/api/v1/audit?pageSize=500&to=${vietnam}`).set(c.admin.auth).expect(200)).body.items as { at: string }[];
    expect(from.map((e) => e.at)).toContain(entry.at);
    expect(to.map((e) => e.at)).not.toContain(entry.at);
  });

  describe('the web forms: the same dates are a refusal page (422, or 400 as the page has it) naming the field and the rule, nothing written', () => {
    let origin: string;
    let admin: request.Agent;
    let officer: request.Agent;
    let adminToken: string;
    let officerToken: string;
    const formPath = () => `/app/cycles/${c.cycleId}/units/${c.unitA}`;

    /** The form's CSRF token as the page gives it. */
    const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const signIn = async (email: string, page: string): Promise<[request.Agent, string]> => {
      const agent = request.agent(origin);
      const login = await agent.get('/app/login').expect(200);
      await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email, password: PASSWORD }).expect(303);
      const token = csrfOf((await agent.get(page).expect(200)).text);
      expect(token).not.toBe('');
      return [agent, token];
    };
    const post = (agent: request.Agent, path: string, token: string, form: Record<string, string>) => agent.post(path).set('Origin', origin).type('form').send({ _csrf: token, ...form });
    const YEARS = `${DATE_YEAR_MIN} đến ${DATE_YEAR_MAX}`;

    beforeAll(async () => {
      // A real origin (the pages check Origin on a form post): the app listens on a port of its own for this part.
      await t.app.listen(0, '127.0.0.1');
      origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      [admin, adminToken] = await signIn(c.admin.email, '/app/admin/cycles');
      [officer, officerToken] = await signIn(c.officerA.email, formPath());
      before = await fingerprint(t);
    });

    // The status is the page's own for a field it refuses: 422 on the cycle and evidence forms, 400 on a filter and on
    // the catalog's forms (the units), as for every other field there.
    const forms: Array<[name: string, send: () => request.Test, status: number, label: string, rule: string]> = [
      [
        'new cycle: opensAt -9999-01-01T08:00',
        () => post(admin, '/app/admin/cycles', adminToken, { year: '2023', level: 'province', frameworkId: c.frameworkId, nameVi: 'DTI 2023', opensAt: '-9999-01-01T08:00', closesAt: '2024-04-30T17:00' }),
        422,
        'Mở nhận phiếu (giờ Việt Nam)',
        'Phải là ngày hợp lệ.',
      ],
      [
        'new cycle: closesAt 9999-12-31T23:59',
        () => post(admin, '/app/admin/cycles', adminToken, { year: '2023', level: 'province', frameworkId: c.frameworkId, nameVi: 'DTI 2023', opensAt: '2024-03-01T08:00', closesAt: '9999-12-31T23:59' }),
        422,
        'Hạn nộp (giờ Việt Nam)',
        YEARS,
      ],
      [
        'extension: until 9999-12-31T23:59',
        () => post(admin, `/app/admin/cycles/${c.cycleId}/extensions`, adminToken, { unitId: c.unitA, until: '9999-12-31T23:59', reason: 'Sự cố hệ thống' }),
        422,
        'Gia hạn đến',
        YEARS,
      ],
      [
        'new unit: validFrom 1800-01-01',
        () => post(admin, '/app/admin/units', adminToken, { level: 'province', code: '99', nameVi: 'Tỉnh thử', validFrom: '1800-01-01' }),
        400,
        'Hiệu lực từ',
        YEARS,
      ],
      ['units filter: validOn -9999-01-01', () => admin.get('/app/admin/units?validOn=-9999-01-01'), 400, 'Còn hiệu lực vào ngày', 'Phải là ngày hợp lệ.'],
      ['audit filter: from 0000-01-01', () => admin.get('/app/admin/audit?from=0000-01-01'), 400, 'Từ ngày', YEARS],
      ['evidence citation: issuedOn 1800-01-01', () => post(officer, `${formPath()}/evidence`, officerToken, { version: '1', ...citation('1800-01-01') }), 422, 'Ngày ban hành', YEARS],
    ];
    it.each(forms)('%s', async (_name, send, status, label, rule) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.text).toContain(label);
      expect(res.text).toContain(rule);
      expect(await fingerprint(t)).toEqual(before);
    });
  });

  it('still takes a date alone as the start of that day in Vietnam (it was read as no date)', async () => {
    const res = await t.http.post('/api/v1/cycles').set(c.admin.auth).send(cycleBody({ year: 2024, opensAt: '2024-03-01', closesAt: '2024-04-30T17:00' }));
    expect(res.status).toBe(201);
    expect([res.body.opensAt, res.body.closesAt]).toEqual(['2024-03-01T00:00:00+07:00', '2024-04-30T17:00:00+07:00']);
  });
});
