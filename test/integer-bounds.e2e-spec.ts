import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { PG_INT_MAX } from '../src/common/validators';
import { Role } from '../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { tableFingerprint, type RefusalCase } from './utils/table-fingerprint';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n'), Buffer.from('\n%%EOF\n')]);
// A leaf of PDTI 2022 that its unit answers with evidence required (the evidence entry points take it).
const INDICATOR = firstLeaf(frameworkFile('pdti-2022.yaml'), (n) => (n.source ?? 'self') === 'self' && n.evidence === 'required').code;
/** One past the largest value of a PostgreSQL integer column: the sweep's 500 ("out of range for type integer"). */
const TOO_BIG = PG_INT_MAX + 1;

/** Every table a refused write could touch. */
const TOUCHED = ['cycles', 'submissions', 'answers', 'evidence', 'framework_versions', 'review_settings', 'review_decisions', 'audit_log'];
const fingerprint = (t: TestApp) => tableFingerprint(t, TOUCHED);
type Case = RefusalCase;

describe('integers beyond the PostgreSQL integer range: refused with 400 naming the field, never a 500, nothing written', () => {
  let t: TestApp;
  let c: OpenCycle;
  let reviewer: SignedInUser;
  let evidenceId: string;
  let before: Record<string, string>;

  const submission = () => `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
  const review = () => `/api/v1/cycles/${c.cycleId}/review`;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
    const etag = (await t.http.get(submission()).set(c.officerA.auth).expect(200)).headers.etag as string;
    const link = await t.http
      .post(`${submission()}/evidence`)
      .set(c.officerA.auth)
      .set('If-Match', etag)
      .send({ indicatorCode: INDICATOR, kind: 'link', url: 'https://danang.gov.vn/chuyen-doi-so' })
      .expect(201);
    evidenceId = link.body.id as string;
    before = await fingerprint(t);
  });
  afterAll(() => t.close());

  const answers = [{ indicatorCode: INDICATOR, value: true }];
  const cases: Case[] = [
    { name: 'answers: version 2^31', send: () => t.http.patch(`${submission()}/answers`).set(c.officerA.auth).send({ version: TOO_BIG, answers }), field: 'version', rule: 'max' },
    { name: 'answers: version 1e308 (an integer to Number.isInteger)', send: () => t.http.patch(`${submission()}/answers`).set(c.officerA.auth).send({ version: 1e308, answers }), field: 'version', rule: 'max' },
    { name: 'answers: version -2^31 - 1', send: () => t.http.patch(`${submission()}/answers`).set(c.officerA.auth).send({ version: -TOO_BIG - 1, answers }), field: 'version', rule: 'min' },
    {
      name: 'answers: If-Match "99999999999999999999"',
      send: () => t.http.patch(`${submission()}/answers`).set(c.officerA.auth).set('If-Match', '"99999999999999999999"').send({ answers }),
      field: 'If-Match',
      rule: 'max',
    },
    { name: 'answers: If-Match W/"2147483648"', send: () => t.http.patch(`${submission()}/answers`).set(c.officerA.auth).set('If-Match', `W/"${TOO_BIG}"`).send({ answers }), field: 'If-Match', rule: 'max' },
    { name: 'submit: version 2^31', send: () => t.http.post(`${submission()}/submit`).set(c.officerA.auth).send({ version: TOO_BIG }), field: 'version', rule: 'max' },
    {
      name: 'return: version 2^31',
      send: () => t.http.post(`${submission()}/return`).set(c.admin.auth).send({ version: TOO_BIG, reason: 'Thiếu tài liệu kiểm chứng' }),
      field: 'version',
      rule: 'max',
    },
    {
      name: 'evidence (a link): version 2^31',
      send: () => t.http.post(`${submission()}/evidence`).set(c.officerA.auth).send({ version: TOO_BIG, indicatorCode: INDICATOR, kind: 'link', url: 'https://x.vn' }),
      field: 'version',
      rule: 'max',
    },
    {
      name: 'evidence (a file): version 2^31 as a form field',
      send: () =>
        t.http
          .post(`${submission()}/evidence/files`)
          .set(c.officerA.auth)
          .field('version', String(TOO_BIG))
          .field('indicatorCode', INDICATOR)
          .attach('file', PDF, { filename: 'ke-hoach.pdf', contentType: 'application/pdf' }),
      field: 'version',
      rule: 'max',
    },
    { name: 'evidence delete: ?version=2^31', send: () => t.http.delete(`${submission()}/evidence/${evidenceId}?version=${TOO_BIG}`).set(c.officerA.auth), field: 'version', rule: 'max' },
    { name: 'evidence delete: ?version=abc', send: () => t.http.delete(`${submission()}/evidence/${evidenceId}?version=abc`).set(c.officerA.auth), field: 'version', rule: 'isInt' },
    {
      name: 'evidence delete: If-Match "99999999999999999999"',
      send: () => t.http.delete(`${submission()}/evidence/${evidenceId}`).set(c.officerA.auth).set('If-Match', '"99999999999999999999"'),
      field: 'If-Match',
      rule: 'max',
    },
    { name: 'cycle move: rowVersion 2^31', send: () => t.http.post(`/api/v1/cycles/${c.cycleId}/phase`).set(c.admin.auth).send({ to: 'review', rowVersion: TOO_BIG }), field: 'rowVersion', rule: 'max' },
    { name: 'cycle edit: rowVersion 2^31', send: () => t.http.patch(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).send({ rowVersion: TOO_BIG, nameEn: 'DTI 2022' }), field: 'rowVersion', rule: 'max' },
    { name: 'cycle edit: rowVersion 1e308', send: () => t.http.patch(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).send({ rowVersion: 1e308, nameEn: 'DTI 2022' }), field: 'rowVersion', rule: 'max' },
    { name: 'review override: rowVersion 2^31', send: () => t.http.post(`${review()}/override`).set(c.admin.auth).send({ rowVersion: TOO_BIG, reason: 'Hết thời hạn' }), field: 'rowVersion', rule: 'max' },
    { name: 'review settings: version 2^31', send: () => t.http.put(`${review()}/settings`).set(c.admin.auth).send({ version: TOO_BIG, policy: 'median' }), field: 'version', rule: 'max' },
    { name: 'review settings: If-Match 2^31', send: () => t.http.put(`${review()}/settings`).set(c.admin.auth).set('If-Match', `"${TOO_BIG}"`).send({ policy: 'median' }), field: 'If-Match', rule: 'max' },
    {
      name: 'review decision: version 2^31',
      send: () =>
        t.http
          .post(`${review()}/units/${c.unitA}/decisions`)
          .set(reviewer.auth)
          .send({ decisions: [{ indicatorCode: INDICATOR, decision: 'accept', version: TOO_BIG }] }),
      field: 'decisions.0.version',
      rule: 'max',
    },
    {
      name: 'framework replace: ?rowVersion=2^31',
      send: () => t.http.put(`/api/v1/frameworks/${c.frameworkId}?rowVersion=${TOO_BIG}`).set(c.admin.auth).type('application/yaml').send('code: X\n'),
      field: 'rowVersion',
      rule: 'max',
    },
    { name: 'cycles list: ?page=1e308', send: () => t.http.get('/api/v1/cycles?page=1e308').set(c.admin.auth), field: 'page', rule: 'max' },
  ];

  it.each(cases)('$name', async ({ send, field, rule }) => {
    const res = await send();
    expect([res.status, res.body.error]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule, message: expect.stringContaining(field.split('.').pop() ?? field) })]));
    expect(await fingerprint(t)).toEqual(before);
  });

  it('still takes the version read (the bound refuses only what no row can have)', async () => {
    const etag = (await t.http.get(submission()).set(c.officerA.auth).expect(200)).headers.etag as string;
    expect(Number(etag.replace(/"/g, ''))).toBeLessThanOrEqual(PG_INT_MAX);
    await t.http.delete(`${submission()}/evidence/${evidenceId}?version=${etag.replace(/"/g, '')}`).set(c.officerA.auth).expect(204);
    before = await fingerprint(t);
  });

  describe('the web forms: a hidden version beyond the range is a 422 page naming it, nothing written', () => {
    let web: request.Agent;
    let origin: string;
    let token: string;
    const formPath = () => `/app/cycles/${c.cycleId}/units/${c.unitA}`;

    /** The form's CSRF token as the page gives it. */
    const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

    beforeAll(async () => {
      // A real origin (the pages check Origin on a form post): the app listens on a port of its own for this part.
      await t.app.listen(0, '127.0.0.1');
      origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      web = request.agent(origin);
      const login = await web.get('/app/login').expect(200);
      await web.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email: c.officerA.email, password: PASSWORD }).expect(303);
      token = csrfOf((await web.get(formPath()).expect(200)).text);
      expect(token).not.toBe('');
      before = await fingerprint(t);
    });

    const forms: Array<[name: string, path: string, form: () => Record<string, string>]> = [
      ['answers', 'answers', () => ({ 'value[NT.02]': '10' })],
      ['submit', 'submit', () => ({})],
      ['evidence (a link)', 'evidence', () => ({ indicatorCode: INDICATOR, kind: 'link', url: 'https://example.org' })],
    ];
    it.each(forms)('%s: version 99999999999999999999', async (_name, path, form) => {
      const res = await web
        .post(`${formPath()}/${path}`)
        .set('Origin', origin)
        .type('form')
        .send({ _csrf: token, version: '99999999999999999999', ...form() });
      expect(res.status).toBe(422);
      expect(res.text).toContain(String(PG_INT_MAX));
      expect(await fingerprint(t)).toEqual(before);
    });

    it('evidence (a file): version 2^31', async () => {
      const res = await web
        .post(`${formPath()}/evidence/files?_csrf=${encodeURIComponent(token)}`)
        .set('Origin', origin)
        .field('version', String(TOO_BIG))
        .field('indicatorCode', INDICATOR)
        .attach('file', PDF, { filename: 'ke-hoach.pdf', contentType: 'application/pdf' });
      expect(res.status).toBe(422);
      expect(res.text).toContain(String(PG_INT_MAX));
      expect(await fingerprint(t)).toEqual(before);
    });
  });
});
