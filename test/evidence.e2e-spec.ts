import { createHash } from 'node:crypto';
import { Role } from '../src/auth/role';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { auditCount, resetState, signedInUser, startTestApp, type TestApp } from './utils/test-app';
import { binaryBody } from './utils/binary-body';

const MAX = 64 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);
const HTML_AS_PDF = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
// The first leaf of PDTI 2022 that its unit answers with evidence required.
const INDICATOR = firstLeaf(frameworkFile('pdti-2022.yaml'), (n) => (n.source ?? 'self') === 'self' && n.evidence === 'required').code;

describe('evidence', () => {
  let t: TestApp;
  let c: OpenCycle;
  const base = () => `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
  const version = async () => Number((await t.http.get(base()).set(c.officerA.auth).expect(200)).headers.etag.replace(/"/g, ''));
  const evidenceCount = async () => Number((await t.db.query('SELECT count(*)::int AS n FROM evidence'))[0].n);

  beforeAll(async () => {
    process.env.UPLOAD_MAX_BYTES = String(MAX);
    t = await startTestApp();
  });
  beforeEach(async () => {
    await resetState(t);
    c = await openProvinceCycle(t);
  });
  afterAll(async () => {
    delete process.env.UPLOAD_MAX_BYTES;
    await t.close();
  });

  it('stores a PDF with its sha256, lists it, and gives the same bytes back only to who may read the submission', async () => {
    const res = await t.http
      .post(`${base()}/evidence/files`)
      .set(c.officerA.auth)
      .set('If-Match', String(await version()))
      .field('indicatorCode', INDICATOR)
      .attach('file', PDF, { filename: 'Kế hoạch chuyển đổi số.pdf', contentType: 'application/octet-stream' })
      .expect(201);
    expect(res.body).toMatchObject({ kind: 'file', indicatorCode: INDICATOR, mimeType: 'application/pdf', sizeBytes: PDF.length, fileName: 'Kế hoạch chuyển đổi số.pdf' });
    expect(res.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));

    const list = await t.http.get(`${base()}/evidence`).set(c.officerA.auth).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([res.body.id]);

    const download = await t.http
      .get(`${base()}/evidence/${res.body.id}/download`)
      .set(c.admin.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    await t.http.get(`${base()}/evidence/${res.body.id}/download`).set(c.officerB.auth).expect(403);
    const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
    await t.http.get(`${base()}/evidence/${res.body.id}/download`).set(reviewer.auth).expect(403);
    await t.http.get(`${base()}/evidence/${res.body.id}/download`).expect(401);
  });

  it('refuses a file whose content is not an allowed type, whatever its name, and stores nothing', async () => {
    const before = await auditCount(t);
    const res = await t.http
      .post(`${base()}/evidence/files`)
      .set(c.officerA.auth)
      .set('If-Match', String(await version()))
      .field('indicatorCode', INDICATOR)
      .attach('file', HTML_AS_PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(422);
    expect(res.body.details[0]).toMatchObject({ field: 'file', rule: 'fileType' });
    expect(await evidenceCount()).toBe(0);
    expect(await auditCount(t)).toBe(before);
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413 naming the limit', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX, 32)]);
    const res = await t.http
      .post(`${base()}/evidence/files`)
      .set(c.officerA.auth)
      .set('If-Match', String(await version()))
      .field('indicatorCode', INDICATOR)
      .attach('file', big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.details[0]).toMatchObject({ field: 'file', rule: 'maxBytes' });
    expect(await evidenceCount()).toBe(0);
  });

  it('records a citation and a link, and deletes evidence at the current version', async () => {
    const citation = await t.http
      .post(`${base()}/evidence`)
      .set(c.officerA.auth)
      .send({
        version: await version(),
        indicatorCode: INDICATOR,
        kind: 'citation',
        documentNumber: '1234/QĐ-UBND',
        documentTitle: 'Quyết định ban hành Kế hoạch chuyển đổi số năm 2022',
        issuedOn: '2022-03-15',
        summary: 'Trích yếu: kế hoạch chuyển đổi số của thành phố',
      })
      .expect(201);
    expect(citation.body).toMatchObject({ kind: 'citation', documentNumber: '1234/QĐ-UBND', issuedOn: '2022-03-15' });
    const link = await t.http
      .post(`${base()}/evidence`)
      .set(c.officerA.auth)
      .send({ version: await version(), indicatorCode: INDICATOR, kind: 'link', url: 'https://danang.gov.vn/cds', label: 'Cổng thông tin' })
      .expect(201);
    const badLink = await t.http
      .post(`${base()}/evidence`)
      .set(c.officerA.auth)
      .send({ version: await version(), indicatorCode: INDICATOR, kind: 'link', url: 'javascript:alert(1)' });
    expect(badLink.status).toBe(400);
    expect(badLink.body.details[0]).toMatchObject({ field: 'url', rule: 'isUrl' });
    const missing = await t.http
      .post(`${base()}/evidence`)
      .set(c.officerA.auth)
      .send({ version: await version(), indicatorCode: INDICATOR, kind: 'citation', documentNumber: '1/QĐ' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['documentTitle', 'issuedOn']));

    const stale = await t.http.delete(`${base()}/evidence/${link.body.id}`).set(c.officerA.auth).set('If-Match', '1');
    expect(stale.status).toBe(409);
    await t.http.delete(`${base()}/evidence/${link.body.id}`).set(c.officerA.auth).set('If-Match', String(await version())).expect(204);
    expect(await evidenceCount()).toBe(1);
  });

  it('refuses every write of an officer of another unit, and of a reviewer, changing nothing', async () => {
    const v = await version();
    const before = await auditCount(t);
    await t.http.post(`${base()}/evidence`).set(c.officerB.auth).send({ version: v, indicatorCode: INDICATOR, kind: 'link', url: 'https://x.vn' }).expect(403);
    await t.http
      .post(`${base()}/evidence/files`)
      .set(c.officerB.auth)
      .set('If-Match', String(v))
      .field('indicatorCode', INDICATOR)
      .attach('file', PDF, 'a.pdf')
      .expect(403);
    const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer2@dti.test');
    await t.http.post(`${base()}/evidence`).set(reviewer.auth).send({ version: v, indicatorCode: INDICATOR, kind: 'link', url: 'https://x.vn' }).expect(403);
    await t.http.get(`${base()}/evidence`).set(c.officerB.auth).expect(403);
    expect(await evidenceCount()).toBe(0);
    // An existing piece of evidence: neither another unit's officer nor a reviewer nor the public may delete it.
    const own = await t.http
      .post(`${base()}/evidence`)
      .set(c.officerA.auth)
      .send({ version: v, indicatorCode: INDICATOR, kind: 'link', url: 'https://danang.gov.vn' })
      .expect(201);
    const current = String(await version());
    await t.http.delete(`${base()}/evidence/${own.body.id}`).set(c.officerB.auth).set('If-Match', current).expect(403);
    await t.http.delete(`${base()}/evidence/${own.body.id}`).set(reviewer.auth).set('If-Match', current).expect(403);
    await t.http.delete(`${base()}/evidence/${own.body.id}`).set('If-Match', current).expect(401);
    expect(await evidenceCount()).toBe(1);
    expect(await auditCount(t)).toBe(before + 2); // the reviewer's account, the officer's own link
  });
});
