import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { PublicRanking } from '../src/publications/public-results.service';
import { launchBrowser, openPage, saveScreenshot, type TestBrowser } from './utils/browser';
import { openProvinceCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

interface ChartSummary {
  width: number;
  height: number;
  type: string | null;
  labels: number;
  datasets: { label: string; data: (number | null)[] }[];
}

/** The few browser globals the page functions below read (the project's types have no DOM library). */
interface PageGlobals {
  Chart?: { getChart(canvas: unknown): { config: { type: string }; data: { labels: unknown[]; datasets: { label: string; data: (number | null)[] }[] } } | undefined };
  axe: { run(options?: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
  document: {
    documentElement: { scrollWidth: number };
    querySelector(selector: string): { scrollWidth: number; clientWidth: number } | null;
    getElementById(id: string): { textContent: string | null } | null;
  };
}

/** What Chart.js itself says about the chart drawn on a canvas (Chart.getChart), and the canvas's drawn size. */
function chartOn(page: Page, selector: string): Promise<ChartSummary> {
  return page.$eval(selector, (canvas) => {
    const box = canvas.getBoundingClientRect();
    const chart = (globalThis as unknown as PageGlobals).Chart?.getChart(canvas);
    return {
      width: box.width,
      height: box.height,
      type: chart?.config.type ?? null,
      labels: chart?.data.labels.length ?? 0,
      datasets: chart?.data.datasets.map((d) => ({ label: d.label, data: [...d.data] })) ?? [],
    };
  });
}

/** The main indicators the radar draws: those some unit has a value for. */
const radarAxes = (ranking: PublicRanking) =>
  ranking.columns.filter((c) => c.kind === 'main' && ranking.rows.some((r) => r.values[c.code] !== null));

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const mean = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return Math.round((present.reduce((s, v) => s + v, 0) / present.length) * 10_000) / 10_000;
};

// A browser, a page of 63 rows × 19 columns and axe over it: more than jest's default 5 s per test.
jest.setTimeout(60_000);

describe('the public ranking page in headless Chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let api: PublicRanking;
  let publish: { cycleId: string; runId: string; auth: { Authorization: string } };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    const c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);
    publish = { cycleId: c.cycleId, runId: run.body.run.id, auth: c.admin.auth };
    api = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body;

    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it('shows the 63 rows in the order and with the index values of the public API, with both charts drawn', async () => {
    expect(api.rows).toHaveLength(63);
    const { page, problems } = await openPage(browser);
    const response = await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['cache-control']).toBe('no-cache');

    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect((await page.textContent('h1'))?.trim()).toBe('Bộ chỉ số DTI 2022 — cấp tỉnh');
    expect(await page.title()).toContain('Bộ chỉ số DTI 2022 — cấp tỉnh');
    const facts = (await page.textContent('.facts')) ?? '';
    expect(facts).toContain('Phiên bản công bố');
    expect(facts).toContain(api.sha256.slice(0, 12));
    expect(await page.getAttribute('#workbook-link', 'href')).toBe('/api/v1/public/rankings/2022/province/workbook');
    const jsonHref = await page.getAttribute('a[type="application/json"]', 'href');
    expect(jsonHref).toBe('/api/v1/public/rankings/2022/province?version=1');
    expect((await t.http.get(jsonHref!).expect(200)).body.sha256).toBe(api.sha256);

    // The table: a caption, column and row headers, and the API's rows in its order with its values.
    expect((await page.textContent('#ranking-table caption'))?.trim()).toContain('63 đơn vị');
    const head = await page.$$eval('#ranking-table thead th', (ths) => ths.map((th) => [th.getAttribute('scope'), th.textContent?.replace(/\s+/g, ' ').trim()]));
    // Rank, name, index and change first (pinned), then the code, the index columns and last year's rank and index.
    expect(head.slice(0, 5)).toEqual([
      ['col', 'Hạng'],
      ['col', 'Địa phương'],
      ['col', 'Chỉ số'],
      ['col', 'Thay đổi hạng'],
      ['col', 'Mã'],
    ]);
    expect(head.at(-1)).toEqual(['col', 'Năm trước']);
    expect(head).toHaveLength(5 + api.columns.length + 1);
    expect(head.every(([scope]) => scope === 'col')).toBe(true);
    const rows = await page.$$eval('#ranking-table tbody tr', (trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-code'),
        rank: tr.querySelector('td.rank')?.textContent?.trim(),
        name: tr.querySelector('th[scope="row"]')?.textContent?.trim(),
        index: tr.querySelector('td.index')?.getAttribute('data-value'),
        indexText: tr.querySelector('td.index')?.textContent?.trim(),
        values: Object.fromEntries([...tr.querySelectorAll('td[data-code]')].map((td) => [td.getAttribute('data-code'), td.getAttribute('data-value')])),
      })),
    );
    expect(rows).toHaveLength(63);
    expect(rows.map((r) => r.code)).toEqual(api.rows.map((r) => r.code));
    expect(rows.map((r) => (r.index === '' ? null : Number(r.index)))).toEqual(api.rows.map((r) => r.index));
    expect(rows.map((r) => r.rank)).toEqual(api.rows.map((r) => String(r.rank ?? '—')));
    rows.forEach((row, i) => {
      const expected = api.rows[i];
      expect(row.name).toContain(expected.nameVi);
      // Shown the Vietnamese way: a decimal comma and four decimals.
      expect(row.indexText).toBe(new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(expected.index!));
      for (const column of api.columns) {
        const v = expected.values[column.code];
        expect([column.code, row.values[column.code] === '' ? null : Number(row.values[column.code])]).toEqual([column.code, v]);
      }
    });

    // The bar chart: one bar per unit, the API's index values in rank order.
    const bar = await chartOn(page, '#chart-index');
    expect(bar.type).toBe('bar');
    expect(bar.width).toBeGreaterThan(100);
    expect(bar.height).toBeGreaterThan(100);
    expect(bar.labels).toBe(63);
    expect(bar.datasets).toHaveLength(1);
    expect(bar.datasets[0].data).toEqual(api.rows.map((r) => r.index));

    // The radar: the first unit's main indicators against the average of all units (those some unit has a value for).
    const main = radarAxes(api);
    expect(main.length).toBeGreaterThanOrEqual(3);
    const radar = await chartOn(page, '#chart-radar');
    expect(radar.type).toBe('radar');
    expect(radar.width).toBeGreaterThan(100);
    expect(radar.height).toBeGreaterThan(100);
    expect(radar.labels).toBe(main.length);
    expect(radar.datasets.map((d) => d.label)).toEqual([api.rows[0].nameVi, 'Trung bình']);
    expect(radar.datasets[0].data).toEqual(main.map((c) => api.rows[0].values[c.code]));
    expect(radar.datasets[1].data).toEqual(main.map((c) => mean(api.rows.map((r) => r.values[c.code]))));
    // A main indicator without any value (collected, not scored) is named under the chart instead of drawn at zero.
    for (const c of api.columns.filter((c) => c.kind === 'main' && !main.includes(c))) {
      expect(await page.textContent('#so-sanh')).toContain(`${c.nameVi} (${c.code})`);
    }
    // Drawn: the canvas holds non-blank pixels.
    const inked = await page.$eval('#chart-radar', (canvas) => {
      type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      const c = canvas as unknown as Canvas;
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('redraws the radar and its table for the unit chosen in the select, by keyboard too', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
    const main = radarAxes(api);
    const chosen = api.rows.find((r) => r.code === '48')!;
    expect(await page.inputValue('#unit-select')).toBe(api.rows[0].code);
    expect(await page.textContent('label[for="unit-select"]')).toBe('Chọn địa phương');

    await page.selectOption('#unit-select', '48');
    const radar = await chartOn(page, '#chart-radar');
    expect(radar.datasets[0].label).toBe('Đà Nẵng');
    expect(radar.datasets[0].data).toEqual(main.map((c) => chosen.values[c.code]));
    expect(await page.textContent('#radar-unit-name')).toBe('Đà Nẵng');
    const format = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
    expect(await page.$$eval('#radar-table td.unit-value', (tds) => tds.map((td) => td.textContent))).toEqual(
      main.map((c) => format.format(chosen.values[c.code]!)),
    );
    expect(new URL(page.url()).searchParams.get('unit')).toBe('48');

    // The keyboard: focus the select and move to the next unit.
    await page.focus('#unit-select');
    await page.keyboard.press('ArrowDown');
    const next = api.rows[api.rows.findIndex((r) => r.code === '48') + 1];
    await page.waitForFunction((label) => (globalThis as unknown as PageGlobals).document.getElementById('radar-unit-name')?.textContent === label, next.nameVi);
    expect((await chartOn(page, '#chart-radar')).datasets[0].data).toEqual(main.map((c) => next.values[c.code]));

    // ?unit= chooses the unit on the server too (the form works without the script).
    await page.goto(`${base}/rankings/2022/province?unit=01`, { waitUntil: 'load' });
    expect(await page.inputValue('#unit-select')).toBe('01');
    expect((await chartOn(page, '#chart-radar')).datasets[0].label).toBe('Hà Nội');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps rank, name, index and change in view and in place while the table scrolls sideways, at 1366 px and 360 px, axe clean', async () => {
    type Box = { left: number; right: number };
    type Pinned = { box: Box; scrollWidth: number; clientWidth: number; pinned: { text: string; left: number; right: number }[]; code: Box; index: Box };
    const measure = (page: Page): Promise<Pinned> =>
      page.$eval('#bang-xep-hang .table-scroll', (scroller) => {
        type El = { textContent: string | null; getBoundingClientRect(): { left: number; right: number } };
        const rect = (el: unknown) => {
          const r = (el as El).getBoundingClientRect();
          return { left: Math.round(r.left), right: Math.round(r.right) };
        };
        const box = scroller as unknown as { scrollWidth: number; clientWidth: number; querySelectorAll(s: string): El[]; querySelector(s: string): El | null };
        return {
          box: rect(scroller),
          scrollWidth: box.scrollWidth,
          clientWidth: box.clientWidth,
          pinned: [...box.querySelectorAll('thead th.pin')].map((th) => ({ text: th.textContent?.trim() ?? '', ...rect(th) })),
          code: rect(box.querySelector('tbody tr td.code')),
          index: rect(box.querySelector('tbody tr td.index')),
        };
      });
    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 360, height: 800 },
    ]) {
      const { page, problems } = await openPage(browser, viewport);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
      const before = await measure(page);
      // The table is wider than its box (it scrolls), the page is not.
      expect([viewport.width, before.scrollWidth > before.clientWidth]).toEqual([viewport.width, true]);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(before.pinned.map((p) => p.text)).toEqual(['Hạng', 'Địa phương', 'Chỉ số', 'Thay đổi hạng']);
      // All four within the box, side by side, before scrolling.
      for (const p of before.pinned) expect([viewport.width, p.text, p.left >= before.box.left, p.right <= before.box.right]).toEqual([viewport.width, p.text, true, true]);
      await saveScreenshot(page, `ranking-2022-province-pinned-${viewport.width}`);

      await page.$eval('#bang-xep-hang .table-scroll', (el) => {
        (el as unknown as { scrollLeft: number; scrollWidth: number }).scrollLeft = (el as unknown as { scrollWidth: number }).scrollWidth;
      });
      const after = await measure(page);
      // Scrolled to the end: the code column has moved away (under or past the pinned ones), the pinned ones have not.
      expect(after.code.left).toBeLessThan(before.code.left);
      expect([viewport.width, after.pinned]).toEqual([viewport.width, before.pinned]);
      expect(after.index).toEqual(before.index);
      await saveScreenshot(page, `ranking-2022-province-pinned-${viewport.width}-scrolled`);

      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const r = await (globalThis as unknown as PageGlobals).axe.run({ resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      expect([viewport.width, violations]).toEqual([viewport.width, []]);
      // No full-width "＝" anywhere on the page (an unchanged rank is a plain "="; views/ranking-change.njk, its spec).
      expect(await page.content()).not.toContain('\uFF1D');
      expect(problems).toEqual([]);
      await page.close();
    }
    // Two widths, each with axe over 63 rows × 19 columns: as long as the axe test below, on a shared machine.
  }, 180_000);

  it('passes axe-core with no serious or critical violations, on a desktop and on a phone', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 390, height: 844 },
    ]) {
      const { page } = await openPage(browser, viewport);
      await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
      // addScriptTag({ path }) writes an inline <script>, which the page's CSP refuses (as it should); DevTools'
      // evaluation is not subject to CSP, so axe is injected that way.
      await page.evaluate(axeSource);
      const result = await page.evaluate(async () => {
        const r = await (globalThis as unknown as PageGlobals).axe.run({ resultTypes: ['violations'] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect([viewport.width, serious]).toEqual([viewport.width, []]);
      await page.close();
    }
  });

  it('fits a phone without sideways scrolling of the page (the table scrolls in its box) and keeps screenshots', async () => {
    const { page, problems } = await openPage(browser, { width: 390, height: 844 });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
    const widths = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return {
        page: document.documentElement.scrollWidth,
        table: document.querySelector('#ranking-table')!.scrollWidth,
        box: document.querySelector('#bang-xep-hang .table-scroll')!.clientWidth,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.table).toBeGreaterThan(widths.box);
    // Touch targets: the select and the download links are at least 44 px high.
    for (const selector of ['#unit-select', 'a[type="application/json"]', '#workbook-link']) {
      const box = await page.locator(selector).boundingBox();
      expect([selector, (box?.height ?? 0) >= 44]).toEqual([selector, true]);
    }
    await saveScreenshot(page, 'ranking-2022-province-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/rankings/2022/province`, { waitUntil: 'load' });
    await saveScreenshot(page, 'ranking-2022-province-desktop');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('caches a fixed version for an hour, marks a superseded version, lists the editions, and answers 404 pages for what is not published', async () => {
    const { page, problems } = await openPage(browser);
    const v1 = await page.goto(`${base}/rankings/2022/province?version=1`);
    expect(v1?.status()).toBe(200);
    expect(v1!.headers()['cache-control']).toBe('public, max-age=3600');

    const list = await page.goto(`${base}/rankings`);
    expect(list?.status()).toBe(200);
    expect(await page.getAttribute('a[href="/rankings/2022/province"]', 'href')).toBe('/rankings/2022/province');
    expect(await page.textContent('a[href="/rankings/2022/province"]')).toBe('Bộ chỉ số DTI 2022 — cấp tỉnh');

    for (const path of ['/rankings/2021/province', '/rankings/2022/district', '/rankings/2022/nowhere', '/rankings/2022/province?version=7']) {
      const res = await page.goto(`${base}${path}`);
      expect([path, res?.status()]).toEqual([path, 404]);
      expect(res!.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      expect(await page.textContent('h1')).toBe('Chưa có kết quả công bố');
      expect(await page.getAttribute('main a[href="/rankings"]', 'href')).toBe('/rankings');
    }
    const bad = await page.goto(`${base}/rankings/2022/province?version=abc`);
    expect(bad?.status()).toBe(400);
    expect(await page.textContent('h1')).toBe('Phiên bản không hợp lệ');
    // The refused documents themselves, and nothing else (their pages load their assets without error).
    expect(problems).toEqual([
      'HTTP 404 /rankings/2021/province',
      'HTTP 404 /rankings/2022/district',
      'HTTP 404 /rankings/2022/nowhere',
      'HTTP 404 /rankings/2022/province',
      'HTTP 400 /rankings/2022/province',
    ]);

    // A correction (version 2): version 1's page says a newer one exists, and the list shows both.
    await t.http
      .post(`/api/v1/cycles/${publish.cycleId}/publications/corrections`)
      .set(publish.auth)
      .send({ runId: publish.runId, reason: 'Đính chính: công bố lại sau khi rà soát' })
      .expect(201);
    const { page: again, problems: againProblems } = await openPage(browser);
    // This browser keeps version 1's page for an hour (its Cache-Control): a new visitor's browser asks again.
    await (await browser.context.newCDPSession(again)).send('Network.clearBrowserCache');
    await again.goto(`${base}/rankings/2022/province?version=1`);
    expect(await again.textContent('.notice')).toContain('phiên bản 2');
    expect(await again.getAttribute('.notice a', 'href')).toBe('/rankings/2022/province');
    expect(await again.textContent('#workbook-link')).toContain('phiên bản mới nhất');
    await again.goto(`${base}/rankings/2022/province`);
    expect(await again.textContent('.facts')).toContain('2 (mới nhất)');
    expect(await again.textContent('.notice')).toContain('Đính chính: công bố lại sau khi rà soát');
    await again.goto(`${base}/rankings`);
    expect(await again.$$eval('.edition details li a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/rankings/2022/province?version=2',
      '/rankings/2022/province?version=1',
    ]);
    expect(againProblems).toEqual([]);
    await again.close();

    const chart = await t.http.get('/assets/vendor/chart.umd.js').expect(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect(chart.text).toContain('Chart.js v4');
    await t.http.get('/assets/ranking.js').expect(200).expect('Content-Type', /javascript/);
    await page.close();
  });
});
