import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

jest.setTimeout(120_000);

describe('web app: a reviewer adjusts, the administrator scores and publishes, the public page shows it (headless Chromium)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;
  let cyclePath: string;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await reviewCycle(t);
    for (const unitId of [c.unitA, c.unitB, c.unitC]) {
      await t.http.post(`/api/v1/cycles/${c.cycleId}/review/assignments`).set(c.admin.auth).send({ unitId, reviewerId: c.reviewers[0].id, isLead: true }).expect(201);
    }
    cyclePath = `/app/admin/cycles/${c.cycleId}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('creates a cycle (a refused form keeps what was typed) and opens it', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/admin/cycles`), page.click('nav.app-nav a[href="/app/admin/cycles"]')]);
    expect(await page.textContent(`tr[data-cycle="${c.cycleId}"]`)).toContain('Đang nhận phiếu');
    await page.fill('#c-year', '2023');
    await page.selectOption('#c-framework', c.frameworkId);
    await page.fill('#c-opensAt', '2024-03-01T08:00');
    await page.fill('#c-closesAt', '2024-04-30T17:00');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/cycles') && r.request().method() === 'POST'), page.click('#create-cycle')]);
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('nameVi');
    expect(await page.inputValue('#c-year')).toBe('2023');
    expect(await page.inputValue('#c-closesAt')).toBe('2024-04-30T17:00');
    let s = await step(page, 'web-admin-01-create-refused');
    expect(s.violations).toEqual([]);

    await page.fill('#c-nameVi', 'Đánh giá DTI cấp tỉnh năm 2023');
    await Promise.all([page.waitForURL(/done=created/), page.click('#create-cycle')]);
    expect(await page.textContent('#flash')).toBe('Đã tạo kỳ đánh giá “Đánh giá DTI cấp tỉnh năm 2023”.');
    expect(await page.textContent('#cycle-phase')).toBe('Chuẩn bị');
    await Promise.all([page.waitForURL(/done=moved/), page.click('#move-open')]);
    expect(await page.textContent('#cycle-phase')).toBe('Đang nhận phiếu');
    s = await step(page, 'web-admin-02-created-and-opened');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);
    await page.close();
  });

  it('the reviewer adjusts an indicator with a comment on the page; the admin moves the cycle, runs scoring with live progress and publishes; the ranking page shows it', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await Promise.all([page.waitForURL(/done=moved/), page.click('#move-review')]);
    expect(await page.textContent('#cycle-phase')).toBe('Thẩm định');

    // The reviewer, in the browser: NT.02 of Đà Nẵng adjusted with a comment; the rest accepted (through the API).
    await browser.context.clearCookies();
    for (const unitId of [c.unitA, c.unitB, c.unitC]) await acceptAll(t, c.reviewers[0], c.cycleId, unitId, unitId === c.unitA ? ['NT.02'] : []);
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD, `/app/review/cycles/${c.cycleId}/units/${c.unitA}`);
    await page.check('[id="dk-NT.02-adjust"]');
    await page.fill('[id="rv-NT.02"]', '20');
    await page.fill('[id="rc-NT.02"]', 'Minh chứng chỉ cho thấy 20 %.');
    await Promise.all([page.waitForURL(/done=decided/), page.click('[id="save-NT.02"]')]);
    expect(await page.textContent('[id="r-NT.02"] .current-decision')).toContain('Điều chỉnh: 20 %');
    let s = await step(page, 'web-admin-03-reviewer-adjusted');
    expect(s.violations).toEqual([]);

    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await Promise.all([page.waitForURL(/done=moved/), page.click('#move-scoring')]);
    expect(await page.textContent('#cycle-phase')).toBe('Chấm điểm');
    // Published only through a publication: the phase form's move is refused, said by its reason in Vietnamese (the
    // service's English message is for API clients).
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/phase')), page.click('#move-published')]);
    expect(refused.status()).toBe(409);
    expect(await page.textContent('#error-summary')).toContain('Kỳ đánh giá chỉ được công bố bằng cách công bố một lượt chấm điểm, không chuyển giai đoạn trực tiếp.');
    expect(await page.textContent('#error-summary')).not.toMatch(/cannot move|published/);
    s = await step(page, 'web-admin-04-move-refused');
    expect(s.violations).toEqual([]);

    await page.goto(`${base}${cyclePath}`);
    await Promise.all([page.waitForURL(/done=run/), page.click('#run-scoring')]);
    expect(await page.$$eval('#runs-table tbody tr', (trs) => trs.length)).toBe(1);
    await step(page, 'web-admin-05-run-requested');
    // Live progress: the page polls the JSON API and reads itself again when the run is done.
    await page.waitForSelector('tr[data-status="succeeded"] .publish-button', { timeout: 60_000 });
    expect(await page.textContent('#runs-table .run-status')).toBe('Hoàn tất');
    expect(await page.textContent('#runs-table .run-progress')).toBe('100 %');
    s = await step(page, 'web-admin-06-run-succeeded');
    expect(s.violations).toEqual([]);

    await Promise.all([page.waitForURL(/done=published/), page.click('.publish-button')]);
    expect(await page.textContent('#flash')).toBe('Đã công bố phiên bản 1.');
    expect(await page.textContent('#cycle-phase')).toBe('Đã công bố');
    s = await step(page, 'web-admin-07-published');
    expect(s.violations).toEqual([]);

    // A correction (version 2) needs its reason: refused without one, the form kept; then published with it.
    const correctButton = 'form:has(input[name="mode"][value="correct"]) button[type="submit"]';
    const [noReason] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/publications') && r.request().method() === 'POST'), page.click(correctButton)]);
    expect(noReason.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('reason');
    expect(await page.textContent('#cycle-phase')).toBe('Đã công bố');
    await page.fill('input[name="reason"]', 'Đính chính: công bố lại sau khi rà soát số liệu');
    await Promise.all([page.waitForURL(/done=published&version=2/), page.click(correctButton)]);
    expect(await page.textContent('#flash')).toBe('Đã công bố phiên bản 2.');
    s = await step(page, 'web-admin-07b-corrected');
    expect(s.violations).toEqual([]);
    expect((await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body.version).toBe(2);

    const api = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body;
    await Promise.all([page.waitForURL(`${base}/rankings/2022/province`), page.click('#ranking-link')]);
    const rows = await page.$$eval('#ranking-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('td.index')?.getAttribute('data-value')]));
    expect(rows).toEqual(api.rows.map((r: { code: string; index: number }) => [r.code, String(r.index)]));
    expect(rows.map((r) => r[0]).sort()).toEqual(['01', '48', '79']);
    await step(page, 'web-admin-08-public-ranking');
    expect(problems.filter((p) => !/^HTTP (400|409) /.test(p))).toEqual([]);
    await page.close();
  });

  it('shows the audit log with filters, a bad filter in the address refused naming the filter', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, '/app/admin/audit');
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.length)).toBeGreaterThan(5);
    await page.selectOption('#f-action', 'cycle.move');
    await Promise.all([page.waitForURL(/action=cycle.move/), page.click('#audit-filter')]);
    const actions = await page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThanOrEqual(4);
    expect(new Set(actions)).toEqual(new Set(['cycle.move']));
    let s = await step(page, 'web-admin-09-audit-filtered');
    expect(s.violations).toEqual([]);
    // Actions of three segments or with a hyphen are filters too: no refusal, only their entries.
    for (const action of ['reviewer.conflict.add', 'review.assign-bulk']) {
      const res = await page.goto(`${base}/app/admin/audit?action=${action}`);
      expect(res?.status()).toBe(200);
      expect(await page.$('#error-summary')).toBeNull();
      expect(await page.inputValue('#f-action')).toBe(action);
      expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.filter((tr) => tr.getAttribute('data-action') !== action).length)).toBe(0);
    }
    const bad = await page.goto(`${base}/app/admin/audit?action=${encodeURIComponent('Không hợp lệ')}`);
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Hành động');
    s = await step(page, 'web-admin-10-audit-bad-filter');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 400 /.test(p))).toEqual([]);
    await page.close();
  });

  it('refuses the admin pages to officers and reviewers', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD);
    for (const path of ['/app/admin/cycles', cyclePath, '/app/admin/audit']) expect([path, (await page.goto(`${base}${path}`))?.status()]).toEqual([path, 403]);
    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD);
    for (const path of ['/app/admin/cycles', cyclePath, '/app/admin/audit']) expect([path, (await page.goto(`${base}${path}`))?.status()]).toEqual([path, 403]);
    await page.close();
  });
});
