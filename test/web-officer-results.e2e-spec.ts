import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AppConfig } from '../src/config/app-config';
import { COL, SHEETS, parseRowKey } from '../src/submissions/template/template-layout';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, restoreClock, setNow, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

jest.setTimeout(120_000);

const tmp = mkdtempSync(join(tmpdir(), 'dti-web-officer-results-'));
const pdfPath = join(tmp, 'Quyết định 1234.pdf');
writeFileSync(pdfPath, Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]));

/** The template as the page serves it (the browser's cookies), opened with exceljs. */
async function templateOf(page: Page, url: string): Promise<ExcelJS.Workbook> {
  const res = await page.request.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await res.body()) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Sets the value cell of an indicator's row in the answers sheet. */
function setValue(workbook: ExcelJS.Workbook, code: string, value: ExcelJS.CellValue): void {
  const sheet = workbook.getWorksheet(SHEETS.answers)!;
  let found = false;
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const key = parseRowKey(String(row.getCell(COL.code).value));
    if (key?.code === code && !key.part) {
      row.getCell(COL.value).value = value;
      found = true;
    }
  });
  expect(found).toBe(true);
}

async function saved(workbook: ExcelJS.Workbook, name: string): Promise<string> {
  const path = join(tmp, name);
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

describe('web app: the officer’s template, clarifications, review results and score card (headless Chromium)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    restoreClock(t);
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  describe('the Excel template', () => {
    let c: OpenCycle;
    let formPath: string;

    beforeAll(async () => {
      await resetState(t);
      c = await openProvinceCycle(t);
      formPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    });

    const state = async () => (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200)).body;

    it('downloads the template, uploads it filled with exceljs, follows the import to its report and finds the value in the form', async () => {
      const { page, problems } = await openPage(browser);
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, formPath);
      await Promise.all([page.waitForURL(`${base}${formPath}/template`), page.click('#cycle-links a[href$="/template"]')]);
      expect(await page.textContent('h1')).toContain('Tệp Excel phiếu tự đánh giá 2022');
      let s = await step(page, 'web-officer-results-01-template');
      expect(s.violations).toEqual([]);

      const workbook = await templateOf(page, `${base}${formPath}/template/file`);
      setValue(workbook, 'NT.02', 75);
      await page.setInputFiles('#file', await saved(workbook, 'tu-danh-gia-da-nang.xlsx'));
      const before = (await state()).submission.version;
      await Promise.all([page.waitForURL(/\/template\/imports\/[0-9a-f-]+\?done=uploaded/), page.click('#upload-button')]);
      // The page's script polls the import and reads the page again once the worker is done.
      await page.waitForSelector('#import-facts[data-status="succeeded"]', { timeout: 30_000 });
      const importId = /imports\/([0-9a-f-]+)/.exec(page.url())![1];
      const job = (await t.http.get(`/api/v1/imports/${importId}`).set(c.officerA.auth).expect(200)).body;
      expect(job).toMatchObject({ status: 'succeeded', report: { problems: [] } });
      expect(job.report.applied).toBeGreaterThan(0);
      expect(await page.textContent('#import-outcome')).toContain(`áp dụng ${job.report.applied} câu trả lời`);
      s = await step(page, 'web-officer-results-02-import-succeeded');
      expect(s.violations).toEqual([]);

      const after = await state();
      expect(after.submission.version).toBe(before + 1);
      expect(after.answers['NT.02'].value).toBe(75);
      await Promise.all([page.waitForURL(`${base}${formPath}`), page.click('#to-form')]);
      expect(await page.inputValue('[id="v-NT.02"]')).toBe('75');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a file with bad cells is refused whole: every problem listed by cell, nothing applied; no file is refused at its field; earlier uploads listed with their reports', async () => {
      const { page } = await openPage(browser);
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, `${formPath}/template`);
      const [noFile] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#upload-button')]);
      expect(noFile.status()).toBe(422);
      expect(await page.textContent('#error-summary')).toContain('Hãy chọn tệp Excel đã điền.');
      expect(await page.getAttribute('#file', 'aria-invalid')).toBe('true');
      let s = await step(page, 'web-officer-results-03-no-file');
      expect(s.violations).toEqual([]);

      // A file over the 10 MB limit of a workbook: back on this page, the limit named at the field; nothing stored.
      const importRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM import_jobs'))[0].n as number;
      const rowsBefore = await importRows();
      const versionBefore = (await state()).submission.version;
      await page.check('#dry-run');
      await page.setInputFiles('#file', { name: 'qua-lon.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x41) });
      const [tooLarge] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#upload-button')]);
      expect(tooLarge.status()).toBe(413);
      expect(await page.textContent('h1')).toContain('Tệp Excel phiếu tự đánh giá 2022');
      expect(await page.textContent('#error-summary')).toContain('Tệp lớn hơn giới hạn 10 MB nên chưa được nhận');
      expect(await page.textContent('#file-error')).toContain('10 MB');
      expect(await page.getAttribute('#file', 'aria-invalid')).toBe('true');
      expect(await page.isChecked('#dry-run')).toBe(true);
      expect(await importRows()).toBe(rowsBefore);
      await page.uncheck('#dry-run');
      expect((await state()).submission.version).toBe(versionBefore);
      s = await step(page, 'web-officer-results-03b-too-large');
      expect(s.violations).toEqual([]);

      const before = await state();
      const workbook = await templateOf(page, `${base}${formPath}/template/file`);
      setValue(workbook, 'NT.02', 'bảy mươi');
      setValue(workbook, 'NT.08', 150);
      await page.setInputFiles('#file', await saved(workbook, 'loi.xlsx'));
      await Promise.all([page.waitForURL(/\/template\/imports\//), page.click('#upload-button')]);
      await page.waitForSelector('#import-facts[data-status="rejected"]', { timeout: 30_000 });
      const importId = /imports\/([0-9a-f-]+)/.exec(page.url())![1];
      const job = (await t.http.get(`/api/v1/imports/${importId}`).set(c.officerA.auth).expect(200)).body;
      expect(job.status).toBe('rejected');
      expect(job.report.problems.length).toBeGreaterThanOrEqual(2);
      // One row per problem of the report, with its cell.
      const rows = await page.$$eval('#import-problems tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
      expect(rows).toHaveLength(job.report.problems.length);
      for (const p of job.report.problems as { cell?: string; message: string }[]) expect(rows.some((r) => r.includes(p.message) && (!p.cell || r.includes(p.cell)))).toBe(true);
      expect(await page.textContent('#import-outcome')).toContain('Không câu trả lời nào được áp dụng');
      // The refusal's box takes focus when the report opens.
      await page.waitForFunction("document.activeElement && document.activeElement.id === 'import-outcome'", undefined, { timeout: 5000 }).catch(() => undefined);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('import-outcome');
      s = await step(page, 'web-officer-results-04-import-rejected');
      expect(s.violations).toEqual([]);
      const after = await state();
      expect(after.submission.version).toBe(before.submission.version);
      expect(after.answers['NT.02'].value).toBe(75);
      // The template page lists both uploads, newest first, each linked to its report.
      await page.click('a[href$="/template"]:has-text("Tải lên tệp khác")');
      await page.waitForURL(`${base}${formPath}/template`);
      expect(await page.$$eval('#imports tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-status')))).toEqual(['rejected', 'succeeded']);
      expect(await page.getAttribute('#imports tbody tr:first-child a', 'href')).toBe(`${formPath}/template/imports/${importId}`);
      s = await step(page, 'web-officer-results-04b-earlier-uploads');
      expect(s.violations).toEqual([]);
      await page.close();
    });
  });

  describe('after submission: clarifications, review results and objections, the score card', () => {
    let c: ReviewCycle;
    let an: SignedInUser;
    let unitPath: string;
    const reviewApi = () => `/api/v1/cycles/${c.cycleId}/review`;

    beforeAll(async () => {
      restoreClock(t);
      await resetState(t);
      c = await reviewCycle(t);
      an = c.reviewers[0];
      for (const unitId of [c.unitA, c.unitB, c.unitC]) {
        await t.http.post(`${reviewApi()}/assignments`).set(c.admin.auth).send({ unitId, reviewerId: an.id, isLead: true }).expect(201);
      }
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      unitPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    });

    it('the officer answers a reviewer’s request for clarification, with a link and a file as evidence; an empty answer is refused, and one sent after the thread closed is refused with its text kept', async () => {
      await acceptAll(t, an, c.cycleId, c.unitA, ['NT.06']);
      await t.http
        .post(`${reviewApi()}/units/${c.unitA}/decisions`)
        .set(an.auth)
        .send({ decisions: [{ indicatorCode: 'NT.06', decision: 'clarify', comment: 'Đề nghị cung cấp số hiệu quyết định ban hành kế hoạch' }] })
        .expect(201);
      const { page, problems } = await openPage(browser);
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, unitPath);
      expect(await page.$$eval('#cycle-links a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([`${unitPath}/clarifications`, `${unitPath}/review`]);
      await Promise.all([page.waitForURL(`${base}${unitPath}/clarifications`), page.click('#cycle-links a[href$="/clarifications"]')]);
      expect(await page.getAttribute('[id="th-NT.06"]', 'data-open')).toBe('true');
      expect(await page.textContent('[id="th-NT.06"] .ofc-message--reviewer')).toContain('Đề nghị cung cấp số hiệu quyết định ban hành kế hoạch');
      let s = await step(page, 'web-officer-results-05-clarification-asked');
      expect(s.violations).toEqual([]);

      const [empty] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('[id="th-NT.06"] form[action$="/clarifications"] button')]);
      expect(empty.status()).toBe(422);
      expect(await page.textContent('[id="th-NT.06-errors"]')).toContain('body');

      await page.fill('[id="ans-NT.06"]', 'Kế hoạch ban hành theo Quyết định 1234/QĐ-UBND ngày 15/3/2022.');
      await Promise.all([page.waitForURL(/done=answered/), page.click('[id="th-NT.06"] form[action$="/clarifications"] button')]);
      expect(await page.textContent('#flash')).toBe('Đã gửi giải trình cho NT.06.');
      await page.click('[id="th-NT.06"] summary');
      await page.fill('[id="cl-NT.06-url"]', 'https://danang.gov.vn/ke-hoach-chuyen-doi-so');
      await page.fill('[id="cl-NT.06-label"]', 'Kế hoạch chuyển đổi số 2022');
      await Promise.all([page.waitForURL(/done=evidence/), page.click('[id="th-NT.06"] form[action$="/clarifications/evidence"] button')]);
      // A file just over the 20 MB limit (UPLOAD_MAX_BYTES): back at its thread, the limit named at the field; nothing kept.
      await page.click('[id="th-NT.06"] summary');
      const evidenceRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM evidence'))[0].n as number;
      const rowsBefore = await evidenceRows();
      const limit = t.app.get(AppConfig).UPLOAD_MAX_BYTES;
      await page.setInputFiles('[id="cf-NT.06"]', { name: 'quá lớn.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(limit + 1, 32) });
      const [tooLarge] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('[id="th-NT.06"] form[enctype="multipart/form-data"] button')]);
      expect(tooLarge.status()).toBe(413);
      expect(await page.textContent('[id="th-NT.06-errors"]')).toContain('Tệp lớn hơn giới hạn 20 MB nên chưa được nhận');
      expect(await page.textContent('[id="cf-NT.06-error"]')).toContain('20 MB');
      expect(await page.getAttribute('[id="cf-NT.06"]', 'aria-invalid')).toBe('true');
      expect(await evidenceRows()).toBe(rowsBefore);
      expect((await t.http.get(`${reviewApi()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).expect(200)).body[0].messages).toHaveLength(3);
      s = await step(page, 'web-officer-results-05b-clarification-file-too-large');
      expect(s.violations).toEqual([]);
      // And a file, through the evidence storage engine (a PDF by its content).
      await page.setInputFiles('[id="cf-NT.06"]', pdfPath);
      await Promise.all([page.waitForURL(/done=evidence/), page.click('[id="th-NT.06"] form[enctype="multipart/form-data"] button')]);
      expect(await page.textContent('#flash')).toBe('Đã bổ sung minh chứng cho NT.06.');
      // The page shows the thread the API holds.
      const threads = (await t.http.get(`${reviewApi()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).expect(200)).body;
      expect(threads[0].messages.map((m: { authorRole: string }) => m.authorRole)).toEqual(['reviewer', 'officer', 'officer', 'officer']);
      expect(threads[0].messages[1].body).toBe('Kế hoạch ban hành theo Quyết định 1234/QĐ-UBND ngày 15/3/2022.');
      expect(await page.$$eval('[id="th-NT.06"] .ofc-message', (ms) => ms.map((m) => m.getAttribute('data-role')))).toEqual(['reviewer', 'officer', 'officer', 'officer']);
      const evidenceLinks = await page.$$eval('[id="th-NT.06"] .ofc-message__evidence a', (as) => as.map((a) => a.getAttribute('href')));
      expect(evidenceLinks[0]).toBe('https://danang.gov.vn/ke-hoach-chuyen-doi-so');
      expect(evidenceLinks[1]).toBe(`${unitPath}/evidence/${threads[0].messages[3].evidenceId}/download`);
      const pdf = await page.request.get(`${base}${evidenceLinks[1]}`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      s = await step(page, 'web-officer-results-06-clarification-answered');
      expect(s.violations).toEqual([]);

      // A further answer typed while the thread is open, sent after the reviewer has decided: refused, the text kept.
      await page.fill('[id="ans-NT.06"]', 'Xin gửi thêm văn bản hướng dẫn.');
      await t.http.post(`${reviewApi()}/units/${c.unitA}/decisions`).set(an.auth).send({ decisions: [{ indicatorCode: 'NT.06', decision: 'accept', version: 1 }] }).expect(201);
      const [late] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('[id="th-NT.06"] form[action$="/clarifications"] button')]);
      expect(late.status()).toBe(409);
      expect(await page.textContent('[id="th-NT.06-errors"]')).toContain('Không thực hiện được vì mâu thuẫn với dữ liệu hoặc trạng thái hiện có.');
      expect(await page.textContent('[id="th-NT.06-unsent"]')).toBe('Xin gửi thêm văn bản hướng dẫn.');
      expect(await page.getAttribute('[id="th-NT.06"]', 'data-open')).toBe('false');
      expect(await page.$$('[id="ans-NT.06"]')).toHaveLength(0);
      s = await step(page, 'web-officer-results-06b-clarification-closed');
      expect(s.violations).toEqual([]);
      expect(problems.filter((p) => !/^HTTP 4(13|22|09) /.test(p))).toEqual([]);
      await page.close();
    });

    it('sees the reviewed scores once the objection window opens, files an objection in it, and is refused once it has closed', async () => {
      for (const unitId of [c.unitB, c.unitC]) await acceptAll(t, an, c.cycleId, unitId);
      const { page } = await openPage(browser);
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, `${unitPath}/review`);
      expect(await page.getAttribute('#window-state', 'data-window')).toBe('none');
      expect(await page.textContent('#scores-hidden')).toContain('khi thời hạn kiến nghị bắt đầu');
      let s = await step(page, 'web-officer-results-07-review-before-window');
      expect(s.violations).toEqual([]);

      const settings = await t.http.get(`${reviewApi()}/settings`).set(c.admin.auth).expect(200);
      await t.http
        .put(`${reviewApi()}/settings`)
        .set(c.admin.auth)
        .set('If-Match', String(settings.body.version))
        .send({ objectionsOpenAt: '2030-01-01T00:00:00', objectionsCloseAt: '2030-01-10T00:00:00' })
        .expect(200);
      setNow(t, '2030-01-05T09:00:00');
      await page.reload();
      expect(await page.getAttribute('#window-state', 'data-window')).toBe('open');
      // The rows are the API's: self and reviewed points per indicator.
      const scores = (await t.http.get(`${reviewApi()}/units/${c.unitA}/scores`).set(c.officerA.auth).expect(200)).body as {
        indicatorCode: string;
        self: { points: number | null };
        reviewed: { points: number | null } | null;
      }[];
      const shown = await page.$$eval('#reviewed-scores tbody tr', (trs) =>
        trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('[data-self-points]')?.textContent?.trim(), tr.querySelector('[data-reviewed-points]')?.textContent?.trim()]),
      );
      const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n));
      expect(shown).toEqual(scores.map((r) => [r.indicatorCode, fmt(r.self.points), fmt(r.reviewed?.points)]));

      await page.selectOption('#obj-code', 'NT.05');
      await page.fill('#obj-reason', 'Đơn vị đã ban hành kế hoạch; đề nghị xem lại điểm chấm tay.');
      await Promise.all([page.waitForURL(/done=objected/), page.click('#object-button')]);
      expect(await page.textContent('#flash')).toBe('Đã gửi kiến nghị.');
      const filed = (await t.http.get(`${reviewApi()}/objections`).set(c.officerA.auth).expect(200)).body;
      expect(filed).toEqual([expect.objectContaining({ indicatorCode: 'NT.05', status: 'open', reason: 'Đơn vị đã ban hành kế hoạch; đề nghị xem lại điểm chấm tay.' })]);
      expect(await page.getAttribute(`tr[data-objection="${filed[0].id}"]`, 'data-status')).toBe('open');
      // NT.05 has an open objection: it is no longer offered.
      expect(await page.$$eval('#obj-code option', (os) => os.map((o) => o.getAttribute('value')))).not.toContain('NT.05');
      s = await step(page, 'web-officer-results-08-objection-filed');
      expect(s.violations).toEqual([]);

      // The form was read while the window was open; it is sent after it closed: the service refuses, the text is kept.
      await page.selectOption('#obj-code', 'NT.02');
      await page.fill('#obj-reason', 'Gửi muộn một phút');
      setNow(t, '2030-01-10T00:00:00');
      const [late] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#object-button')]);
      expect(late.status()).toBe(409);
      // The service's reason in Vietnamese, with the closing time in Vietnam time (not its English UTC instant).
      expect(await page.textContent('#error-summary')).toContain('Đã hết thời hạn nhận kiến nghị lúc 00:00 10/01/2030.');
      expect(await page.textContent('#unsent-reason')).toBe('Gửi muộn một phút');
      expect(await page.getAttribute('#window-state', 'data-window')).toBe('closed');
      expect(await page.$$('#object-button')).toHaveLength(0);
      s = await step(page, 'web-officer-results-09-objection-refused');
      expect(s.violations).toEqual([]);
      expect((await t.http.get(`${reviewApi()}/objections`).set(c.officerA.auth).expect(200)).body).toHaveLength(1);

      // The lead reviewer rejects it: the officer reads the answer.
      await t.http.post(`${reviewApi()}/objections/${filed[0].id}/decision`).set(an.auth).send({ outcome: 'reject', answer: 'Minh chứng không đổi so với lúc thẩm định.' }).expect(200);
      await page.goto(`${base}${unitPath}/review`);
      expect(await page.textContent('#window-state')).toContain('Đã hết thời hạn kiến nghị');
      expect(await page.textContent(`tr[data-objection="${filed[0].id}"]`)).toContain('Minh chứng không đổi so với lúc thẩm định.');
      expect(await page.getAttribute(`tr[data-objection="${filed[0].id}"]`, 'data-status')).toBe('rejected');
      await page.close();
    });

    it('after publication sees the score card with the public API’s rank and values, and downloads its workbook', async () => {
      // Later than the objection window (set in 2030 above), as publication always is.
      setNow(t, '2030-01-20T09:00:00');
      const { page, problems } = await openPage(browser);
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, `${unitPath}/score-card`);
      expect(await page.textContent('#not-published')).toContain('chưa được công bố');

      await moveCycle(t, c.admin.auth, c.cycleId, 'scoring');
      const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
      await drainQueues(t);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);

      await page.goto(`${base}/app/units/${c.unitA}/cycles`);
      await Promise.all([page.waitForURL(`${base}${unitPath}/score-card`), page.click(`tr[data-cycle="${c.cycleId}"] a[data-link="score-card"]`)]);
      const card = (await t.http.get('/api/v1/public/rankings/2022/province/units/48').expect(200)).body;
      expect(card.rank).not.toBeNull();
      expect(await page.getAttribute('#card-rank', 'data-rank')).toBe(String(card.rank));
      expect(await page.textContent('#card-index')).toBe(new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(card.index));
      const rows = await page.$$eval('#score-card tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('[data-node-rank]')?.textContent?.trim()]));
      expect(rows).toEqual(card.lines.map((l: { code: string; rank: number | null }) => [l.code, l.rank === null ? '—' : String(l.rank)]));
      // NT.06 was accepted after the clarification: its self, reviewed and final values are the same.
      const nt06 = await page.$$eval('tr[data-code="NT.06"] td', (tds) => tds.slice(0, 3).map((td) => td.textContent?.trim()));
      expect(nt06).toEqual([nt06[0], nt06[0], nt06[0]]);
      expect(['Có', 'Không']).toContain(nt06[0]);
      let s = await step(page, 'web-officer-results-10-score-card');
      expect(s.violations).toEqual([]);

      await Promise.all([page.waitForURL(/\?export=/), page.click('#workbook-request')]);
      await drainQueues(t);
      await page.waitForSelector('#workbook-download', { timeout: 30_000 });
      const href = await page.getAttribute('#workbook-download', 'href');
      const file = await page.request.get(`${base}${href}`);
      expect(file.status()).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await file.body()) as unknown as ExcelJS.Buffer);
      expect(workbook.getWorksheet('Phiếu điểm')).toBeDefined();
      s = await step(page, 'web-officer-results-11-workbook-ready');
      expect(s.violations).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();

      // At phone width nothing but the tables' own scroll regions is wider than the screen; in English too.
      const { page: phone } = await openPage(browser, { width: 360, height: 800 });
      await phone.goto(`${base}${unitPath}/score-card`);
      expect(await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      s = await step(phone, 'web-officer-results-12-score-card-phone');
      expect(s.violations).toEqual([]);
      await Promise.all([phone.waitForURL(`${base}${unitPath}/score-card`), phone.click('#lang-switch')]);
      expect(await phone.textContent('h1')).toContain('DTI score card 2022');
      expect(await phone.getAttribute('#card-rank', 'data-rank')).toBe(String(card.rank));
      // Numbers the English way on the English page (30.00, 0.5234), not the Vietnamese 30,00.
      const english = (decimals: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      expect(await phone.textContent('#card-index')).toBe(english(4).format(card.index));
      const points = await phone.$$eval('#score-card tbody tr [data-points]', (tds) => tds.map((td) => td.textContent?.trim()));
      expect(points).toEqual(card.lines.map((l: { points: number | null }) => (l.points === null ? '—' : english(2).format(l.points))));
      expect(points.some((p) => p?.includes('.'))).toBe(true);
      expect(points.some((p) => p?.includes(','))).toBe(false);
      s = await step(phone, 'web-officer-results-13-score-card-english');
      expect(s.violations).toEqual([]);
      await phone.close();
    });

    it('refuses an officer of another unit every URL of the first unit (GET and POST), and a POST without the CSRF token', async () => {
      const { page } = await openPage(browser);
      await signInThroughForm(page, base, c.officerB.email, PASSWORD);
      const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
      const someId = '00000000-0000-4000-8000-000000000000';
      for (const path of [
        `${unitPath}/template`,
        `${unitPath}/template/file`,
        `${unitPath}/template/imports/${someId}`,
        `${unitPath}/clarifications`,
        `${unitPath}/review`,
        `${unitPath}/score-card`,
        `${unitPath}/score-card/workbook/${someId}`,
      ]) {
        const res = await page.goto(`${base}${path}`);
        expect([path, res?.status()]).toEqual([path, 403]);
      }
      expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
      const s = await step(page, 'web-officer-results-14-other-unit-refused');
      expect(s.violations).toEqual([]);
      for (const [path, form] of [
        [`${unitPath}/clarifications`, { _csrf: token, indicatorCode: 'NT.06', body: 'x' }],
        [`${unitPath}/clarifications/evidence`, { _csrf: token, indicatorCode: 'NT.06', url: 'https://example.org' }],
        [`${unitPath}/review/objections`, { _csrf: token, indicatorCode: 'NT.05', reason: 'x' }],
        [`${unitPath}/score-card/workbook`, { _csrf: token }],
      ] as const) {
        const res = await page.request.post(`${base}${path}`, { form });
        expect([path, res.status()]).toEqual([path, 403]);
      }
      for (const path of [`${unitPath}/template`, `${unitPath}/clarifications/evidence/files`]) {
        const res = await page.request.post(`${base}${path}?_csrf=${encodeURIComponent(token)}`, {
          multipart: { indicatorCode: 'NT.06', file: { name: 'a.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') } },
        });
        expect([path, res.status()]).toEqual([path, 403]);
      }
      const imports = await t.db.query('SELECT count(*)::int AS n FROM import_jobs');
      expect(imports[0].n).toBe(0);

      // The unit's own officer, without the token: refused before anything is read.
      await browser.context.clearCookies();
      await signInThroughForm(page, base, c.officerA.email, PASSWORD);
      const noToken = await page.request.post(`${base}${unitPath}/score-card/workbook`, { form: {} });
      expect(noToken.status()).toBe(403);
      expect(await noToken.text()).toContain('Biểu mẫu không hợp lệ');
      await page.close();
    });
  });
});
