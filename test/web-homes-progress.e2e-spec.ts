import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, reviewedCodes, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(300_000);

const WIDTHS = [
  { name: 'phone', width: 360, height: 800 },
  { name: 'desktop', width: 1366, height: 900 },
];

/** The page fits its width: nothing but a table's own scrolling region is wider than the screen. */
const pageWidth = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe('web app: the homes and the administrator’s progress page (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let r: ReviewCycle;
  let progressPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    // Three units: 79 Hồ Chí Minh submitted (the fixture), 48 Đà Nẵng and 01 Hà Nội sent back to a draft, Đà Nẵng
    // with its answers, Hà Nội with none.
    r = await reviewCycle(t);
    await t.db.query(`UPDATE submissions SET status = 'draft', submitted_at = NULL, version = version + 1 WHERE cycle_id = $1 AND unit_id = ANY($2)`, [r.cycleId, [r.unitA, r.unitB]]);
    await t.db.query(`DELETE FROM answers WHERE submission_id = (SELECT id FROM submissions WHERE cycle_id = $1 AND unit_id = $2)`, [r.cycleId, r.unitB]);
    await fillSubmissions(t, r.cycleId, { '48': r.unitA }, 2022);
    progressPath = `/app/admin/cycles/${r.cycleId}/progress`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('the administrator sorts the progress page, reminds Hà Nội; its officer’s home shows the notice (360 and 1366 px, axe clean)', async () => {
    const { page, problems } = await openPage(browser, WIDTHS[1]);
    await signInThroughForm(page, base, r.admin.email, PASSWORD, '/app');
    // The home leads to the open cycle's progress.
    expect(await page.textContent('#admin-tasks')).toContain('Đã nộp 1/3 đơn vị');
    await Promise.all([page.waitForURL(`${base}${progressPath}`), page.click(`#admin-tasks a[href="${progressPath}"]`)]);
    const codes = () => page.$$eval('#progress-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-code')));
    expect(await codes()).toEqual(['01', '48', '79']);
    await Promise.all([page.waitForURL(/sort=state&dir=asc/), page.click('#progress-table thead a:has-text("Trạng thái")')]);
    expect(await codes()).toEqual(['79', '48', '01']);
    expect(await page.getAttribute('#progress-table thead th[aria-sort]', 'aria-sort')).toBe('ascending');
    for (const w of WIDTHS) {
      await page.setViewportSize(w);
      expect(await pageWidth(page)).toBeLessThanOrEqual(w.width);
      const s = await step(page, `web-homes-progress-01-progress-${w.name}`);
      expect(s.violations).toEqual([]);
    }

    await page.setViewportSize(WIDTHS[1]);
    // Nothing chosen: refused with what to do; then Hà Nội chosen, with a note.
    const [refused] = await Promise.all([page.waitForResponse((res) => res.url().endsWith('/progress/reminders')), page.click('#remind-selected')]);
    expect(refused.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('Hãy chọn ít nhất một đơn vị');
    await page.check(`[id="pick-${r.unitB}"]`);
    await page.fill('#remind-message', 'Đề nghị nộp trước hạn.');
    await Promise.all([page.waitForURL(/done=reminded/), page.click('#remind-selected')]);
    expect(await page.textContent('#flash')).toBe('Đã nhắc 1 đơn vị.');
    expect(await page.textContent(`#progress-table tr[data-unit="${r.unitB}"] .reminded`)).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const s = await step(page, 'web-homes-progress-02-reminded');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);

    await browser.context.clearCookies();
    await signInThroughForm(page, base, r.officerB.email, PASSWORD, '/app');
    expect(await page.textContent('#officer-tasks')).toContain('Đánh giá DTI cấp tỉnh năm 2022');
    expect(await page.textContent('#officer-tasks .progress')).toMatch(/đã trả lời 0\/\d+ chỉ tiêu/);
    expect(await page.textContent('#notices')).toContain('Đề nghị nộp trước hạn.');
    for (const w of WIDTHS) {
      await page.setViewportSize(w);
      expect(await pageWidth(page)).toBeLessThanOrEqual(w.width);
      const shot = await step(page, `web-homes-progress-03-officer-home-${w.name}`);
      expect(shot.violations).toEqual([]);
    }
    await page.close();
  });

  it('the reviewer’s home names the units to review and what is pending (360 and 1366 px, axe clean)', async () => {
    const [an] = r.reviewers;
    for (const unitId of [r.unitA, r.unitC]) {
      await t.http.post(`/api/v1/cycles/${r.cycleId}/review/assignments`).set(r.admin.auth).send({ unitId, reviewerId: an.id }).expect(201);
    }
    await t.db.query(`UPDATE submissions SET status = 'submitted', submitted_at = now(), version = version + 1 WHERE cycle_id = $1`, [r.cycleId]);
    await moveCycle(t, r.admin.auth, r.cycleId, 'review');
    const codes = await reviewedCodes(t, an, r.cycleId, r.unitC);
    await acceptAll(t, an, r.cycleId, r.unitC, codes.slice(0, 2));
    const { page, problems } = await openPage(browser, WIDTHS[1]);
    await signInThroughForm(page, base, an.email, PASSWORD, '/app');
    expect(await page.textContent(`#reviewer-tasks li[data-unit="${r.unitC}"]`)).toContain(`còn 2/${codes.length} chỉ tiêu chờ quyết định`);
    expect(await page.textContent(`#reviewer-tasks li[data-unit="${r.unitA}"]`)).toContain(`còn ${codes.length}/${codes.length} chỉ tiêu chờ quyết định`);
    for (const w of WIDTHS) {
      await page.setViewportSize(w);
      expect(await pageWidth(page)).toBeLessThanOrEqual(w.width);
      const s = await step(page, `web-homes-progress-04-reviewer-home-${w.name}`);
      expect(s.violations).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
