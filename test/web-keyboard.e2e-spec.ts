import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

// The self-assessment form is long: tabbing through it and axe take their time.
jest.setTimeout(150_000);

/** What the tests read of the focused element (the test project has no DOM types: the probe is a script's text). */
interface Focus {
  tag: string;
  id: string;
  name: string;
  type: string;
  href: string;
  text: string;
  checked: boolean;
  /** The id of the form it belongs to (its own or its form= owner), '' when none. */
  form: string;
  /** The id of the indicator box (.indicator) it is in, '' when none. */
  indicator: string;
  inNav: boolean;
  /** An outline (style not none, width above 0) or a box shadow is drawn around it. */
  visible: boolean;
  /** Its box, to check it is on the screen. */
  left: number;
  right: number;
}

const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  return {
    tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '', type: el.getAttribute('type') || '',
    href: el.getAttribute('href') || '', text: (el.textContent || '').trim().slice(0, 80), checked: !!el.checked,
    form: (el.form && el.form.id) || '', indicator: (el.closest('.indicator') || {}).id || '', inNav: !!el.closest('nav.app-nav'),
    visible: outline || (cs.boxShadow !== 'none' && cs.boxShadow !== ''), left: box.left, right: box.right,
  };
})()`;

const focused = (page: Page) => page.evaluate(FOCUS_PROBE) as Promise<Focus | null>;

/**
 * Presses Tab (or Shift+Tab) until the focused element passes the check, at most `max` times. Every element focused
 * on the way is returned; each must show its focus (the caller asserts `unseen` is empty).
 */
async function tabTo(page: Page, check: (f: Focus) => boolean, max = 80, key = 'Tab'): Promise<{ at: Focus; path: Focus[]; unseen: string[] }> {
  const path: Focus[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (!f) continue;
    path.push(f);
    if (check(f)) return { at: f, path, unseen: path.filter((p) => !p.visible).map(label) };
  }
  throw new Error(`${key} ×${max} did not reach the element; focused: ${path.map(label).join(' | ')}`);
}

const label = (f: Focus) => `${f.tag}#${f.id}[name=${f.name}][href=${f.href}] “${f.text.slice(0, 30)}”`;

/** What a phone-width check reads of the page: its width, the nav links' boxes, each table's fit or own scroll box. */
const LAYOUT_PROBE = `(() => {
  const root = document.documentElement;
  const nav = [...document.querySelectorAll('nav.app-nav a')].map((a) => {
    const b = a.getBoundingClientRect();
    return { href: a.getAttribute('href'), left: b.left, right: b.right, width: b.width };
  });
  const tables = [...document.querySelectorAll('table')].map((t) => {
    const box = t.closest('.table-scroll');
    const parent = t.parentElement;
    const scroller = box ? getComputedStyle(box) : null;
    return {
      id: t.id || (t.caption ? t.caption.textContent.trim().slice(0, 40) : ''),
      fits: t.getBoundingClientRect().right <= innerWidth + 1 && t.scrollWidth <= parent.clientWidth + 1,
      scrolls: !!box && (scroller.overflowX === 'auto' || scroller.overflowX === 'scroll') && box.getBoundingClientRect().right <= innerWidth + 1,
      focusable: !!box && box.getAttribute('tabindex') === '0',
      labelled: !!box && !!(box.getAttribute('aria-labelledby') || box.getAttribute('aria-label')),
    };
  });
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, nav, tables };
})()`;

interface Layout {
  scrollWidth: number;
  clientWidth: number;
  nav: { href: string; left: number; right: number; width: number }[];
  tables: { id: string; fits: boolean; scrolls: boolean; focusable: boolean; labelled: boolean }[];
}

