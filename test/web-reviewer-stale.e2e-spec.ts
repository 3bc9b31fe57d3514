import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

// The unit page lists every indicator with its decision form and clarification thread: axe takes time on it.
jest.setTimeout(300_000);

describe('web app: final values gone stale after a reopen, decided again (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;

  const api = () => `/api/v1/cycles/${c.cycleId}/review`;
  const final = async (code: string) => (await t.http.get(`${api()}/units/${c.unitA}/finals/${code}`).set(c.admin.auth).expect(200)).body;
  /** The rows of the unit page marked stale, with what the mark says ("decide" or "waiting"). */
  const staleRows = (page: Page) => page.$$eval('section.review-row[data-stale]', (els) => els.map((el) => `${el.id}:${el.getAttribute('data-stale')}`));

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    // An reviews 48 Đà Nẵng (lead) and 01 Hà Nội.
    const an = c.reviewers[0];
    await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: an.id, isLead: true }).expect(201);
    await t.http.post(`${api()}/assignments`).set(c.admin.auth).send({ unitId: c.unitB, reviewerId: an.id }).expect(201);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('marks exactly the indicator whose answer changed after it was settled, counts it on the lists, and clears it once decided again', async () => {
    const an = c.reviewers[0];
    // Settled: every indicator of both units accepted (as test/reviews.e2e-spec.ts "back to open…" drives it).
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    for (const unitId of [c.unitA, c.unitB]) await acceptAll(t, an, c.cycleId, unitId);
    const settled = await final('NT.06');
    expect(settled).toMatchObject({ stale: false, pending: false });

    // Back to open: Đà Nẵng's submission returned, its officer flips NT.06 (boolean); submitted again; back to review.
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const submissionUrl = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    const read = await t.http.get(submissionUrl).set(c.admin.auth).expect(200);
    await t.http.post(`${submissionUrl}/return`).set(c.admin.auth).set('If-Match', read.headers.etag).send({ reason: 'Cập nhật số liệu' }).expect(200);
    const returned = await t.http.get(submissionUrl).set(c.officerA.auth).expect(200);
    const flipped = !returned.body.answers['NT.06'].value;
    await t.http
      .patch(`${submissionUrl}/answers`)
      .set(c.officerA.auth)
      .set('If-Match', returned.headers.etag)
      .send({ answers: [{ indicatorCode: 'NT.06', value: flipped }] })
      .expect(200);
    await t.db.query(`UPDATE submissions SET status = 'submitted', version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.unitA]);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    expect(await final('NT.06')).toMatchObject({ stale: true, pending: true, value: settled.value });
    expect(await final('NT.02')).toMatchObject({ stale: false });
    const yesNo = (v: unknown) => (v ? 'Có' : 'Không');

    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, an.email, PASSWORD, `/app/review/cycles/${c.cycleId}`);
    // The list of units: one indicator of Đà Nẵng to decide again, none of Hà Nội.
    expect(await page.textContent(`tr[data-unit="${c.unitA}"] .stale-count`)).toBe('⚠ 1 cần thẩm định lại');
    expect(await page.$(`tr[data-unit="${c.unitB}"] .stale-count`)).toBeNull();
    let s = await step(page, 'web-reviewer-stale-01-units');
    expect(s.violations).toEqual([]);

    // The unit page: a summary leading to the row, and the row marked in words, with the old settled value.
    await Promise.all([page.waitForURL(`${base}/app/review/cycles/${c.cycleId}/units/${c.unitA}`), page.click(`tr[data-unit="${c.unitA}"] a`)]);
    expect(await staleRows(page)).toEqual(['r-NT.06:decide']);
    expect(await page.$$eval('#stale-summary li a', (as) => as.map((a) => a.getAttribute('href')))).toEqual(['#r-NT.06']);
    expect(await page.textContent('#stale-summary-title')).toBe('1 chỉ tiêu có câu trả lời thay đổi sau khi chốt, cần bạn thẩm định lại:');
    expect(await page.textContent('[id="rh-NT.06"]')).toContain('Cần thẩm định lại');
    expect(await page.textContent('[id="stale-NT.06"] .stale-title')).toBe('Câu trả lời đã thay đổi sau khi chốt — cần thẩm định lại');
    expect(await page.textContent('[id="stale-NT.06"] .stale-old-value')).toContain(`Giá trị đã chốt trước đây: ${yesNo(settled.value)}`);
    expect(await page.textContent('[id="stale-NT.06"] .stale-old-self')).toBe(`Câu trả lời khi chốt: ${yesNo(settled.self.value)}`);
    expect(await page.textContent('[id="r-NT.06"] .self-value')).toBe(yesNo(flipped));
    expect(await page.$('[id="r-NT.06"] .final-value')).toBeNull();
    expect(await page.$('[id="stale-NT.02"]')).toBeNull();
    await page.locator('[id="r-NT.06"]').screenshot({ path: 'test/artifacts/web-reviewer-stale-02b-row-NT.06.png' });
    s = await step(page, 'web-reviewer-stale-02-unit-marked');
    expect(s.violations).toEqual([]);

    // In English too.
    await browser.context.addCookies([{ name: 'dti_lang', value: 'en', url: base }]);
    await page.reload();
    expect(await page.textContent('[id="stale-NT.06"] .stale-title')).toBe('The answer changed after the value was settled — decide again');
    expect(await page.textContent('[id="stale-NT.06"] .stale-old-value')).toContain(`Value settled before: ${settled.value ? 'Yes' : 'No'}`);
    s = await step(page, 'web-reviewer-stale-03-unit-marked-en');
    expect(s.violations).toEqual([]);
    await browser.context.addCookies([{ name: 'dti_lang', value: 'vi', url: base }]);
    await page.reload();

    // The administrator's assignments page counts it too.
    const admin = await openPage(browser);
    await browser.context.clearCookies();
    await signInThroughForm(admin.page, base, c.admin.email, PASSWORD, `/app/admin/cycles/${c.cycleId}/assignments`);
    expect(await admin.page.textContent(`tr[data-unit="${c.unitA}"] .stale-count`)).toBe('⚠ 1 cần thẩm định lại');
    expect(await admin.page.$(`tr[data-unit="${c.unitB}"] .stale-count`)).toBeNull();
    s = await step(admin.page, 'web-reviewer-stale-04-admin-assignments');
    expect(s.violations).toEqual([]);
    await admin.page.close();
    await browser.context.clearCookies();

    // The reviewer decides again (accept the changed answer): the final is made afresh and the mark is gone.
    await signInThroughForm(page, base, an.email, PASSWORD, `/app/review/cycles/${c.cycleId}/units/${c.unitA}`);
    await page.check('[id="dk-NT.06-accept"]');
    await Promise.all([page.waitForURL(/done=decided&code=NT.06/), page.click('[id="save-NT.06"]')]);
    const afresh = await final('NT.06');
    expect(afresh).toMatchObject({ stale: false, pending: false, value: flipped });
    expect(await staleRows(page)).toEqual([]);
    expect(await page.$('#stale-summary')).toBeNull();
    // The value with its points, and how it was reached: An reviews Đà Nẵng alone, so it is An's decision.
    expect(await page.textContent('[id="r-NT.06"] .final-value')).toBe(`Giá trị cuối: ${yesNo(flipped)} · ${new Intl.NumberFormat('vi-VN').format(afresh.points)} điểm`);
    expect(await page.textContent('[id="r-NT.06"] .final-how')).toBe('Theo quyết định của chuyên gia thẩm định duy nhất.');
    s = await step(page, 'web-reviewer-stale-05-decided-again');
    expect(s.violations).toEqual([]);
    await page.goto(`${base}/app/review/cycles/${c.cycleId}`);
    expect(await page.$('.stale-count')).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });
});
