import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readWorkbookSafely } from '../src/workbooks/safe-workbook';
import { moveCycle } from './utils/fill-submissions';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { binaryBody } from './utils/binary-body';

const SHEET = 'Thẩm định';

describe('the review workbook: download, fill, upload through the imports queue', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: ReviewCycle;
  let an: SignedInUser;

  const base = () => `/api/v1/cycles/${c.cycleId}/review`;
  const download = async (who: SignedInUser = an): Promise<ExcelJS.Workbook> => {
    const res = await t.http
      .get(`${base()}/workbook`)
      .set(who.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    return readWorkbookSafely(res.body as Buffer);
  };
  const rowOf = (wb: ExcelJS.Workbook, unit: string, code: string): ExcelJS.Row => {
    const sheet = wb.getWorksheet(SHEET)!;
    for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === unit && sheet.getCell(r, 3).value === code) return sheet.getRow(r);
    throw new Error(`no row ${unit} ${code}`);
  };
  const upload = async (wb: ExcelJS.Workbook | Buffer, dryRun = false, who: SignedInUser = an) => {
    const content = Buffer.isBuffer(wb) ? wb : Buffer.from(await wb.xlsx.writeBuffer());
    const job = await t.http
      .post(`${base()}/workbook${dryRun ? '?dryRun=true' : ''}`)
      .set(who.auth)
      .attach('file', content, { filename: 'phiếu thẩm định.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      .expect(202);
    await drainQueues(t);
    return (await t.http.get(`/api/v1/imports/${job.body.id}`).set(who.auth).expect(200)).body;
  };
  const fillAll = (wb: ExcelJS.Workbook, unit: string, label = 'Chấp nhận') => {
    const sheet = wb.getWorksheet(SHEET)!;
    for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === unit) sheet.getCell(r, 9).value = label;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await resetState(t);
    c = await reviewCycle(t);
    an = c.reviewers[0];
    for (const unitId of [c.unitA, c.unitB]) await t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId, reviewerId: an.id }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('round trip: one row per unit × indicator, a dropdown, the self values; a dry run writes nothing; the upload applies all', async () => {
    const wb = await download();
    const sheet = wb.getWorksheet(SHEET)!;
    expect(sheet.rowCount).toBe(1 + 2 * 64);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Mã đơn vị', 'Đơn vị', 'Mã chỉ tiêu', 'Tên chỉ tiêu', 'Điểm tối đa', 'Giá trị tự đánh giá', 'Điểm tự đánh giá', 'Minh chứng', 'Quyết định', 'Giá trị thẩm định', 'Điểm thẩm định', 'Nhận xét', 'Phiên bản',
    ]);
    expect(wb.getWorksheet('_meta')!.state).toBe('veryHidden');
    const selfA = (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(an.auth)).body;
    const nt06 = rowOf(wb, '48', 'NT.06');
    expect(nt06.getCell(6).value).toBe(selfA.answers['NT.06'].value ? 'Có' : 'Không');
    expect(nt06.getCell(7).value).toBe(selfA.selfScore.nodes['NT.06'].points);
    expect(nt06.getCell(9).dataValidation).toMatchObject({ type: 'list' });
    expect(rowOf(wb, '48', 'NT.05').getCell(7).value).toBe(selfA.answers['NT.05'].selfPoints);

    fillAll(wb, '48');
    nt06.getCell(9).value = 'Điều chỉnh';
    nt06.getCell(10).value = selfA.answers['NT.06'].value ? 'Không' : 'Có';
    nt06.getCell(12).value = 'Đối chiếu Cổng dịch vụ công';
    const nt05 = rowOf(wb, '48', 'NT.05');
    nt05.getCell(9).value = 'Điều chỉnh';
    nt05.getCell(11).value = 3;
    nt05.getCell(12).value = '=không phải công thức, chỉ là văn bản';
    const hanoi = rowOf(wb, '01', 'NT.02');
    hanoi.getCell(9).value = 'Yêu cầu giải trình';
    hanoi.getCell(12).value = 'Nguồn số liệu tỷ lệ?';

    const dry = await upload(wb, true);
    expect(dry).toMatchObject({ status: 'succeeded', dryRun: true, report: { read: 128, applied: 65, problems: [] } });
    expect(await t.db.query('SELECT count(*)::int AS n FROM review_decisions')).toEqual([{ n: 0 }]);

    const done = await upload(wb);
    expect(done).toMatchObject({ status: 'succeeded', report: { applied: 65, problems: [] } });
    const finals = (await t.http.get(`${base()}/units/${c.unitA}/finals`).set(an.auth).expect(200)).body;
    expect(finals).toHaveLength(64);
    expect(finals.find((f: { indicatorCode: string }) => f.indicatorCode === 'NT.05')).toMatchObject({ points: 3 });
    expect(finals.find((f: { indicatorCode: string }) => f.indicatorCode === 'NT.06')).toMatchObject({ value: !selfA.answers['NT.06'].value });
    const [comment] = await t.db.query(`SELECT comment FROM review_decisions WHERE indicator_code = 'NT.05'`);
    expect(comment.comment).toBe('=không phải công thức, chỉ là văn bản');
    const threads = (await t.http.get(`${base()}/units/${c.unitB}/clarifications`).set(c.officerB.auth).expect(200)).body;
    expect(threads).toEqual([expect.objectContaining({ indicatorCode: 'NT.02', open: true })]);

    // Downloaded again: the decisions and their versions are in; uploaded as is, nothing changes.
    const again = await download();
    expect(rowOf(again, '48', 'NT.05').getCell(9).value).toBe('Điều chỉnh');
    expect(rowOf(again, '48', 'NT.05').getCell(11).value).toBe(3);
    expect(rowOf(again, '48', 'NT.05').getCell(13).value).toBe(1);
    expect((await upload(again)).report).toMatchObject({ applied: 0, problems: [] });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM clarification_messages`)).toEqual([{ n: 1 }]);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'review.decide'`);
    expect(audit).toEqual([{ n: 2 }]);
  });

  it('a stale final is cleared by confirming the same decision in a freshly downloaded workbook; once decided again, re-uploading changes nothing', async () => {
    const first = await download();
    fillAll(first, '48');
    expect((await upload(first)).report).toMatchObject({ applied: 64, problems: [] });
    // Back to open: Đà Nẵng's officer flips NT.06, and the cycle comes back to review with that final stale.
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const submissionUrl = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    const read = await t.http.get(submissionUrl).set(c.admin.auth).expect(200);
    await t.http.post(`${submissionUrl}/return`).set(c.admin.auth).set('If-Match', read.headers.etag).send({ reason: 'Cập nhật số liệu' }).expect(200);
    const returned = await t.http.get(submissionUrl).set(c.officerA.auth).expect(200);
    const flipped = !returned.body.answers['NT.06'].value;
    await t.http.patch(`${submissionUrl}/answers`).set(c.officerA.auth).set('If-Match', returned.headers.etag).send({ answers: [{ indicatorCode: 'NT.06', value: flipped }] }).expect(200);
    await t.db.query(`UPDATE submissions SET status = 'submitted', version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.unitA]);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    const nt06 = async () => (await t.http.get(`${base()}/units/${c.unitA}/finals/NT.06`).set(an.auth).expect(200)).body;
    expect(await nt06()).toMatchObject({ stale: true, pending: true });

    // The reviewer downloads the workbook, checks the new answer and uploads it with "accept" as it stands: that row is
    // its decision on the new answer (the unchanged rows whose finals are not stale are still left alone).
    const again = await download();
    expect(rowOf(again, '48', 'NT.06').getCell(9).value).toBe('Chấp nhận');
    expect((await upload(again)).report).toMatchObject({ applied: 1, problems: [] });
    expect(await nt06()).toMatchObject({ stale: false, pending: false, value: flipped, self: { value: flipped } });
    const [decision] = await t.db.query(`SELECT version FROM review_decisions WHERE unit_id = $1 AND indicator_code = 'NT.06'`, [c.unitA]);
    expect(decision.version).toBe(2);
    // Decided again, the row is like any other: uploaded once more, nothing changes.
    expect((await upload(await download())).report).toMatchObject({ applied: 0, problems: [] });
  });

  it('bad workbooks are reported cell by cell and nothing is applied', async () => {
    const wb = await download();
    fillAll(wb, '48');
    const sheet = wb.getWorksheet(SHEET)!;
    rowOf(wb, '48', 'NT.02').getCell(9).value = 'Đồng ý';
    rowOf(wb, '48', 'NT.03').getCell(9).value = { formula: 'IF(1,"Chấp nhận","")', result: 'Chấp nhận' } as ExcelJS.CellFormulaValue;
    const nt06 = rowOf(wb, '48', 'NT.06');
    nt06.getCell(9).value = 'Điều chỉnh';
    nt06.getCell(10).value = 'có lẽ';
    const nt08 = rowOf(wb, '48', 'NT.08');
    nt08.getCell(9).value = 'Điều chỉnh';
    nt08.getCell(10).value = 150;
    nt08.getCell(12).value = 'Quá 100%';
    const nt09 = rowOf(wb, '48', 'NT.09');
    nt09.getCell(9).value = 'Điều chỉnh';
    nt09.getCell(10).value = 'Triển khai đầy đủ';
    const last = sheet.rowCount;
    sheet.getRow(last + 1).values = ['79', 'Hồ Chí Minh', 'NT.02', '', '', '', '', '', 'Chấp nhận'];
    sheet.getRow(last + 2).values = ['01', 'Hà Nội', 'ZZ.99', '', '', '', '', '', 'Chấp nhận'];
    sheet.getRow(last + 3).values = ['48', 'Đà Nẵng', 'NT.02', '', '', '', '', '', 'Chấp nhận'];
    const at = (code: string, col: string) => `${col}${rowOf(wb, '48', code).number}`;
    const report = await upload(wb);
    expect(report.status).toBe('rejected');
    expect(report.report.problems.map((p: { cell: string; rule: string }) => [p.cell, p.rule])).toEqual([
      [at('NT.02', 'I'), 'bad-decision'],
      [at('NT.03', 'I'), 'formula'],
      [at('NT.06', 'J'), 'not-boolean'],
      [`A${last + 1}`, 'not-assigned'],
      [`C${last + 2}`, 'unknown-indicator'],
      [`C${last + 3}`, 'duplicate'],
    ]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM review_decisions')).toEqual([{ n: 0 }]);

    // The parser is satisfied; the decisions' own checks are reported on their cells: a range, a missing comment.
    const second = await download();
    fillAll(second, '48');
    const r08 = rowOf(second, '48', 'NT.08');
    r08.getCell(9).value = 'Điều chỉnh';
    r08.getCell(10).value = 150;
    r08.getCell(12).value = 'Quá 100%';
    const r09 = rowOf(second, '48', 'NT.09');
    r09.getCell(9).value = 'Điều chỉnh';
    r09.getCell(10).value = 'Triển khai đầy đủ';
    const checked = await upload(second);
    expect(checked.status).toBe('rejected');
    expect(checked.report.problems.map((p: { cell: string; rule: string }) => [p.cell, p.rule])).toEqual([
      [`J${r08.number}`, 'max'],
      [`L${r09.number}`, 'required'],
    ]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM review_decisions')).toEqual([{ n: 0 }]);

    // A stale row: the decision changed through the API after the download.
    const stale = await download();
    await t.http.post(`${base()}/units/${c.unitA}/decisions`).set(an.auth).send({ decisions: [{ indicatorCode: 'NT.02', decision: 'accept' }] }).expect(201);
    fillAll(stale, '48');
    const staleReport = await upload(stale);
    expect(staleReport.report.problems.map((p: { cell: string; rule: string }) => [p.cell, p.rule])).toEqual([[at('NT.02', 'M'), 'required']]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM review_decisions')).toEqual([{ n: 1 }]);

    // Another reviewer's workbook, a CSV renamed .xlsx, a workbook without its sheets.
    const binh = c.reviewers[1];
    await t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId: c.unitC, reviewerId: binh.id }).expect(201);
    const foreign = await upload(await download(), false, binh);
    expect(foreign.report.problems[0]).toMatchObject({ sheet: '_meta', rule: 'wrong-reviewer' });
    const csv = await upload(Buffer.from('Mã đơn vị,Quyết định\n48,Chấp nhận\n'));
    expect(csv).toMatchObject({ status: 'rejected', report: { problems: [{ rule: 'not-xlsx' }] } });
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Sheet1').addRow(['x']);
    const none = await upload(empty);
    expect(none.report.problems.map((p: { rule: string }) => p.rule)).toEqual(['missing-sheet', 'missing-sheet']);
    // Officers have no review workbook; an administrator names the reviewer.
    await t.http.get(`${base()}/workbook`).set(c.officerA.auth).expect(403);
    const unnamed = await t.http.get(`${base()}/workbook`).set(c.admin.auth).expect(400);
    expect(unnamed.body.details).toEqual([expect.objectContaining({ field: 'reviewerId', rule: 'required' })]);
  });

  it('an administrator downloads a given reviewer\'s workbook (its units, its decisions), the file the reviewer gets; refusals name the reviewer', async () => {
    const binh = c.reviewers[1];
    const chi = c.reviewers[2];
    await t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId: c.unitC, reviewerId: binh.id }).expect(201);
    const decide = (who: SignedInUser, unitId: string, points: number, comment: string) =>
      t.http.post(`${base()}/units/${unitId}/decisions`).set(who.auth).send({ decisions: [{ indicatorCode: 'NT.05', decision: 'adjust', points, comment }] }).expect(201);
    await decide(an, c.unitA, 3, 'Thiếu minh chứng Quyết định ban hành');
    await decide(binh, c.unitC, 5, 'Đối chiếu báo cáo của Sở');

    const fetch = (who: SignedInUser, reviewerId?: string) =>
      t.http
        .get(`${base()}/workbook${reviewerId ? `?reviewerId=${reviewerId}` : ''}`)
        .set(who.auth)
        .buffer(true)
        .parse(binaryBody);
    const open = async (content: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(content as unknown as ExcelJS.Buffer);
      return wb;
    };
    const cells = (wb: ExcelJS.Workbook) => wb.getWorksheet(SHEET)!.getSheetValues();
    const meta = (wb: ExcelJS.Workbook) => Object.fromEntries(wb.getWorksheet('_meta')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 3)));
    const unitsOf = (wb: ExcelJS.Workbook) => [...new Set(cells(wb).slice(2).map((r) => (r as unknown[])[1]))];

    const res = await fetch(c.admin, an.id).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''tham-dinh-pdti-2022-reviewer.an.xlsx`);
    const forAdmin = await open(res.body as Buffer);
    expect(unitsOf(forAdmin)).toEqual(['01', '48']);
    expect(forAdmin.getWorksheet(SHEET)!.rowCount).toBe(1 + 2 * 64);
    expect(rowOf(forAdmin, '48', 'NT.05').getCell(9).value).toBe('Điều chỉnh');
    expect(rowOf(forAdmin, '48', 'NT.05').getCell(11).value).toBe(3);
    expect(rowOf(forAdmin, '48', 'NT.05').getCell(12).value).toBe('Thiếu minh chứng Quyết định ban hành');
    expect(meta(forAdmin)).toMatchObject({ cycleId: c.cycleId, reviewerId: an.id, reviewerEmail: an.email });
    // What the reviewer downloads itself, cell for cell.
    const own = await open((await fetch(an).expect(200)).body as Buffer);
    expect(cells(forAdmin)).toEqual(cells(own));
    expect(meta(forAdmin)).toEqual(meta(own));

    // Another reviewer: its own unit and decision only.
    const ofBinh = await open((await fetch(c.admin, binh.id).expect(200)).body as Buffer);
    expect(unitsOf(ofBinh)).toEqual(['79']);
    expect(rowOf(ofBinh, '79', 'NT.05').getCell(11).value).toBe(5);
    expect(meta(ofBinh)).toMatchObject({ reviewerId: binh.id, reviewerEmail: binh.email });

    // Passed on to the reviewer, the administrator's file is the reviewer's to upload.
    fillAll(forAdmin, '01');
    expect(await upload(forAdmin, true)).toMatchObject({ status: 'succeeded', dryRun: true, report: { read: 128, applied: 64, problems: [] } });

    const refused = async (who: SignedInUser, reviewerId: string, status: number) => {
      const r = await fetch(who, reviewerId);
      expect([who.email, reviewerId, r.status]).toEqual([who.email, reviewerId, status]);
      return JSON.parse((r.body as Buffer).toString('utf8')) as { message: string; details?: { field: string; rule: string }[] };
    };
    expect((await refused(c.admin, chi.id, 404)).message).toContain(chi.email);
    expect((await refused(c.admin, c.officerA.id, 422)).details).toEqual([expect.objectContaining({ field: 'reviewerId', rule: 'reviewer' })]);
    expect((await refused(c.admin, '00000000-0000-4000-8000-000000000000', 422)).details).toEqual([expect.objectContaining({ field: 'reviewerId', rule: 'reviewer' })]);
    expect((await refused(c.admin, 'reviewer.an', 400)).details).toEqual([expect.objectContaining({ field: 'reviewerId' })]);
    // A reviewer gets only its own; an officer none.
    await refused(an, binh.id, 403);
    await fetch(an, an.id).expect(200);
    await refused(c.officerA, an.id, 403);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM review_decisions`)).toEqual([{ n: 2 }]);
  });
});
