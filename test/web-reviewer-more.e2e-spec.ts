import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DEFAULT_WORKBOOK_LIMITS, readWorkbookSafely } from '../src/workbooks/safe-workbook';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { moveCycle } from './utils/fill-submissions';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

jest.setTimeout(300_000);

/** The page's width as the browser lays it out (the project's types have no DOM library). */
const pageWidth = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);

const SHEET = 'Thẩm định';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Assignment {
  id: string;
  unitId: string;
  reviewerId: string;
  reviewerEmail: string;
  isLead: boolean;
}

describe('web app: clarifications, the review workbook and the reviewer assignments (headless Chromium)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;
  let unitPath: string;
  const api = () => `/api/v1/cycles/${c.cycleId}/review`;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await reviewCycle(t);
    // An (reviewers[0]) reviews 48 Đà Nẵng as lead and 01 Hà Nội; Bình (reviewers[1]) is from Đà Nẵng: a declared conflict.
    await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: c.reviewers[0].id, isLead: true }).expect(201);
    await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId: c.unitB, reviewerId: c.reviewers[0].id }).expect(201);
    await t.http.post(`/api/v1/reviewers/${c.reviewers[1].id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitA, reason: 'quê quán Đà Nẵng' }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    unitPath = `/app/review/cycles/${c.cycleId}/units/${c.unitA}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  const threadOf = async (code: string) =>
    (await t.http.get(`${api()}/units/${c.unitA}/clarifications?indicatorCode=${code}`).set(c.reviewers[0].auth).expect(200)).body[0] as {
      open: boolean;
      messages: { body: string; authorRole: string; evidenceId: string | null }[];
    };
  const myDecision = async (code: string) =>
    (await t.http.get(`${api()}/units/${c.unitA}`).set(c.reviewers[0].auth).expect(200)).body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === code)
      .myDecision;
  const assignments = async (): Promise<Assignment[]> => (await t.http.get(`${api()}/assignments`).set(c.admin.auth).expect(200)).body;
  const shownThread = (page: Page, code: string) =>
    page.$$eval(`[id="q-${code}"] .thread-message`, (lis) => lis.map((li) => ({ role: li.getAttribute('data-role'), body: li.querySelector('.thread-body')?.textContent })));

  it('a reviewer asks the officer about an indicator, sees the answer and the evidence added, and asks more', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD, unitPath);
    expect(await page.textContent('[id="q-NT.02"] summary')).toContain('(0)');
    await page.click('[id="q-NT.02"] summary');
    expect(await page.isVisible('[id="qa-NT.02"]')).toBe(true);

    // An empty question: refused by the API's DTO rule, named next to the field.
    const [empty] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/clarifications') && r.request().method() === 'POST'), page.click('[id="ask-NT.02"]')]);
    expect(empty.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('NT.02');
    // The summary takes focus when the page opens; its link leads to the question's field.
    await page.waitForFunction("document.activeElement && document.activeElement.id === 'error-summary'", undefined, { timeout: 5000 }).catch(() => undefined);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    expect(await page.getAttribute('#error-summary a', 'href')).toBe('#qa-NT.02');
    expect(await page.textContent('[id="qe-NT.02"]')).toBe('Chưa nhập.');
    expect(await page.getAttribute('[id="qa-NT.02"]', 'aria-invalid')).toBe('true');
    let s = await step(page, 'web-reviewer-more-01-question-required');
    expect(s.violations).toEqual([]);

    const question = 'Tỷ lệ hồ sơ trực tuyến 2022 lấy từ nguồn nào? Xin gửi báo cáo của Sở TT&TT.';
    await page.fill('[id="qa-NT.02"]', question);
    await Promise.all([page.waitForURL(/done=asked/), page.click('[id="ask-NT.02"]')]);
    expect(await page.textContent('#flash')).toBe('Đã gửi câu hỏi giải trình về NT.02.');
    expect(await page.textContent('[id="r-NT.02"] .current-decision')).toBe(`Hiện tại: Yêu cầu giải trình — “${question}”`);
    expect(await myDecision('NT.02')).toMatchObject({ decision: 'clarify', comment: question, version: 1 });
    expect(await shownThread(page, 'NT.02')).toEqual([{ role: 'reviewer', body: question }]);

    // The officer answers and cites a document through the API, as the officer's pages would.
    const answer = 'Số liệu lấy từ Cổng dịch vụ công tỉnh, kỳ báo cáo tháng 12/2022.';
    await t.http.post(`${api()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).send({ indicatorCode: 'NT.02', body: answer }).expect(201);
    await t.http
      .post(`${api()}/units/${c.unitA}/clarifications/evidence`)
      .set(c.officerA.auth)
      .send({ indicatorCode: 'NT.02', kind: 'link', url: 'https://dichvucong.danang.gov.vn/bao-cao-2022', label: 'Báo cáo DVC 2022' })
      .expect(201);
    await page.reload();
    const thread = await threadOf('NT.02');
    expect(thread.messages.map((m) => m.authorRole)).toEqual(['reviewer', 'officer', 'officer']);
    expect(await shownThread(page, 'NT.02')).toEqual(thread.messages.map((m) => ({ role: m.authorRole, body: m.body })));
    expect(await page.getAttribute('[id="q-NT.02"] .thread-evidence a', 'href')).toBe('https://dichvucong.danang.gov.vn/bao-cao-2022');
    expect(await page.textContent('[id="q-NT.02"] summary')).toContain('đang chờ giải trình');
    s = await step(page, 'web-reviewer-more-02-officer-answered');
    expect(s.violations).toEqual([]);

    // A further question is a message in the open thread: the decision stays at its version.
    await page.fill('[id="qa-NT.02"]', 'Cảm ơn. Tỷ lệ trong báo cáo là 45 % hay 52 %?');
    await Promise.all([page.waitForURL(/done=asked/), page.click('[id="ask-NT.02"]')]);
    expect((await threadOf('NT.02')).messages).toHaveLength(4);
    expect(await shownThread(page, 'NT.02')).toHaveLength(4);
    expect(await myDecision('NT.02')).toMatchObject({ decision: 'clarify', version: 1 });
    await page.locator('[id="r-NT.02"]').screenshot({ path: 'test/artifacts/web-reviewer-more-03b-thread-NT.02.png' });
    s = await step(page, 'web-reviewer-more-03-asked-more');
    expect(s.violations).toEqual([]);

    // At phone width the thread and its form still fit (no screenshot: the page of 64 indicators is very long there).
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);
    await page.close();
  });

  it('a reviewer downloads the workbook, uploads a bad one and sees the report, then a fixed one, and the decision is on the unit page', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD, `/app/review/cycles/${c.cycleId}`);
    await Promise.all([page.waitForURL(`${base}/app/review/cycles/${c.cycleId}/workbook`), page.click('#workbook-link')]);
    expect(await page.textContent('#wb-units')).toBe('Số đơn vị được phân công: 2.');
    let s = await step(page, 'web-reviewer-more-04-workbook');
    expect(s.violations).toEqual([]);

    // No file chosen: refused on the page.
    const [none] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#wb-send')]);
    expect(none.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('Hãy chọn tệp phiếu thẩm định');

    // A file just over the 10 MB limit of a workbook: back on this page, the limit named at the field; no import.
    const importRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM import_jobs'))[0].n as number;
    const rowsBefore = await importRows();
    await page.check('#wb-dryRun');
    await page.setInputFiles('#wb-file', { name: 'quá lớn.xlsx', mimeType: XLSX, buffer: Buffer.alloc(DEFAULT_WORKBOOK_LIMITS.maxFileBytes + 1, 0x41) });
    const [tooLarge] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#wb-send')]);
    expect(tooLarge.status()).toBe(413);
    expect(await page.textContent('#error-summary')).toContain('Tệp lớn hơn giới hạn 10 MB nên chưa được nhận');
    expect(await page.textContent('#wb-file-error')).toContain('10 MB');
    expect(await page.getAttribute('#wb-file', 'aria-invalid')).toBe('true');
    expect(await page.isChecked('#wb-dryRun')).toBe(true);
    expect(await page.textContent('#wb-units')).toBe('Số đơn vị được phân công: 2.');
    expect(await importRows()).toBe(rowsBefore);
    await page.uncheck('#wb-dryRun');
    s = await step(page, 'web-reviewer-more-04b-workbook-too-large');
    expect(s.violations).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#wb-download')]);
    expect(download.suggestedFilename()).toMatch(/^tham-dinh-.*\.xlsx$/);
    const wb = await readWorkbookSafely(readFileSync((await download.path())!));
    const sheet = wb.getWorksheet(SHEET)!;
    const rowOf = (book: ExcelJS.Workbook, unit: string, code: string): ExcelJS.Row => {
      const ws = book.getWorksheet(SHEET)!;
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === unit && ws.getCell(r, 3).value === code) return ws.getRow(r);
      throw new Error(`no row ${unit} ${code}`);
    };
    expect(sheet.rowCount).toBe(1 + 2 * 64);
    // The clarification asked on the page is in the workbook.
    expect(rowOf(wb, '48', 'NT.02').getCell(9).value).toBe('Yêu cầu giải trình');

    const upload = async (book: ExcelJS.Workbook | Buffer, dryRun = false) => {
      await page.goto(`${base}/app/review/cycles/${c.cycleId}/workbook`);
      const buffer = Buffer.isBuffer(book) ? book : Buffer.from(await book.xlsx.writeBuffer());
      await page.setInputFiles('#wb-file', { name: 'phiếu thẩm định.xlsx', mimeType: XLSX, buffer });
      if (dryRun) await page.check('#wb-dryRun');
      await Promise.all([page.waitForURL(/\/workbook\/imports\/[0-9a-f-]{36}$/), page.click('#wb-send')]);
      // The page script follows the job and reads the page again when it is done.
      await page.waitForSelector('#import-read', { timeout: 30_000 });
      const id = page.url().split('/').pop()!;
      return (await t.http.get(`/api/v1/imports/${id}`).set(c.reviewers[0].auth).expect(200)).body as { status: string; report: { applied: number; problems: { cell: string; rule: string }[] } };
    };

    const nt05 = rowOf(wb, '48', 'NT.05');
    nt05.getCell(9).value = 'Điều chỉnh';
    nt05.getCell(11).value = 3;
    nt05.getCell(12).value = 'Kế hoạch chưa được phê duyệt: 3 điểm.';
    rowOf(wb, '48', 'NT.03').getCell(9).value = 'Đồng ý';
    const bad = await upload(wb);
    expect(bad.status).toBe('rejected');
    const cell = `I${rowOf(wb, '48', 'NT.03').number}`;
    expect(bad.report.problems.map((p) => [p.cell, p.rule])).toEqual([[cell, 'bad-decision']]);
    expect(await page.textContent('.import-status')).toBe('Bị từ chối: tệp có lỗi');
    expect(await page.$$eval('#import-problems tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-cell'), tr.getAttribute('data-rule')]))).toEqual([[cell, 'bad-decision']]);
    expect(await myDecision('NT.05')).toBeNull();
    s = await step(page, 'web-reviewer-more-05-import-rejected');
    expect(s.violations).toEqual([]);

    // A CSV renamed .xlsx: the job's own check, as through the API.
    const csv = await upload(Buffer.from('Mã đơn vị,Quyết định\n48,Chấp nhận\n'));
    expect(csv).toMatchObject({ status: 'rejected', report: { problems: [{ rule: 'not-xlsx' }] } });
    expect(await page.getAttribute('#import-problems tbody tr', 'data-rule')).toBe('not-xlsx');

    rowOf(wb, '48', 'NT.03').getCell(9).value = null;
    const dry = await upload(wb, true);
    expect(dry).toMatchObject({ status: 'succeeded', report: { applied: 1, problems: [] } });
    expect(await page.textContent('#import-applied')).toBe('Số quyết định sẽ áp dụng: 1');
    expect(await myDecision('NT.05')).toBeNull();

    const done = await upload(wb);
    expect(done).toMatchObject({ status: 'succeeded', report: { applied: 1, problems: [] } });
    expect(await page.textContent('#import-applied')).toBe('Số quyết định đã áp dụng: 1');
    expect(await page.textContent('#import-ok')).toBe('Tệp không có lỗi.');
    s = await step(page, 'web-reviewer-more-06-import-succeeded');
    expect(s.violations).toEqual([]);

    expect(await myDecision('NT.05')).toMatchObject({ decision: 'adjust', points: 3, comment: 'Kế hoạch chưa được phê duyệt: 3 điểm.' });
    // The workbook page lists the reviewer's uploads of this cycle, newest first, each linked to its report.
    await page.goto(`${base}/app/review/cycles/${c.cycleId}/workbook`);
    const jobs: { id: string; status: string }[] = await t.db.query(`SELECT id, status FROM import_jobs WHERE kind = 'review_workbook' AND cycle_id = $1 ORDER BY created_at DESC`, [c.cycleId]);
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'rejected', 'rejected']);
    expect(await page.$$eval('#recent-imports tbody tr', (trs) => trs.map((tr) => ({ id: tr.getAttribute('data-import'), status: tr.getAttribute('data-status') })))).toEqual(jobs);
    expect(await page.textContent(`tr[data-import="${jobs[3].id}"]`)).toContain('1 lỗi');
    expect(await page.textContent(`tr[data-import="${jobs[0].id}"]`)).toContain('Số quyết định đã áp dụng: 1');
    await page.goto(`${base}${unitPath}`);
    expect(await page.textContent('[id="r-NT.05"] .current-decision')).toBe('Hiện tại: Điều chỉnh: 3 — “Kế hoạch chưa được phê duyệt: 3 điểm.”');
    s = await step(page, 'web-reviewer-more-07-unit-after-import');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP (413|422) /.test(p))).toEqual([]);
    await page.close();
  });

  it('the admin assigns a reviewer, sees a conflict refused with its reason and the choice kept, bulk-assigns and removes', async () => {
    const { page, problems } = await openPage(browser);
    const path = `/app/admin/cycles/${c.cycleId}/assignments`;
    const [an, binh, chi] = c.reviewers;
    await signInThroughForm(page, base, c.admin.email, PASSWORD, path);
    const shown = () =>
      page.$$eval('#assignments tbody tr', (trs) =>
        trs.flatMap((tr) =>
          (Array.from(tr.querySelectorAll('li[data-assignment]')) as { getAttribute(name: string): string | null }[]).map((li) => ({
            id: li.getAttribute('data-assignment'),
            unitId: tr.getAttribute('data-unit'),
            reviewerId: li.getAttribute('data-reviewer'),
            isLead: li.getAttribute('data-lead') === 'true',
          })),
        ),
      );
    const fromApi = async () =>
      (await assignments()).map((a) => ({ id: a.id, unitId: a.unitId, reviewerId: a.reviewerId, isLead: a.isLead })).sort((x, y) => x.id.localeCompare(y.id));
    const units = (await t.http.get(`${api()}/workload`).set(c.admin.auth).expect(200)).body as { unitId: string; finals: number; indicators: number }[];
    expect(await page.$$eval('#assignments tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual(units.map((u) => u.unitId));
    expect((await shown()).sort((x, y) => x.id!.localeCompare(y.id!))).toEqual(await fromApi());
    expect(await page.textContent(`tr[data-unit="${c.unitA}"] .finals`)).toBe(`${units[units.findIndex((u) => u.unitId === c.unitA)].finals}/64 chỉ tiêu có giá trị cuối`);
    let s = await step(page, 'web-reviewer-more-08-assignments');
    expect(s.violations).toEqual([]);

    // An's review workbook, downloaded from the page: the two units An reviews (48, 01), every indicator of each.
    expect(await page.$$eval('#workbooks li', (lis) => lis.map((li) => li.getAttribute('data-reviewer')))).toEqual([an.id]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#workbooks li[data-reviewer="${an.id}"] a`)]);
    expect(download.suggestedFilename()).toMatch(/^tham-dinh-.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(SHEET)!;
    expect(sheet.rowCount).toBe(1 + 2 * 64);
    const codes = new Set<unknown>();
    sheet.eachRow((row, r) => r > 1 && codes.add(row.getCell(1).value));
    expect([...codes].sort()).toEqual(['01', '48']);

    // Bình declared a conflict with Đà Nẵng: refused with the reason, the choices kept.
    await page.selectOption('#a-unit', c.unitA);
    await page.selectOption('#a-reviewer', binh.id);
    await page.check('#a-lead');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/assignments') && r.request().method() === 'POST'), page.click('#assign-one')]);
    expect(refused.status()).toBe(409);
    expect(await page.textContent('#error-summary')).toContain(`Xung đột lợi ích: ${binh.email} không được thẩm định 48 Đà Nẵng. Lý do đã khai báo: quê quán Đà Nẵng.`);
    expect(await page.inputValue('#a-unit')).toBe(c.unitA);
    expect(await page.inputValue('#a-reviewer')).toBe(binh.id);
    expect(await page.isChecked('#a-lead')).toBe(true);
    expect((await assignments()).some((a) => a.reviewerId === binh.id)).toBe(false);
    s = await step(page, 'web-reviewer-more-09-conflict-refused');
    expect(s.violations).toEqual([]);

    // Chi as the lead of Hồ Chí Minh.
    await page.selectOption('#a-unit', c.unitC);
    await page.selectOption('#a-reviewer', chi.id);
    await Promise.all([page.waitForURL(/done=assigned/), page.click('#assign-one')]);
    expect(await page.textContent('#flash')).toBe('Đã phân công chuyên gia.');
    expect((await assignments()).filter((a) => a.unitId === c.unitC)).toEqual([expect.objectContaining({ reviewerId: chi.id, isLead: true })]);
    expect(await page.textContent(`tr[data-unit="${c.unitC}"] li[data-reviewer="${chi.id}"]`)).toContain('trưởng nhóm');

    // Under the single-reviewer policy a second reviewer of Hồ Chí Minh is refused with the policy's reason in Vietnamese.
    const setPolicy = async (policy: string) => {
      const settings = await t.http.get(`${api()}/settings`).set(c.admin.auth).expect(200);
      await t.http.put(`${api()}/settings`).set(c.admin.auth).set('If-Match', String(settings.body.version)).send({ policy }).expect(200);
      return settings.body.policy as string;
    };
    const policy = await setPolicy('single');
    await page.selectOption('#a-unit', c.unitC);
    await page.selectOption('#a-reviewer', an.id);
    await page.uncheck('#a-lead');
    const [single] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/assignments') && r.request().method() === 'POST'), page.click('#assign-one')]);
    expect(single.status()).toBe(409);
    expect(await page.textContent('#error-summary')).toContain('Chính sách một chuyên gia: mỗi đơn vị chỉ có một chuyên gia thẩm định.');
    await setPolicy(policy);

    // Three per unit is more than Bình and Chi can give without a conflict: refused per unit, the choices kept.
    await page.check(`[id="b-r-${binh.id}"]`);
    await page.check(`[id="b-r-${chi.id}"]`);
    await page.fill('#b-perUnit', '3');
    const [short] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/bulk')), page.click('#assign-bulk')]);
    expect(short.status()).toBe(422);
    const summary = await page.textContent('#error-summary');
    expect(summary).toContain('48 Đà Nẵng: chỉ có 1 chuyên gia không xung đột lợi ích, cần 2.');
    expect(summary).toContain('79 Hồ Chí Minh: chỉ có 1 chuyên gia không xung đột lợi ích, cần 2.');
    expect(await page.isChecked(`[id="b-r-${binh.id}"]`)).toBe(true);
    expect(await page.isChecked(`[id="b-r-${chi.id}"]`)).toBe(true);
    expect(await page.isChecked(`[id="b-r-${an.id}"]`)).toBe(false);
    expect(await page.inputValue('#b-perUnit')).toBe('3');
    s = await step(page, 'web-reviewer-more-10-bulk-refused');
    expect(s.violations).toEqual([]);

    // Two per unit: spread evenly, never Bình on Đà Nẵng.
    const before = (await assignments()).length;
    await page.fill('#b-perUnit', '2');
    await Promise.all([page.waitForURL(/done=bulk/), page.click('#assign-bulk')]);
    const after = await assignments();
    expect(after.length - before).toBe(3);
    expect(await page.textContent('#flash')).toBe('Đã phân công thêm 3 lượt chuyên gia.');
    for (const unitId of [c.unitA, c.unitB, c.unitC]) expect(after.filter((a) => a.unitId === unitId)).toHaveLength(2);
    expect(after.some((a) => a.unitId === c.unitA && a.reviewerId === binh.id)).toBe(false);
    expect((await shown()).sort((x, y) => x.id!.localeCompare(y.id!))).toEqual(await fromApi());
    s = await step(page, 'web-reviewer-more-11-bulk-assigned');
    expect(s.violations).toEqual([]);

    // Chi made the lead of Đà Nẵng in An's place.
    const chiOnA = after.find((a) => a.unitId === c.unitA && a.reviewerId === chi.id)!;
    expect(chiOnA.isLead).toBe(false);
    await Promise.all([page.waitForURL(/done=lead/), page.click(`li[data-assignment="${chiOnA.id}"] .make-lead`)]);
    expect(await page.textContent('#flash')).toBe('Đã đặt trưởng nhóm.');
    expect((await assignments()).filter((a) => a.unitId === c.unitA).map((a) => [a.reviewerId, a.isLead]).sort()).toEqual([[an.id, false], [chi.id, true]].sort());

    // Remove Bình from Hà Nội.
    const gone = after.find((a) => a.unitId === c.unitB && a.reviewerId === binh.id)!;
    await Promise.all([page.waitForURL(/done=removed/), page.click(`li[data-assignment="${gone.id}"] .remove`)]);
    expect((await assignments()).some((a) => a.id === gone.id)).toBe(false);
    expect(await page.$(`li[data-assignment="${gone.id}"]`)).toBeNull();

    await page.setViewportSize({ width: 360, height: 800 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    s = await step(page, 'web-reviewer-more-12-assignments-phone');
    expect(s.violations).toEqual([]);
    // In English: the same refusal in the page's language, the reason as declared.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('#lang-switch');
    await page.waitForSelector('html[lang="en"]');
    expect(new URL(page.url()).pathname).toBe(path);
    expect(await page.textContent('h1')).toMatch(/^Reviewer assignments · /);
    await page.selectOption('#a-unit', c.unitA);
    await page.selectOption('#a-reviewer', binh.id);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/assignments') && r.request().method() === 'POST'), page.click('#assign-one')]);
    expect(await page.textContent('#error-summary')).toContain(`Conflict of interest: ${binh.email} may not review 48 Đà Nẵng. Declared reason: quê quán Đà Nẵng.`);
    s = await step(page, 'web-reviewer-more-13-conflict-english');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP (409|422) /.test(p))).toEqual([]);
    await page.close();
  });

  it('refuses a reviewer the pages of a unit not assigned, an officer the reviewer and admin pages, and a POST without the CSRF token', async () => {
    const { page } = await openPage(browser);
    const binh = c.reviewers[1];
    // Bình never reviews Đà Nẵng (a declared conflict).
    expect((await assignments()).some((a) => a.unitId === c.unitA && a.reviewerId === binh.id)).toBe(false);
    await signInThroughForm(page, base, binh.email, PASSWORD);
    const res = await page.goto(`${base}${unitPath}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
    let s = await step(page, 'web-reviewer-more-14-unit-refused');
    expect(s.violations).toEqual([]);
    // A question about that unit, with this session's CSRF token: refused by the service, nothing written.
    const token = await page.getAttribute('form[action="/app/logout"] input[name="_csrf"]', 'value');
    const messages = (await t.db.query(`SELECT count(*)::int AS n FROM clarification_messages`))[0].n;
    const ask = await page.request.post(`${base}${unitPath}/clarifications`, { form: { _csrf: token!, indicatorCode: 'NT.03', body: 'Câu hỏi?' }, maxRedirects: 0 });
    expect(ask.status()).toBe(403);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM clarification_messages`))[0].n).toBe(messages);
    // An import of An's is not Bình's to read.
    const [job] = await t.db.query(`SELECT id FROM import_jobs WHERE kind = 'review_workbook' LIMIT 1`);
    expect((await page.goto(`${base}/app/review/cycles/${c.cycleId}/workbook/imports/${job.id}`))?.status()).toBe(404);
    // Nor is it in Bình's list of uploads.
    expect((await page.goto(`${base}/app/review/cycles/${c.cycleId}/workbook`))?.status()).toBe(200);
    expect(await page.$('#recent-imports')).toBeNull();
    // A reviewer has no admin pages.
    expect((await page.goto(`${base}/app/admin/cycles/${c.cycleId}/assignments`))?.status()).toBe(403);

    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.officerA.email, PASSWORD);
    for (const path of [
      `/app/admin/cycles/${c.cycleId}/assignments`,
      `/app/admin/cycles/${c.cycleId}/assignments/workbook?reviewerId=${c.reviewers[0].id}`,
      `/app/review/cycles/${c.cycleId}/workbook`,
      `/app/review/cycles/${c.cycleId}/workbook/download`,
      unitPath,
    ]) {
      expect([path, (await page.goto(`${base}${path}`))?.status()]).toEqual([path, 403]);
    }
    s = await step(page, 'web-reviewer-more-15-officer-refused');
    expect(s.violations).toEqual([]);

    // The admin, signed in, posting without the form's token: refused, nothing assigned.
    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    const count = (await assignments()).length;
    const forged = await page.request.post(`${base}/app/admin/cycles/${c.cycleId}/assignments`, { form: { unitId: c.unitB, reviewerId: c.reviewers[2].id }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Biểu mẫu không hợp lệ');
    const bulk = await page.request.post(`${base}/app/admin/cycles/${c.cycleId}/assignments/bulk`, { form: { _csrf: 'forged', reviewerIds: c.reviewers[2].id }, maxRedirects: 0 });
    expect(bulk.status()).toBe(403);
    expect((await assignments()).length).toBe(count);
    await page.close();
  });
});
