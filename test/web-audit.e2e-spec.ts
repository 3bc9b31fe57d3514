import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(120_000);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const CODE = /\b(?:submission|cycle|user|unit|review|reviewer|framework)\.[a-z_.-]+\b/;

describe('web app: the audit log for people — words, names, before → after, pickers, export (headless Chromium, 1366 and 360 px)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    // Đà Nẵng's officer saves twice; Hà Nội's once; the administrator grants Hà Nội an extension.
    for (const [who, unitId, values] of [
      [c.officerA, c.unitA, [true, false]],
      [c.officerB, c.unitB, [true]],
    ] as const) {
      const url = `/api/v1/cycles/${c.cycleId}/units/${unitId}/submission`;
      for (const value of values) {
        const state = await t.http.get(url).set(who.auth).expect(200);
        await t.http.patch(`${url}/answers`).set(who.auth).set('If-Match', state.headers.etag).send({ answers: [{ indicatorCode: 'NT.06', value }] }).expect(200);
      }
    }
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('at 1366 px: entries in words with names and before → after; unit and action pickers narrow it, kept in the address; the CSV downloads what is shown', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, '/app/admin/audit');
    const table = (await page.textContent('#audit-table'))!;
    expect(table).not.toMatch(UUID);
    expect(table).not.toMatch(CODE);
    expect(table).not.toMatch(/[{}"]/);
    expect(table).toContain('Lưu câu trả lời tự đánh giá');
    expect(table).toContain('Chuyển giai đoạn kỳ đánh giá');
    const move = page.locator('tr[data-action="cycle.move"]');
    expect(await move.locator('.audit-change').textContent()).toMatch(/Giai đoạn:\s*Trước: Chuẩn bị\s*→\s*Sau: Đang nhận phiếu/);
    expect(await move.locator('.audit-actor').textContent()).toContain('admin@dti.test');
    expect(await page.textContent('#audit-caption')).toMatch(/^Mục 1–\d+ trong \d+$/);

    // The people picker offers those the log names (the units' accounts were made by the system), by name.
    expect(await page.$$eval('#f-actorId option', (os) => os.map((o) => o.textContent))).toEqual([
      'Tất cả',
      'Người dùng admin@dti.test (admin@dti.test)',
      'Người dùng officer@danang.test (officer@danang.test)',
      'Người dùng officer@hanoi.test (officer@hanoi.test)',
    ]);
    await page.selectOption('#f-unitId', { label: 'Đà Nẵng (48)' });
    await page.selectOption('#f-action', 'submission.save');
    await Promise.all([page.waitForURL(/unitId=.*action=submission.save/), page.click('#audit-filter')]);
    expect(new URL(page.url()).searchParams.get('unitId')).toBe(c.unitA);
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['submission.save', 'submission.save']);
    expect(await page.textContent('#audit-caption')).toBe('Mục 1–2 trong 2');
    const rows = await page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => ({ actor: tr.querySelector('.audit-actor')!.textContent, unit: tr.querySelector('.audit-unit')!.textContent })));
    expect(rows).toEqual([
      { actor: 'Người dùng officer@danang.testofficer@danang.test', unit: 'Đà Nẵng (48)' },
      { actor: 'Người dùng officer@danang.testofficer@danang.test', unit: 'Đà Nẵng (48)' },
    ]);
    // The newest save set NT.06 to "no" (false), the one before to "yes".
    const changes = await page.$$eval('tr[data-action="submission.save"] .audit-change', (tds) =>
      tds.map((td) => [...td.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim())),
    );
    expect(changes).toEqual([
      ['Phiên bản: Trước: 2 → Sau: 3', 'Câu trả lời: Sau: NT.06: không'],
      ['Phiên bản: Trước: 1 → Sau: 2', 'Câu trả lời: Sau: NT.06: có'],
    ]);
    // The pickers show what the address says after the reload.
    expect(await page.inputValue('#f-action')).toBe('submission.save');
    expect(await page.inputValue('#f-unitId')).toBe(c.unitA);
    const s = await step(page, 'web-audit-01-1366-filtered');
    expect(s.violations).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(1 + 2);
    expect(lines.slice(1).every((line) => line.includes('Lưu câu trả lời tự đánh giá') && line.includes('Đà Nẵng (48)'))).toBe(true);
    expect(download.suggestedFilename()).toMatch(/^nhat-ky-thay-doi-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 1366 px: a date range with nothing in it says so, "to" includes its day; a bad address is refused naming the filter', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, '/app/admin/audit');
    await page.fill('#f-from', '2020-01-01');
    await page.fill('#f-to', '2020-12-31');
    await Promise.all([page.waitForURL(/from=2020-01-01&to=2020-12-31/), page.click('#audit-filter')]);
    expect(await page.textContent('#audit-none')).toBe('Không có mục nào khớp bộ lọc.');
    expect(await page.$('#export-csv')).toBeNull();
    let s = await step(page, 'web-audit-02-1366-empty-range');
    expect(s.violations).toEqual([]);
    // "To" includes its day: today (in Vietnam) to today finds everything done today, as many as unfiltered.
    const all = (await page.goto(`${base}/app/admin/audit`), await page.textContent('#audit-caption'))!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    await page.goto(`${base}/app/admin/audit?from=${today}&to=${today}`);
    expect(await page.textContent('#audit-caption')).toBe(all);
    expect(await page.inputValue('#f-to')).toBe(today);
    const bad = await page.goto(`${base}/app/admin/audit?unitId=da-nang`);
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('#error-summary')).toContain('Đơn vị');
    s = await step(page, 'web-audit-03-1366-bad-address');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 400 /.test(p))).toEqual([]);
    await page.close();
  });

  it('at 360 px: the page fits the phone (the table scrolls in its own region), axe clean; in English after the switch', async () => {
    const { page, problems } = await openPage(browser, { width: 360, height: 800 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, `/app/admin/audit?unitId=${c.unitB}`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await page.$$eval('#audit-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['submission.save', 'user.create', 'unit.create']);
    let s = await step(page, 'web-audit-04-360');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(/\/app\/admin\/audit/), page.click('#lang-switch')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const table = (await page.textContent('#audit-table'))!;
    expect(table).toContain('Self-assessment answers saved');
    expect(table).toContain('Account created');
    expect(await page.textContent('#audit-caption')).toBe('Entries 1–3 of 3');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    s = await step(page, 'web-audit-05-360-en');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