describe('web app: keyboard only and phone width (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: ReviewCycle;
  let formPath: string;
  let cyclePath: string;
  let unitPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    // Đà Nẵng's self-assessment back to a draft, for the officer to change and submit; a reviewer for Hà Nội's.
    await t.db.query(`UPDATE submissions SET status = 'draft', submitted_at = NULL, version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.unitA]);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/review/assignments`).set(c.admin.auth).send({ unitId: c.unitB, reviewerId: c.reviewers[0].id, isLead: true }).expect(201);
    formPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    cyclePath = `/app/admin/cycles/${c.cycleId}`;
    unitPath = `/app/review/cycles/${c.cycleId}/units/${c.unitB}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  const state = async () => (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200)).body;

  // The three keyboard tests run in order: the officer's while the cycle is open, then the admin moves it to review,
  // then the reviewer decides.
  it('an officer signs in, skips to main, changes an indicator (autosaved), submits; the refusal’s summary takes focus and leads to the fields', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${base}/app/login`);
    // The first Tab reaches the skip link, shown on the screen with its focus ring; Enter moves focus to main.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    expect(skip).toMatchObject({ tag: 'a', href: '#main', text: 'Bỏ qua, đến nội dung chính', visible: true });
    expect(skip!.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    // main takes focus without a ring (site.css: a landmark reached by the skip link, not a control): the probe tells
    // a drawn focus from none.
    expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main', visible: false });
    // From main, the next Tab is the form's first field.
    let r = await tabTo(page, (f) => f.id === 'email', 1);
    await page.keyboard.type(c.officerA.email);
    r = await tabTo(page, (f) => f.id === 'password', 1);
    await page.keyboard.type('not the password');
    // A refused sign-in: the page's error takes focus; the next Tab is the email field again, its value kept.
    const [refusedLogin] = await Promise.all([page.waitForResponse((res) => res.url().endsWith('/app/login') && res.request().method() === 'POST'), page.keyboard.press('Enter')]);
    expect(refusedLogin.status()).toBe(401);
    await page.waitForSelector('#login-error');
    await page.waitForFunction("document.activeElement && document.activeElement.id === 'login-error'", undefined, { timeout: 5000 }).catch(() => undefined);
    expect(await focused(page)).toMatchObject({ id: 'login-error', visible: true });
    r = await tabTo(page, (f) => f.id === 'email', 1);
    expect(await page.inputValue('#email')).toBe(c.officerA.email);
    r = await tabTo(page, (f) => f.id === 'password', 1);
    expect(r.unseen).toEqual([]);
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/app/login')), page.keyboard.press('Enter')]);
    let s = await step(page, 'web-keyboard-01-officer-signed-in');
    expect(s.violations).toEqual([]);

    // The navigation's "my cycles", then the cycle's form, each reached with Tab and followed with Enter.
    r = await tabTo(page, (f) => f.inNav && f.href === `/app/units/${c.unitA}/cycles`);
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(`${base}/app/units/${c.unitA}/cycles`), page.keyboard.press('Enter')]);
    r = await tabTo(page, (f) => f.href === formPath);
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(`${base}${formPath}`), page.keyboard.press('Enter')]);

    // An indicator's value: selected, replaced by typing; the autosave sends it.
    r = await tabTo(page, (f) => f.id === 'v-NT.02');
    expect(r.unseen).toEqual([]);
    expect(r.at.form).toBe('answers-form');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('42');
    await page.waitForFunction(() => /^Đã lưu/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('save-status')?.textContent ?? ''));
    expect((await state()).answers['NT.02'].value).toBe(42);
    s = await step(page, 'web-keyboard-02-officer-autosaved');
    expect(s.violations).toEqual([]);
    await page.reload();
    expect(await page.inputValue('[id="v-NT.02"]')).toBe('42');

    // Tab goes through the whole answers form and out of it (no trap), to the submit button; every stop shows focus.
    r = await tabTo(page, (f) => f.id === 'submit-button', 1500);
    expect(r.unseen).toEqual([]);
    const inForm = r.path.findIndex((f) => f.form === 'answers-form');
    expect(inForm).toBeGreaterThanOrEqual(0);
    expect(r.at.form).toBe('submit-form');
    // Shift+Tab goes back into the form: the way out is a way back too.
    const back = await tabTo(page, (f) => f.form === 'answers-form', 5, 'Shift+Tab');
    expect(back.at.id).toBe('save-button');
    await page.keyboard.press('Tab');
    expect((await focused(page))?.id).toBe('submit-button');

    // Evidence is still missing: the refused submit's summary takes focus, its link leads to the missing list, and a
    // missing item's link to its indicator's field.
    const [refused] = await Promise.all([page.waitForResponse((res) => res.url().endsWith('/submit')), page.keyboard.press('Enter')]);
    expect(refused.status()).toBe(422);
    await page.waitForSelector('#error-summary');
    await page.waitForFunction("document.activeElement && document.activeElement.id === 'error-summary'", undefined, { timeout: 5000 }).catch(() => undefined);
    const summary = await focused(page);
    expect(summary).toMatchObject({ id: 'error-summary', visible: true });
    expect(summary!.text).toMatch(/Chưa nộp được: còn \d+ mục thiếu/);
    r = await tabTo(page, () => true, 1);
    expect(r.at).toMatchObject({ tag: 'a', href: '#missing', visible: true });
    await page.keyboard.press('Enter');
    r = await tabTo(page, () => true, 1);
    expect(r.at.href).toMatch(/^#ind-/);
    expect(r.unseen).toEqual([]);
    const target = r.at.href.slice(1);
    await page.keyboard.press('Enter');
    r = await tabTo(page, () => true, 1);
    expect(r.at.indicator).toBe(target);
    expect(r.at.form).toBe('answers-form');
    expect(r.unseen).toEqual([]);
    s = await step(page, 'web-keyboard-03-officer-submit-refused');
    expect(s.violations).toEqual([]);
    expect((await state()).submission.status).toBe('draft');
    expect(problems.filter((p) => !/^HTTP (401|422) /.test(p))).toEqual([]);
    await page.close();
  });

  it('an admin moves the cycle to review with the keyboard', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    expect(await page.textContent('#cycle-phase')).toBe('Đang nhận phiếu');
    let r = await tabTo(page, (f) => f.id === 'phase-reason');
    expect(r.unseen).toEqual([]);
    await page.keyboard.type('Hết hạn nhận phiếu.');
    r = await tabTo(page, (f) => f.id === 'move-review', 5);
    expect(r.unseen).toEqual([]);
    const s = await step(page, 'web-keyboard-04-admin-phase-focused');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(/done=moved/), page.keyboard.press('Enter')]);
    expect(await page.textContent('#cycle-phase')).toBe('Thẩm định');
    expect((await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200)).body.phase).toBe('review');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reviewer reaches a decision radio, moves through the choices with arrows and saves with Enter', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD, unitPath);
    let r = await tabTo(page, (f) => f.name === 'decision' && f.id.startsWith('dk-NT.02-'));
    expect(r.unseen).toEqual([]);
    // "Accept" is the form's first and preselected choice: Tab lands on it.
    expect(r.at).toMatchObject({ id: 'dk-NT.02-accept', checked: true });
    // Arrows move the choice within the group (and check it), never out of it.
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ id: 'dk-NT.02-adjust', checked: true, visible: true });
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ id: 'dk-NT.02-clarify', checked: true, visible: true });
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ id: 'dk-NT.02-accept', checked: true, visible: true });
    r = await tabTo(page, (f) => f.id === 'save-NT.02', 6);
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(/done=decided/), page.keyboard.press('Enter')]);
    expect(await page.textContent('[id="r-NT.02"] .current-decision')).toBe('Hiện tại: Chấp nhận');
    const view = (await t.http.get(`/api/v1/cycles/${c.cycleId}/review/units/${c.unitB}`).set(c.reviewers[0].auth).expect(200)).body;
    expect(view.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.02').myDecision).toMatchObject({ decision: 'accept' });
    // After the save the page is ready for the next one: Tab still moves on, with focus shown.
    r = await tabTo(page, (f) => f.id === 'save-NT.03');
    expect(r.unseen).toEqual([]);
    const s = await step(page, 'web-keyboard-05-reviewer-decided');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at phone width (360×740) no page scrolls sideways, the navigation is on screen, tables fit or scroll in their own box', async () => {
    const { page, problems } = await openPage(browser, { width: 360, height: 740 });
    let n = 6;
    const check = async (what: string, navHref: string | null) => {
      const layout = (await page.evaluate(LAYOUT_PROBE)) as Layout;
      expect({ what, scrollWidth: layout.scrollWidth, fits: layout.scrollWidth <= layout.clientWidth + 1 }).toEqual({ what, scrollWidth: layout.scrollWidth, fits: true });
      if (navHref) {
        expect(layout.nav.length).toBeGreaterThan(0);
        for (const a of layout.nav) expect({ what, ...a, onScreen: a.left >= 0 && a.right <= 361 && a.width > 0 }).toMatchObject({ onScreen: true });
        expect(layout.nav.map((a) => a.href)).toContain(navHref);
      }
      for (const tb of layout.tables) {
        // A table wider than the screen scrolls inside a box that is focusable (to scroll it with the keys) and named.
        expect({ what, ...tb, ok: tb.fits || (tb.scrolls && tb.focusable && tb.labelled) }).toMatchObject({ ok: true });
      }
      const s = await step(page, `web-keyboard-${String(n++).padStart(2, '0')}-${what}`);
      expect([what, s.violations]).toEqual([what, []]);
    };

    await page.goto(`${base}/app/login`);
    await check('phone-login', null);
    expect(await page.isVisible('#lang-switch')).toBe(true);

    await signInThroughForm(page, base, c.officerA.email, PASSWORD, `/app/units/${c.unitA}/cycles`);
    await check('phone-officer-cycles', `/app/units/${c.unitA}/cycles`);
    await page.goto(`${base}${formPath}`);
    await check('phone-officer-form', `/app/units/${c.unitA}/cycles`);

    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.reviewers[0].email, PASSWORD, `/app/review/cycles/${c.cycleId}`);
    await check('phone-reviewer-units', '/app/review');

    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.admin.email, PASSWORD, '/app/admin/cycles');
    await check('phone-admin-cycles', '/app/admin/audit');
    await page.goto(`${base}${cyclePath}`);
    await check('phone-admin-cycle', '/app/admin/audit');
    await page.goto(`${base}/app/admin/audit`);
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
    await check('phone-audit', '/app/admin/audit');
    expect(problems).toEqual([]);
    await page.close();
  });
});
