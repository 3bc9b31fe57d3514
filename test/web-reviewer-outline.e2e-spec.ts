import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

jest.setTimeout(300_000);

interface IndicatorView {
  indicatorCode: string;
  myDecision: { decision: string; decidedAt: string } | null;
  final: { flagged: boolean; stale: boolean; staleSince: string | null } | null;
}

describe('web app: the reviewer’s unit page leads with a summary, filters and a menu of sections (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;
  let an: SignedInUser;
  let binh: SignedInUser;
  let unitPath: string;

  /** The unit as An's API view has it: the codes decided, to do, flagged and stale, by the same rules the page says. */
  async function expected() {
    const view = (await t.http.get(`/api/v1/cycles/${c.cycleId}/review/units/${c.unitA}`).set(an.auth).expect(200)).body as { indicators: IndicatorView[] };
    const decided = (i: IndicatorView) =>
      Boolean(i.myDecision && i.myDecision.decision !== 'clarify' && (!i.final?.stale || new Date(i.myDecision.decidedAt) > new Date(i.final.staleSince!)));
    const codes = (test: (i: IndicatorView) => boolean) => view.indicators.filter(test).map((i) => i.indicatorCode);
    return {
      all: codes(() => true),
      decided: codes(decided),
      todo: codes((i) => !decided(i)),
      clarifying: codes((i) => i.myDecision?.decision === 'clarify'),
      flagged: codes((i) => Boolean(i.final?.flagged)),
      stale: codes((i) => Boolean(i.final?.stale)),
    };
  }
  const summaryCount = (page: Page, key: string) => page.textContent(`#review-summary [data-count="${key}"] dd`);
  /** The rows the page shows, in order (closed sections' rows are not shown). */
  const shownRows = (page: Page) => page.$$eval('section.review-row', (els) => els.filter((el) => el.closest('details:not([open])') === null).map((el) => el.id.slice(2)));
  const listedRows = (page: Page) => page.$$eval('section.review-row', (els) => els.map((el) => el.id.slice(2)));

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    [an, binh] = c.reviewers;
    const api = `/api/v1/cycles/${c.cycleId}/review`;
    await t.http.post(`${api}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: an.id, isLead: true }).expect(201);
    await t.http.post(`${api}/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: binh.id }).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    // Binh accepts everything; An every indicator but those of TC (left to do) and NT.05, which An scores far from the
    // unit's own points (the reviewers disagree: flagged).
    await acceptAll(t, binh, c.cycleId, c.unitA);
    const view = (await t.http.get(`${api}/units/${c.unitA}`).set(an.auth).expect(200)).body as { indicators: Array<{ indicatorCode: string; self: { points: number | null } }> };
    await acceptAll(t, an, c.cycleId, c.unitA, ['NT.05', ...view.indicators.map((i) => i.indicatorCode).filter((code) => code.startsWith('TC.'))]);
    const selfNt05 = view.indicators.find((i) => i.indicatorCode === 'NT.05')!.self.points ?? 0;
    await t.http
      .post(`${api}/units/${c.unitA}/decisions`)
      .set(an.auth)
      .send({ decisions: [{ indicatorCode: 'NT.05', decision: 'adjust', points: selfNt05 >= 5 ? 0 : 10, comment: 'Chưa đủ minh chứng' }] })
      .expect(201);
    // NT.06 goes stale: back to open, the unit's answer flipped, submitted again, back to review.
    await moveCycle(t, c.admin.auth, c.cycleId, 'open');
    const submissionUrl = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    const read = await t.http.get(submissionUrl).set(c.admin.auth).expect(200);
    await t.http.post(`${submissionUrl}/return`).set(c.admin.auth).set('If-Match', read.headers.etag).send({ reason: 'Cập nhật số liệu' }).expect(200);
    const returned = await t.http.get(submissionUrl).set(c.officerA.auth).expect(200);
    await t.http
      .patch(`${submissionUrl}/answers`)
      .set(c.officerA.auth)
      .set('If-Match', returned.headers.etag)
      .send({ answers: [{ indicatorCode: 'NT.06', value: !returned.body.answers['NT.06'].value }] })
      .expect(200);
    await t.db.query(`UPDATE submissions SET status = 'submitted', version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.unitA]);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    unitPath = `/app/review/cycles/${c.cycleId}/units/${c.unitA}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('at 1366 px: the summary counts decided, to do, flagged and stale; each filter shows exactly its rows; the menu counts each section and opens it', async () => {
    const want = await expected();
    expect(want.flagged).toEqual(['NT.05']);
    expect(want.stale).toEqual(['NT.06']);
    expect(want.todo.length).toBeGreaterThan(2);
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await signInThroughForm(page, base, an.email, PASSWORD, unitPath);

    // The summary at the top, before any indicator.
    expect(await summaryCount(page, 'decided')).toBe(`${want.decided.length}/${want.all.length}`);
    expect(await summaryCount(page, 'todo')).toBe(String(want.todo.length));
    expect(await summaryCount(page, 'clarifying')).toBe(String(want.clarifying.length));
    expect(await summaryCount(page, 'flagged')).toBe('1 (chờ trưởng nhóm: 1)');
    expect(await summaryCount(page, 'stale')).toBe('1');
    expect(await page.$$eval('#review-summary, #review-filters, #review-menu, section.review-row', (els) => els.slice(0, 3).map((el) => el.id))).toEqual(['review-summary', 'review-filters', 'review-menu']);
    // Every row is on the page; one section is open: the first with something to do (NT, which holds the stale NT.06).
    expect(await listedRows(page)).toEqual(want.all);
    expect(await page.$$eval('details.review-section[open]', (ds) => ds.map((d) => d.getAttribute('data-section')))).toEqual(['NT']);
    // The menu: each section with its decided/total and to do, as the API's decisions give them.
    const bySection = (codes: string[]) => codes.reduce((m, code) => m.set(code.split('.')[0], (m.get(code.split('.')[0]) ?? 0) + 1), new Map<string, number>());
    const total = bySection(want.all);
    const decided = bySection(want.decided);
    const todo = bySection(want.todo);
    const menu = await page.$$eval('#review-menu li', (lis) => lis.map((li) => [li.getAttribute('data-section'), li.querySelector('.section-counts')?.textContent?.trim()]));
    expect(menu).toEqual([...total.keys()].map((s) => [s, `${decided.get(s) ?? 0}/${total.get(s)} đã quyết định, còn ${todo.get(s) ?? 0}`]));
    let s = await step(page, 'web-reviewer-outline-01-summary-1366');
    expect(s.violations).toEqual([]);

    // The filters: each a link kept in the address, showing exactly its rows, marked as the current one.
    for (const [filter, codes] of [
      ['todo', want.todo],
      ['flagged', want.flagged],
      ['stale', want.stale],
    ] as const) {
      await Promise.all([page.waitForURL(new RegExp(`show=${filter}`)), page.click(`#review-filters a[data-filter="${filter}"]`)]);
      expect(await listedRows(page)).toEqual(codes);
      expect(await shownRows(page)).toEqual(codes);
      expect(await page.getAttribute(`#review-filters a[data-filter="${filter}"]`, 'aria-current')).toBe('page');
      expect(await page.textContent(`#review-filters a[data-filter="${filter}"] .count`)).toBe(`(${codes.length})`);
    }
    s = await step(page, 'web-reviewer-outline-02-filter-stale');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(/show=flagged/), page.click('#review-filters a[data-filter="flagged"]')]);
    expect(await page.textContent('[id="final-NT.05"]')).toContain('chờ trưởng nhóm quyết định');
    s = await step(page, 'web-reviewer-outline-03-filter-flagged');
    expect(s.violations).toEqual([]);

    // Back to all, then a section from the menu: it opens, the others stay folded.
    await Promise.all([page.waitForURL((u) => !u.search.includes('show=')), page.click('#review-filters a[data-filter="all"]')]);
    await Promise.all([page.waitForURL(/section=TC/), page.click('#review-menu li[data-section="TC"] a')]);
    expect(await page.$$eval('details.review-section[open]', (ds) => ds.map((d) => d.getAttribute('data-section')))).toEqual(expect.arrayContaining(['TC']));
    expect(await page.$$eval('details.review-section[open]', (ds) => ds.map((d) => d.getAttribute('data-section')))).not.toContain('HT');
    expect(await shownRows(page)).toEqual(expect.arrayContaining(want.all.filter((code) => code.startsWith('TC.'))));
    s = await step(page, 'web-reviewer-outline-04-section-tc');
    expect(s.violations).toEqual([]);

    // A decision saved from a filtered page comes back to the same filter: TC.01 is no longer to do.
    await Promise.all([page.waitForURL(/show=todo/), page.click('#review-filters a[data-filter="todo"]')]);
    await Promise.all([page.waitForURL(/done=decided/), page.click('[id="save-TC.01"]')]);
    expect(page.url()).toContain('show=todo');
    expect(await page.textContent('#flash')).toContain('TC.01');
    expect(await listedRows(page)).not.toContain('TC.01');
    expect(await summaryCount(page, 'todo')).toBe(String(want.todo.length - 1));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 360 px: the summary, filters and menu fit the phone’s width', async () => {
    const { page, problems } = await openPage(browser, { width: 360, height: 740 });
    await signInThroughForm(page, base, an.email, PASSWORD, unitPath);
    expect(await page.isVisible('#review-summary')).toBe(true);
    expect(await page.isVisible('#review-filters')).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    let s = await step(page, 'web-reviewer-outline-05-summary-360');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(/show=flagged/), page.click('#review-filters a[data-filter="flagged"]')]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    s = await step(page, 'web-reviewer-outline-06-flagged-360');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
