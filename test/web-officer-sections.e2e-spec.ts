import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(150_000);

/** A phone's screen (360×740): the sticky save bar may take at most 8 % of its height. */
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 900 };
const SAVE_BAR_MAX_SHARE = 0.08;

interface Doc {
  document: { documentElement: { scrollHeight: number; scrollWidth: number; clientWidth: number }; getElementById(id: string): { textContent: string | null } | null };
}
const pageHeight = (page: Page) => page.evaluate(() => (globalThis as unknown as Doc).document.documentElement.scrollHeight);

/** The focused element: its tag, address, and whether its focus is drawn (an outline or a shadow). */
const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  return { tag: el.tagName.toLowerCase(), id: el.id || '', href: el.getAttribute('href') || '',
    visible: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || (cs.boxShadow !== 'none' && cs.boxShadow !== '') };
})()`;
interface Focus {
  tag: string;
  id: string;
  href: string;
  visible: boolean;
}

async function tabTo(page: Page, check: (f: Focus) => boolean, max = 80): Promise<{ at: Focus; unseen: string[] }> {
  const path: Focus[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = (await page.evaluate(FOCUS_PROBE)) as Focus | null;
    if (!f) continue;
    path.push(f);
    if (check(f)) return { at: f, unseen: path.filter((p) => !p.visible).map((p) => `${p.tag}#${p.id}[${p.href}]`) };
  }
  throw new Error(`Tab ×${max} did not reach the element; focused: ${path.map((p) => `${p.tag}#${p.id}[${p.href}]`).join(' | ')}`);
}

async function autosaved(page: Page): Promise<void> {
  await page.waitForFunction(() => /^Đã lưu/.test((globalThis as unknown as Doc).document.getElementById('save-status')?.textContent ?? ''));
}

