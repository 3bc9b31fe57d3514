import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { NationalScoreCard } from '../src/publications/national-score-card';
import type { PublicRanking } from '../src/publications/public-results.service';
import { launchBrowser, openPage, step, type TestBrowser } from './utils/browser';
import { publishLevel, registryAndAdmin, uploadFramework } from './utils/published-level';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

/** The few browser globals the page functions below read (the project's types have no DOM library). */
interface PageGlobals {
  Chart?: { getChart(canvas: unknown): { config: { type: string }; data: { labels: unknown[]; datasets: { label: string; data: (number | null)[] }[] } } | undefined };
  document: { documentElement: { scrollWidth: number } };
}

/** What Chart.js says it drew on a canvas, and the canvas's size on the page. */
function chartOn(page: Page, selector: string) {
  return page.$eval(selector, (canvas) => {
    const box = canvas.getBoundingClientRect();
    const chart = (globalThis as unknown as PageGlobals).Chart?.getChart(canvas);
    return {
      width: box.width,
      height: box.height,
      type: chart?.config.type ?? null,
      datasets: chart?.data.datasets.map((d) => ({ label: d.label, data: [...d.data] })) ?? [],
    };
  });
}

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

// Two publications scored on the queue, then a browser and axe over two pages at two widths.
jest.setTimeout(60_000);

/** #17: the ministry ranking by group and the national score card, seen in Chromium at a phone's and a desktop's width. */
describe('the ministry and national public pages in headless Chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let groups: Record<string, PublicRanking>;
  let card: NationalScoreCard;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    const admin = await registryAndAdmin(t);
    const mdti = await uploadFramework(t, admin, 'mdti-2022.yaml');
    const ndti = await uploadFramework(t, admin, 'ndti-2024.yaml');
    await publishLevel(t, admin, { level: 'ministry', year: 2023, frameworkId: mdti });
    await publishLevel(t, admin, { level: 'national', year: 2023, frameworkId: ndti });
    await publishLevel(t, admin, { level: 'national', year: 2024, frameworkId: ndti });
    groups = {};
    for (const group of ['with_public_services', 'without_public_services']) {
      groups[group] = (await t.http.get(`/api/v1/public/rankings/2023/ministry?group=${group}`).expect(200)).body as PublicRanking;
    }
    card = (await t.http.get('/api/v1/public/rankings/2024/national/card').expect(200)).body as NationalScoreCard;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it.each(VIEWPORTS)('shows /rankings/2023/ministry by group on a $name ($width px): both tables and bar charts, the radar against the group average, axe clean', async (viewport) => {
    const { page, problems } = await openPage(browser, viewport);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${base}/rankings/2023/ministry`, { waitUntil: 'load' });
    expect((await page.textContent('h1'))?.trim()).toBe('Bộ chỉ số DTI 2023 — cấp bộ, cơ quan ngang bộ');
    for (const [group, ranking] of Object.entries(groups)) {
      const slug = group.replace(/_/g, '-');
      expect((await page.textContent(`#ranking-heading-${slug}`))?.trim()).toBe(ranking.groups.find((g) => g.code === group)!.nameVi);
      const rows = await page.$$eval(`#ranking-table-${slug} tbody tr`, (trs) =>
        trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('td.rank')?.textContent?.trim(), tr.querySelector('td.index')?.getAttribute('data-value')]),
      );
      expect(rows).toEqual(ranking.rows.map((r) => [r.code, String(r.rank), String(r.index)]));
      const bar = await chartOn(page, `#chart-index-${slug}`);
      expect(bar.type).toBe('bar');
      expect(bar.width).toBeGreaterThan(200);
      expect(bar.datasets[0].data).toEqual(ranking.rows.map((r) => r.index));
    }
    // The radar of a ministry of the second group: its own values against its group's average.
    const other = groups.without_public_services.rows[0];
    await page.selectOption('#unit-select', other.code);
    await page.waitForFunction((label) => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('radar-unit-name')?.textContent === label, other.nameVi);
    const radar = await chartOn(page, '#chart-radar');
    expect(radar.type).toBe('radar');
    expect(radar.datasets.map((d) => d.label)).toEqual([other.nameVi, 'Trung bình nhóm bộ, ngành không cung cấp dịch vụ công']);
    expect(await page.textContent('#radar-average-name')).toContain('không cung cấp dịch vụ công');

    // The page fits the phone; a table wider than it scrolls in its own box.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const { violations } = await step(page, `public-levels-ministry-2023-${viewport.name}`);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.each(VIEWPORTS)('shows /rankings/2024/national as a score card on a $name ($width px): the index, the change from 2023, the groups and their chart, axe clean', async (viewport) => {
    const { page, problems } = await openPage(browser, viewport);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${base}/rankings/2024/national`, { waitUntil: 'load' });
    expect((await page.textContent('h1'))?.trim()).toBe('Bộ chỉ số DTI 2024 — cấp quốc gia');
    expect(await page.$$('table.ranking')).toHaveLength(0);
    expect(await page.getAttribute('#national-index', 'data-value')).toBe(String(card.index));
    const vi = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
    const change = (await page.textContent('#national-change'))?.replace(/\s+/g, ' ') ?? '';
    expect(change).toContain(`${card.previous!.change! > 0 ? '+' : ''}${vi.format(card.previous!.change!)}`);
    expect(change).toContain('so với năm 2023');
    expect(await page.$$eval('#parts-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-code'), tr.querySelector('td.value')?.getAttribute('data-value')]))).toEqual(
      card.parts.map((p) => [p.code, String(p.value)]),
    );
    const chart = await chartOn(page, '#chart-parts');
    expect(chart.type).toBe('bar');
    expect(chart.width).toBeGreaterThan(200);
    expect(chart.datasets).toEqual([
      { label: 'Năm 2024', data: card.parts.map((p) => p.value) },
      { label: 'Năm 2023', data: card.parts.map((p) => p.previousValue) },
    ]);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const { violations } = await step(page, `public-levels-national-2024-${viewport.name}`);
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
