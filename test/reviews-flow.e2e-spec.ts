import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { resetState, restoreClock, setNow, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

describe('expert review through HTTP: the clarification loop and the objection window', () => {
  let t: TestApp;
  let c: ReviewCycle;
  let an: SignedInUser;

  const base = () => `/api/v1/cycles/${c.cycleId}/review`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    restoreClock(t);
    await resetState(t);
    c = await reviewCycle(t);
    an = c.reviewers[0];
    await t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: an.id, isLead: true }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
  });
  afterAll(async () => {
    restoreClock(t);
    await t.close();
  });

  it('a reviewer asks, the officer answers and adds evidence to the locked submission, the reviewer then decides', async () => {
    // Before any question the officer cannot write into the thread.
    await t.http.post(`${base()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).send({ indicatorCode: 'NT.06', body: 'x' }).expect(409);
    const asked = await t.http
      .post(`${base()}/units/${c.unitA}/decisions`)
      .set(an.auth)
      .send({ decisions: [{ indicatorCode: 'NT.06', decision: 'clarify', comment: 'Đề nghị cung cấp số hiệu quyết định ban hành kế hoạch' }] })
      .expect(201);
    expect(asked.body.decisions[0]).toMatchObject({ decision: 'clarify', points: null, version: 1 });
    await t.http.post(`${base()}/units/${c.unitA}/decisions`).set(an.auth).send({ decisions: [{ indicatorCode: 'NT.02', decision: 'clarify' }] }).expect(422);

    // The officer sees the open thread, answers, and adds a citation although the submission is submitted.
    const threads = await t.http.get(`${base()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).expect(200);
    expect(threads.body).toEqual([
      { indicatorCode: 'NT.06', open: true, messages: [expect.objectContaining({ authorRole: 'reviewer', body: 'Đề nghị cung cấp số hiệu quyết định ban hành kế hoạch' })] },
    ]);
    await t.http.post(`${base()}/units/${c.unitA}/clarifications`).set(c.officerB.auth).send({ indicatorCode: 'NT.06', body: 'x' }).expect(403);
    await t.http
      .post(`${base()}/units/${c.unitA}/clarifications`)
      .set(c.officerA.auth)
      .send({ indicatorCode: 'NT.06', body: 'Kế hoạch ban hành theo Quyết định 1234/QĐ-UBND' })
      .expect(201);
    const state = await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200);
    expect(state.body.submission.status).toBe('submitted');
    const added = await t.http
      .post(`${base()}/units/${c.unitA}/clarifications/evidence`)
      .set(c.officerA.auth)
      .send({ indicatorCode: 'NT.06', kind: 'citation', documentNumber: '1234/QĐ-UBND', documentTitle: 'Kế hoạch chuyển đổi số năm 2022', issuedOn: '2022-03-15' })
      .expect(201);
    expect(added.body.evidence).toMatchObject({ indicatorCode: 'NT.06', kind: 'citation', documentNumber: '1234/QĐ-UBND' });
    expect(added.body.message).toMatchObject({ authorRole: 'officer', evidenceId: added.body.evidence.id });
    // Also a file, checked like any evidence file (a PDF by its content).
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const file = await t.http
      .post(`${base()}/units/${c.unitA}/clarifications/evidence/files`)
      .set(c.officerA.auth)
      .field('indicatorCode', 'NT.06')
      .attach('file', pdf, { filename: 'quyết định.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(file.body.evidence).toMatchObject({ kind: 'file', fileName: 'quyết định.pdf', mimeType: 'application/pdf' });
    // The submission's evidence now holds them; the reviewer reads them side by side with download URLs.
    const view = await t.http.get(`${base()}/units/${c.unitA}`).set(an.auth).expect(200);
    const row = view.body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.06');
    expect(row.clarification).toEqual({ open: true, messages: 4 });
    const fileEvidence = row.evidence.find((e: { kind: string }) => e.kind === 'file');
    expect(fileEvidence.downloadUrl).toBe(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/evidence/${fileEvidence.id}/download`);
    await t.http.get(fileEvidence.downloadUrl).set(an.auth).expect(200);

    // The reviewer decides: the thread closes, the officer can no longer write into it.
    await t.http
      .post(`${base()}/units/${c.unitA}/decisions`)
      .set(an.auth)
      .send({ decisions: [{ indicatorCode: 'NT.06', decision: 'accept', version: 1 }] })
      .expect(201);
    const closed = await t.http.get(`${base()}/units/${c.unitA}/clarifications?indicatorCode=NT.06`).set(an.auth).expect(200);
    expect(closed.body[0]).toMatchObject({ open: false });
    expect(closed.body[0].messages.map((m: { authorRole: string }) => m.authorRole)).toEqual(['reviewer', 'officer', 'officer', 'officer']);
    await t.http.post(`${base()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).send({ indicatorCode: 'NT.06', body: 'x' }).expect(409);
    const final = await t.http.get(`${base()}/units/${c.unitA}/finals/NT.06`).set(an.auth).expect(200);
    expect(final.body).toMatchObject({ method: 'median', flagged: false, reviews: [expect.objectContaining({ decision: 'accept' })] });
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE action IN ('review.decide', 'review.clarification', 'evidence.add') ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['review.decide', 'review.clarification', 'evidence.add', 'evidence.add', 'review.decide']);
  });

  it('evidence added in a clarification gives the submission a new version: a write at the old ETag is refused (409)', async () => {
    const submissionUrl = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    await t.http
      .post(`${base()}/units/${c.unitA}/decisions`)
      .set(an.auth)
      .send({ decisions: [{ indicatorCode: 'NT.06', decision: 'clarify', comment: 'Đề nghị cung cấp quyết định' }] })
      .expect(201);
    // The reviewer reads the submission and holds its ETag.
    const read = await t.http.get(submissionUrl).set(an.auth).expect(200);
    const etag = read.headers.etag;
    expect(etag).toBe(`"${read.body.submission.version}"`);

    const cited = await t.http
      .post(`${base()}/units/${c.unitA}/clarifications/evidence`)
      .set(c.officerA.auth)
      .send({ indicatorCode: 'NT.06', kind: 'citation', documentNumber: '1234/QĐ-UBND', documentTitle: 'Kế hoạch chuyển đổi số năm 2022', issuedOn: '2022-03-15' })
      .expect(201);
    expect(cited.body.submissionVersion).toBe(read.body.submission.version + 1);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const filed = await t.http
      .post(`${base()}/units/${c.unitA}/clarifications/evidence/files`)
      .set(c.officerA.auth)
      .field('indicatorCode', 'NT.06')
      .attach('file', pdf, { filename: 'kế hoạch.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(filed.body.submissionVersion).toBe(read.body.submission.version + 2);

    // Read again: a new ETag, the evidence there; the status (submitted, locked) unchanged.
    const after = await t.http.get(submissionUrl).set(an.auth).expect(200);
    expect(after.headers.etag).toBe(`"${read.body.submission.version + 2}"`);
    expect(after.body.submission.status).toBe('submitted');
    expect(after.body.evidence['NT.06'].map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['citation', 'file']));
    // Returning it at the old ETag is refused with the current version: the reviewer has not seen the new evidence.
    const stale = await t.http.post(`${submissionUrl}/return`).set(an.auth).set('If-Match', etag).send({ reason: 'Thiếu minh chứng' }).expect(409);
    expect(stale.body.details).toMatchObject({ currentVersion: read.body.submission.version + 2 });
    await t.http.post(`${submissionUrl}/return`).set(an.auth).set('If-Match', after.headers.etag).send({ reason: 'Thiếu minh chứng' }).expect(200);
  });

  it('refuses a clarification file outside review (409) before a byte of it is stored', async () => {
    await t.http.post(`${base()}/units/${c.unitA}/decisions`).set(an.auth).send({ decisions: [{ indicatorCode: 'NT.06', decision: 'clarify', comment: 'Đề nghị gửi quyết định' }] }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const storage = t.app.get<FileStorage>(FILE_STORAGE);
    const uploadDir = (storage as unknown as { root: string }).root;
    const files = async () => (await readdir(uploadDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    const before = await files();
    const put = jest.spyOn(storage, 'put');
    try {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(256 * 1024, 32), Buffer.from('\n%%EOF\n')]);
      const res = await t.http
        .post(`${base()}/units/${c.unitA}/clarifications/evidence/files`)
        .set(c.officerA.auth)
        .field('indicatorCode', 'NT.06')
        .attach('file', pdf, { filename: 'giải trình.pdf', contentType: 'application/pdf' });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('WRONG_PHASE');
      expect(put).not.toHaveBeenCalled();
    } finally {
      put.mockRestore();
    }
    expect(await files()).toEqual(before);
  });

  it('objections: only in an open window, before publication; accepted (final changed, recorded) or rejected; none after it closes', async () => {
    await acceptAll(t, an, c.cycleId, c.unitA);
    // The unit sees no reviewed scores and cannot object before a window opens.
    await t.http.get(`${base()}/units/${c.unitA}/scores`).set(c.officerA.auth).expect(409);
    await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.05', reason: 'x' }).expect(409);
    // A window: admins only, both ends, close after open.
    const settings = await t.http.get(`${base()}/settings`).set(c.admin.auth).expect(200);
    await t.http.put(`${base()}/settings`).set(an.auth).send({ objectionsOpenAt: '2030-01-01T00:00:00', objectionsCloseAt: '2030-01-10T00:00:00' }).expect(403);
    await t.http.put(`${base()}/settings`).set(c.admin.auth).send({ objectionsOpenAt: '2030-01-01T00:00:00' }).expect(400);
    await t.http.put(`${base()}/settings`).set(c.admin.auth).send({ objectionsOpenAt: '2030-01-10T00:00:00', objectionsCloseAt: '2030-01-01T00:00:00' }).expect(400);
    const opened = await t.http
      .put(`${base()}/settings`)
      .set(c.admin.auth)
      .set('If-Match', String(settings.body.version))
      .send({ objectionsOpenAt: '2030-01-01T00:00:00', objectionsCloseAt: '2030-01-10T00:00:00' })
      .expect(200);
    expect(opened.body.objectionsOpenAt).toBe('2029-12-31T17:00:00.000Z');
    // A stale version is refused.
    await t.http.put(`${base()}/settings`).set(c.admin.auth).set('If-Match', String(settings.body.version)).send({ disagreementShare: 0.3 }).expect(409);

    setNow(t, '2030-01-05T09:00:00');
    const scores = await t.http.get(`${base()}/units/${c.unitA}/scores`).set(c.officerA.auth).expect(200);
    const nt05 = scores.body.find((s: { indicatorCode: string }) => s.indicatorCode === 'NT.05');
    expect(nt05.reviewed).toMatchObject({ points: nt05.self.points, method: 'median' });
    await t.http.get(`${base()}/units/${c.unitA}/scores`).set(c.officerB.auth).expect(403);
    // Unit B has no reviewed score yet: nothing to object to.
    await t.http.post(`${base()}/units/${c.unitB}/objections`).set(c.officerB.auth).send({ indicatorCode: 'NT.05', reason: 'x' }).expect(409);
    await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerB.auth).send({ indicatorCode: 'NT.05', reason: 'x' }).expect(403);
    const first = await t.http
      .post(`${base()}/units/${c.unitA}/objections`)
      .set(c.officerA.auth)
      .send({ indicatorCode: 'NT.05', reason: 'Hội đồng chưa xét Quyết định 1234/QĐ-UBND' })
      .expect(201);
    await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.05', reason: 'lần hai' }).expect(409);
    const second = await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.06', reason: 'Đã ban hành' }).expect(201);

    // Decided by an admin or the lead reviewer; never by the officer or another reviewer.
    await t.http.post(`${base()}/objections/${first.body.id}/decision`).set(c.officerA.auth).send({ outcome: 'reject', answer: 'x' }).expect(403);
    await t.http.post(`${base()}/objections/${first.body.id}/decision`).set(c.reviewers[1].auth).send({ outcome: 'reject', answer: 'x' }).expect(403);
    const accepted = await t.http
      .post(`${base()}/objections/${first.body.id}/decision`)
      .set(an.auth)
      .send({ outcome: 'accept', points: 9.5, answer: 'Chấp nhận: minh chứng bổ sung hợp lệ' })
      .expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', oldPoints: nt05.reviewed.points, newPoints: 9.5, decidedById: an.id });
    const final = await t.http.get(`${base()}/units/${c.unitA}/finals/NT.05`).set(c.admin.auth).expect(200);
    expect(final.body).toMatchObject({ points: 9.5, method: 'objection', decidedById: an.id, reason: 'Chấp nhận: minh chứng bổ sung hợp lệ' });
    const rejected = await t.http
      .post(`${base()}/objections/${second.body.id}/decision`)
      .set(c.admin.auth)
      .send({ outcome: 'reject', answer: 'Không có minh chứng mới' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', answer: 'Không có minh chứng mới', newPoints: null });
    await t.http.post(`${base()}/objections/${second.body.id}/decision`).set(c.admin.auth).send({ outcome: 'accept', points: 1, answer: 'x' }).expect(409);
    const mine = await t.http.get(`${base()}/objections`).set(c.officerA.auth).expect(200);
    expect(mine.body.map((o: { status: string }) => o.status)).toEqual(['accepted', 'rejected']);
    expect((await t.http.get(`${base()}/objections`).set(c.officerB.auth).expect(200)).body).toEqual([]);
    // A later reviewer decision does not undo the accepted objection.
    const view = await t.http.get(`${base()}/units/${c.unitA}`).set(an.auth).expect(200);
    const own = view.body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.05').myDecision;
    await t.http.post(`${base()}/units/${c.unitA}/decisions`).set(an.auth).send({ decisions: [{ indicatorCode: 'NT.05', decision: 'adjust', points: 1, comment: 'x', version: own.version }] }).expect(201);
    expect((await t.http.get(`${base()}/units/${c.unitA}/finals/NT.05`).set(c.admin.auth)).body.points).toBe(9.5);

    // From the moment the window closes: 409.
    setNow(t, '2030-01-10T00:00:00');
    const late = await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.02', reason: 'muộn' }).expect(409);
    expect(late.body).toMatchObject({ error: 'WINDOW_CLOSED' });
    expect(late.body.message).toContain('closed');
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'review.objection%' ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['review.objection', 'review.objection', 'review.objection.accept', 'review.objection.reject']);
  });

  it('the objection window is set only in review or scoring', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const settings = await t.http.get(`${base()}/settings`).set(c.admin.auth).expect(200);
    const res = await t.http
      .put(`${base()}/settings`)
      .set(c.admin.auth)
      .set('If-Match', String(settings.body.version))
      .send({ objectionsOpenAt: '2030-01-01T00:00:00', objectionsCloseAt: '2030-01-10T00:00:00' })
      .expect(409);
    expect(res.body.error).toBe('WRONG_PHASE');
  });
});