describe('web app: the officer’s self-assessment in sections (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;
  let formPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    formPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('at 1366 px shows one section, far shorter than the whole form, and its counts follow an autosave', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, `${formPath}?section=all`);
    const whole = await pageHeight(page);
    await page.goto(`${base}${formPath}`);
    const section = await pageHeight(page);
    await page.goto(`${base}${formPath}?section=CQ`);
    const largest = await pageHeight(page);
    console.log(`self-assessment at 1366 px: the whole form ${whole} px; the first section (NT) ${section} px; the largest (CQ, 22 indicators) ${largest} px`);
    expect(section).toBeLessThan(whole / 5);
    expect(largest).toBeLessThan(whole / 3);

    await page.goto(`${base}${formPath}`);
    expect(await page.getAttribute('[data-section="NT"]', 'aria-current')).toBe('page');
    const total = Number(await page.getAttribute('[data-section-count="NT"]', 'data-total'));
    const answeredTotal = Number(await page.getAttribute('#sum-answered', 'data-total'));
    expect(await page.textContent('[data-section-count="NT"]')).toBe(`0/${total} đã trả lời`);
    expect(await page.textContent('[data-section-todo="NT"]')).toBe(`còn ${total} chưa trả lời`);
    expect(await page.textContent('#sum-answered')).toBe(`0/${answeredTotal} chỉ tiêu`);
    expect(await page.textContent('[data-filter="todo"] .sa-filters__count')).toBe(`(${total})`);
    let s = await step(page, 'web-officer-sections-01-desktop-section');
    expect(s.violations).toEqual([]);

    // Two answers autosaved: the menu, the summary, the filter and the indicators' marks count them at once.
    await page.fill('[id="v-NT.02"]', '75');
    await autosaved(page);
    await page.check('input[name="value[NT.06]"][value="true"]');
    await page.waitForFunction((text) => (globalThis as unknown as Doc).document.getElementById('sum-answered')?.textContent === text, `2/${answeredTotal} chỉ tiêu`);
    expect(await page.textContent('[data-section-count="NT"]')).toBe(`2/${total} đã trả lời`);
    expect(await page.textContent('[data-section-todo="NT"]')).toBe(`còn ${total - 2} chưa trả lời`);
    expect(await page.textContent('#sum-todo')).toBe(`${answeredTotal - 2} chỉ tiêu`);
    expect(await page.textContent('[data-filter="todo"] .sa-filters__count')).toBe(`(${total - 2})`);
    expect(await page.getAttribute('[id="ind-NT.02"] .sa-state', 'data-state')).toBe('done');
    expect(await page.textContent('[id="ind-NT.02"] .sa-state')).toBe('Đã trả lời');
    expect(await page.textContent('[data-section-count="TC"]')).toMatch(/^0\/\d+ đã trả lời$/);
    s = await step(page, 'web-officer-sections-02-desktop-autosaved');
    expect(s.violations).toEqual([]);
    // The server counts the same after a reload.
    await page.reload();
    expect(await page.textContent('[data-section-count="NT"]')).toBe(`2/${total} đã trả lời`);

    // Typed and left at once for the next section: the autosave goes first, then the page.
    await page.fill('[id="v-NT.08"]', '40');
    await Promise.all([page.waitForURL(`${base}${formPath}?section=TC#sa-view`), page.click('#next-section')]);
    expect(await page.textContent('[data-section-count="NT"]')).toBe(`3/${total} đã trả lời`);
    expect(await page.isVisible('[id="v-TC.01"]')).toBe(true);
    expect(await page.$('[id="v-NT.02"]')).toBeNull();
    s = await step(page, 'web-officer-sections-03-desktop-next-section');
    expect(s.violations).toEqual([]);

    // The filter of what is still to do across the form.
    await Promise.all([page.waitForURL(/section=all&filter=todo$/), page.click('#sum-todo')]);
    expect(await page.$('[id="ind-NT.02"]')).toBeNull();
    expect(await page.isVisible('[id="ind-NT.03"]')).toBe(true);
    s = await step(page, 'web-officer-sections-04-desktop-todo-filter');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reaches the sections, the filters and the next section with the keyboard, focus shown at every stop', async () => {
    const { page, problems } = await openPage(browser, DESKTOP);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, formPath);
    let r = await tabTo(page, (f) => f.href.endsWith('?section=HT'));
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(`${base}${formPath}?section=HT`), page.keyboard.press('Enter')]);
    r = await tabTo(page, (f) => f.href.endsWith('?section=HT&filter=todo'));
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(`${base}${formPath}?section=HT&filter=todo`), page.keyboard.press('Enter')]);
    r = await tabTo(page, (f) => f.id === 'next-section', 400);
    expect(r.unseen).toEqual([]);
    await Promise.all([page.waitForURL(`${base}${formPath}?section=NL&filter=todo#sa-view`), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('[data-section="NL"]', 'aria-current')).toBe('page');
    const s = await step(page, 'web-officer-sections-05-keyboard-next-section');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 360×740 the section fits the phone: no sideways scroll, a one-line save bar of at most 8 % of the screen', async () => {
    const { page, problems } = await openPage(browser, PHONE);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, `${formPath}?section=all`);
    const whole = await pageHeight(page);
    await page.goto(`${base}${formPath}`);
    const section = await pageHeight(page);
    console.log(`self-assessment at 360 px: the whole form ${whole} px; the first section (NT) ${section} px`);
    expect(section).toBeLessThan(whole / 5);
    const widths = await page.evaluate(() => {
      const root = (globalThis as unknown as Doc).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client + 1);
    let s = await step(page, 'web-officer-sections-06-phone-top');
    expect(s.violations).toEqual([]);

    // In the middle of the section the save bar sticks to the bottom of the screen, one line high.
    await page.locator('[id="v-NT.08"]').scrollIntoViewIfNeeded();
    await page.fill('[id="v-NT.08"]', '55');
    await autosaved(page);
    const bar = await page.locator('.save-bar').boundingBox();
    expect(bar).not.toBeNull();
    console.log(`save bar at 360×740: ${bar!.height} px, ${((100 * bar!.height) / PHONE.height).toFixed(1)} % of the screen`);
    expect(bar!.height).toBeLessThanOrEqual(PHONE.height * SAVE_BAR_MAX_SHARE);
    expect(Math.round(bar!.y + bar!.height)).toBe(PHONE.height);
    s = await step(page, 'web-officer-sections-07-phone-saved');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
