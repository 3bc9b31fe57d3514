import type { AddressInfo } from 'node:net';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { moveCycle } from './utils/fill-submissions';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

// The unit page lists every indicator with its decision form and clarification thread: axe takes time on it.
jest.setTimeout(240_000);

describe('web app: the reviewer’s pages (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;
  let unitPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/review/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: c.reviewers[0].id, isLead: true }).expect(201);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/review/assignments`).set(c.admin.auth).send({ unitId: c.unitB, reviewerId: c.reviewers[0].id }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    unitPath = `/app/review/cycles/${c.cycleId}/units/${c.unitA}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  const view = async () => (await t.http.get(`/api/v1/cycles/${c.cycleId}/review/units/${c.unitA}`).set(c.reviewers[0].auth).expect(200)).body;

  it('lists the assigned units with progress, shows a unit side by side, and adjusts an indicator with a comment', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/review`), page.click('nav.app-nav a[href="/app/review"]')]);
    expect(await page.textContent(`tr[data-cycle="${c.cycleId}"]`)).toContain('Thẩm định');
    let s = await step(page, 'web-reviewer-01-cycles');
    expect(s.violations).toEqual([]);

    await Promise.all([page.waitForURL(`${base}/app/review/cycles/${c.cycleId}`), page.click(`tr[data-cycle="${c.cycleId}"] a`)]);
    const units = await page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-unit')));
    expect(units.sort()).toEqual([c.unitA, c.unitB].sort());
    expect(await page.textContent(`tr[data-unit="${c.unitA}"] .decided`)).toMatch(/^0\/\d+ chỉ tiêu$/);
    s = await step(page, 'web-reviewer-02-units-progress');
    expect(s.violations).toEqual([]);

    await Promise.all([page.waitForURL(`${base}${unitPath}`), page.click(`tr[data-unit="${c.unitA}"] a`)]);
    const before = await view();
    const nt02 = before.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.02');
    // Side by side: the self value, its evidence, the own decision.
    expect(await page.textContent('[id="r-NT.02"] .self-value')).toBe(`${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2, minimumFractionDigits: Number.isInteger(nt02.self.value) ? 0 : 2 }).format(nt02.self.value)} %`);
    expect(await page.textContent('[id="r-NT.02"] .current-decision')).toBe('Chưa quyết định');
    s = await step(page, 'web-reviewer-03-unit-side-by-side');
    expect(s.violations).toEqual([]);

    // Adjust without a comment: refused by the service's rule, the typed value kept.
    await page.check('[id="dk-NT.02-adjust"]');
    await page.fill('[id="rv-NT.02"]', '45');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().includes('/decisions') && r.request().method() === 'POST'), page.click('[id="save-NT.02"]')]);
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('NT.02');
    // The refusal's summary takes focus when the page opens (a keyboard or screen reader user starts from it).
    await page.waitForFunction("document.activeElement && document.activeElement.id === 'error-summary'", undefined, { timeout: 5000 }).catch(() => undefined);
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    expect(await page.getAttribute('#error-summary a', 'href')).toBe('#r-NT.02');
    expect(await page.inputValue('[id="rv-NT.02"]')).toBe('45');
    expect(await page.isChecked('[id="dk-NT.02-adjust"]')).toBe(true);
    s = await step(page, 'web-reviewer-04-adjust-needs-comment');
    expect(s.violations).toEqual([]);

    await page.fill('[id="rc-NT.02"]', 'Số liệu chưa khớp báo cáo của Sở TT&TT: điều chỉnh về 45 %.');
    await Promise.all([page.waitForURL(/done=decided/), page.click('[id="save-NT.02"]')]);
    expect(await page.textContent('#flash')).toBe('Đã lưu quyết định cho NT.02.');
    expect(await page.textContent('[id="r-NT.02"] .current-decision')).toBe('Hiện tại: Điều chỉnh: 45 % — “Số liệu chưa khớp báo cáo của Sở TT&TT: điều chỉnh về 45 %.”');
    const after = (await view()).indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.02');
    expect(after.myDecision).toMatchObject({ decision: 'adjust', value: 45, comment: 'Số liệu chưa khớp báo cáo của Sở TT&TT: điều chỉnh về 45 %.', version: 1 });

    // Accept another one; change the adjustment again (its version is sent by the form).
    await page.check('[id="dk-NT.03-accept"]');
    await Promise.all([page.waitForURL(/code=NT.03/), page.click('[id="save-NT.03"]')]);
    expect(await page.textContent('[id="r-NT.03"] .current-decision')).toBe('Hiện tại: Chấp nhận');
    await page.fill('[id="rv-NT.02"]', '50');
    await Promise.all([page.waitForURL(/code=NT.02/), page.click('[id="save-NT.02"]')]);
    expect((await view()).indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.02').myDecision).toMatchObject({ value: 50, version: 2 });
    s = await step(page, 'web-reviewer-05-adjusted');
    expect(s.violations).toEqual([]);

    await page.goto(`${base}/app/review/cycles/${c.cycleId}`);
    expect(await page.textContent(`tr[data-unit="${c.unitA}"] .decided`)).toMatch(/^2\/\d+ chỉ tiêu$/);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);
    await page.close();
  });

  it('refuses a reviewer a unit not assigned, and an officer the review pages', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.reviewers[1].email, PASSWORD);
    const res = await page.goto(`${base}${unitPath}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
    await page.goto(`${base}/app/review`);
    expect(await page.textContent('main')).toContain('Bạn chưa được phân công đơn vị nào.');
    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.officerA.email, PASSWORD);
    expect((await page.goto(`${base}/app/review`))?.status()).toBe(403);
    expect((await page.goto(`${base}${unitPath}`))?.status()).toBe(403);
    await page.close();
  });
});
