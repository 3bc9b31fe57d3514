import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { compilePlan, prepareColumns, scoreColumns } from '../src/engine';
import type { PublicRanking } from '../src/publications/public-results.service';
import { reweightOverrides, reweightRule } from '../src/publications/reweighting';
import { loadScoreInputs } from '../src/scoring/score-inputs';
import { launchBrowser, openPage, step, type TestBrowser } from './utils/browser';
import { publishLevel, registryAndAdmin, uploadFramework, type PublishedLevel } from './utils/published-level';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

/** What a ranking table shows, row by row in its order: the unit, the rank (the reweight-rank span) and the index. */
interface ShownRow {
  code: string;
  rank: string;
  index: string;
  delta: string;
}

const VIEWPORTS = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'desktop', width: 1366, height: 900 },
];

const indexText = (value: number | null) =>
  value === null ? '—' : new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(value);

function shownRows(page: Page, table: string): Promise<ShownRow[]> {
  return page.$$eval(`${table} tbody tr`, (trs) =>
    trs.map((tr) => ({
      code: tr.getAttribute('data-code') ?? '',
      rank: tr.querySelector('td.rank .reweight-rank')?.textContent?.trim() ?? '',
      index: tr.querySelector('td.index')?.textContent?.trim() ?? '',
      delta: tr.querySelector('td.rank .reweight-delta:not([hidden])')?.textContent?.trim() ?? '',
    })),
  );
}

/** The engine's results of a published cycle's inputs at these weights (by part), as the page must show them. */
async function engineAt(t: TestApp, level: PublishedLevel, weights: Record<string, number> | null) {
  const inputs = await loadScoreInputs(t.db.manager, level.cycleId);
  const rule = reweightRule(inputs.framework);
  if (!rule.available) throw new Error('the framework has no re-weighting');
  const plan = compilePlan(inputs.framework);
  const columns = prepareColumns(plan, inputs.units, inputs.parameters);
  const result = scoreColumns(plan, columns, weights ? reweightOverrides(rule.rootAggregation, weights) : undefined);
  const withinGroups = inputs.parameters.rankAcrossGroups === false;
  const groupOf = new Map(inputs.units.map((u) => [u.code, u.unitGroup]));
  return result.units.map((u) => ({
    code: u.code,
    group: groupOf.get(u.code) ?? null,
    rank: (withinGroups ? u.groupRank : u.rank) ?? null,
    index: u.indexRounded,
  }));
}

/** Rows in the order a ranking lists them: rank, then index (highest first), then code. */
function inRankingOrder<T extends { code: string; rank: number | null; index: number | null }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.index ?? -1) - (a.index ?? -1) || a.code.localeCompare(b.code));
}

/** The rows a table should show at the engine's results: in ranking order, the engine's rank and index. */
const expectedRows = (engine: { code: string; rank: number | null; index: number | null }[]) =>
  inRankingOrder(engine).map((r) => ({ code: r.code, rank: r.rank === null ? '—' : String(r.rank), index: indexText(r.index) }));

/** The sliders' values as the browser holds them (the value property, not the attribute the page was sent with). */
const sliderValues = (page: Page) => page.$$eval('#tu-chon-trong-so input[type="range"]', (inputs) => inputs.map((i) => (i as unknown as { value: string }).value));

const withoutDelta = (rows: ShownRow[]) => rows.map(({ code, rank, index }) => ({ code, rank, index }));

// Two publications, a browser, axe over a page of 63 rows: more than jest's default 5 s per test.
jest.setTimeout(120_000);

describe('reader re-weighting on the public ranking page (#22 point 6) in headless Chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let province: PublishedLevel;
  let ministry: PublishedLevel;
  let provinceApi: PublicRanking;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    const admin = await registryAndAdmin(t);
    // The PDTI 2020: the index a weighted mean of three pillars (0.4, 0.3, 0.3); the MDTI: a sum of points of six
    // parts, ministries ranked within their two groups.
    province = await publishLevel(t, admin, { level: 'province', year: 2020, frameworkId: await uploadFramework(t, admin, 'pdti-2020.yaml') });
    ministry = await publishLevel(t, admin, { level: 'ministry', year: 2023, frameworkId: await uploadFramework(t, admin, 'mdti-2022.yaml') });
    provinceApi = (await t.http.get('/api/v1/public/rankings/2020/province').expect(200)).body;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  it('the publication is what the engine gives for its inputs at the official weights (the ground the checks below stand on)', async () => {
    const engine = await engineAt(t, province, null);
    expect(inRankingOrder(engine).map((r) => [r.code, r.rank, r.index])).toEqual(provinceApi.rows.map((r) => [r.code, r.rank, r.index]));
  });

  it('without JavaScript the page is the official ranking: the panel is hidden and ?w= changes nothing the server sends', async () => {
    const plain = (await t.http.get('/rankings/2020/province').expect(200)).text;
    const asked = (await t.http.get('/rankings/2020/province?w=CQS:0.1,KTS:0.6').expect(200)).text;
    expect(asked).toBe(plain);
    expect(plain).toMatch(/<details class="reweight" id="tu-chon-trong-so" hidden>/);
    const ranks = [...plain.matchAll(/<tr data-code="([^"]+)">\s*<td class="num rank[^"]*">([^<]*)</g)].map((m) => [m[1], m[2].trim()]);
    expect(ranks).toEqual(provinceApi.rows.map((r) => [r.code, String(r.rank ?? '—')]));
    // Every unit's published parts, unrounded, and the official weights: what the page script needs, no more.
    const data = JSON.parse(/<script type="application\/json" id="reweight-data">([\s\S]*?)<\/script>/.exec(plain)![1]);
    expect(data.parts.map((p: { code: string; weight: number }) => [p.code, p.weight])).toEqual([
      ['CQS', 0.4],
      ['KTS', 0.3],
      ['XHS', 0.3],
    ]);
    expect(data).toMatchObject({ rootAggregation: 'weighted_mean', mean: 'weighted_mean', scale: 1, precision: 4, withinGroups: false });
    expect(data.units).toHaveLength(63);
  });

  it.each(VIEWPORTS)(
    'on a $name ($width px): ?w= weights rank as the engine does, a slider moved by keyboard re-ranks as the engine says, "Trọng số chính thức" restores the published ranks; axe clean',
    async (viewport) => {
      const { page, problems } = await openPage(browser, { width: viewport.width, height: viewport.height });
      await page.goto(`${base}/rankings/2020/province?w=CQS:0.1,KTS:0.6`, { waitUntil: 'load' });

      // The panel: shown and open (the address asked for weights), one labelled slider per pillar at the asked weight.
      expect(await page.isVisible('#tu-chon-trong-so')).toBe(true);
      expect(await page.getAttribute('#tu-chon-trong-so', 'open')).not.toBeNull();
      expect((await page.textContent('#tu-chon-trong-so summary'))?.trim()).toBe('Tự chọn trọng số');
      expect(await page.$$eval('#tu-chon-trong-so label', (labels) => labels.map((l) => [l.getAttribute('for'), l.textContent?.replace(/\s+/g, ' ').trim()]))).toEqual([
        ['reweight-0', 'Chính quyền số (CQS)'],
        ['reweight-1', 'Kinh tế số (KTS)'],
        ['reweight-2', 'Xã hội số (XHS)'],
      ]);
      expect(await sliderValues(page)).toEqual(['0.1', '0.6', '0.3']);
      expect((await page.textContent('#reweight-0-value'))?.trim()).toBe('0,10 · 10%');
      expect((await page.textContent('#reweight-status'))?.trim()).toBe('Đang hiển thị xếp hạng theo trọng số tự chọn (không chính thức).');

      // The ranks shown are the engine's at those weights: scoreColumns over the publication's inputs.
      let engine = await engineAt(t, province, { CQS: 0.1, KTS: 0.6, XHS: 0.3 });
      let shown = await shownRows(page, '#ranking-table');
      expect(withoutDelta(shown)).toEqual(expectedRows(engine));
      const official = new Map(provinceApi.rows.map((r) => [r.code, r.rank]));
      const moved = shown.filter((r) => Number(r.rank) !== official.get(r.code));
      expect(moved.length).toBeGreaterThan(5);
      // Each rank cell says how far it moved from the official rank.
      for (const r of moved.slice(0, 10)) {
        const places = official.get(r.code)! - Number(r.rank);
        expect(r.delta).toContain(places > 0 ? `↑${places}` : `↓${-places}`);
      }
      expect(await page.$eval('#ranking-caption', (c) => c.textContent)).toContain('theo trọng số tự chọn');
      expect(new URL(page.url()).search).toBe('?w=CQS:0.1,KTS:0.6');
      const early = await step(page, `ranking-reweight-${viewport.name}-01-from-the-address`);
      expect(early.violations).toEqual([]);
      // Nothing wider than the screen but the table, which scrolls in its own box.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);

      // The keyboard: XHS from 0.3 up five steps of 0.01.
      await page.focus('#reweight-2');
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      // A function, not a string: the page's CSP refuses eval, and a string predicate is eval'd in the page.
      await page.waitForFunction((part) => (globalThis as unknown as { location: { search: string } }).location.search.includes(part), 'XHS:0.35');
      engine = await engineAt(t, province, { CQS: 0.1, KTS: 0.6, XHS: 0.35 });
      shown = await shownRows(page, '#ranking-table');
      expect(withoutDelta(shown)).toEqual(expectedRows(engine));
      expect(new URL(page.url()).search).toBe('?w=CQS:0.1,KTS:0.6,XHS:0.35');
      expect(await page.getAttribute('#reweight-link', 'href')).toBe(page.url());
      expect(await page.getAttribute('#reweight-2', 'aria-valuetext')).toBe('0,35, tức 33,3% tổng trọng số');
      const moving = await step(page, `ranking-reweight-${viewport.name}-02-slider-moved`);
      expect(moving.violations).toEqual([]);
      // The table itself as a phone shows it: each rank with its change from the official one.
      await page.locator('#ranking-table').scrollIntoViewIfNeeded();
      await step(page, `ranking-reweight-${viewport.name}-02b-table`);

      // The link keeps the weights: opened afresh, the same ranks.
      const again = await openPage(browser, { width: viewport.width, height: viewport.height });
      await again.page.goto(page.url(), { waitUntil: 'load' });
      expect(withoutDelta(await shownRows(again.page, '#ranking-table'))).toEqual(expectedRows(engine));
      expect(again.problems).toEqual([]);
      await again.page.close();

      // The official weights, one click away: the published ranks, order and index, and an address without weights.
      await page.click('#reweight-official');
      shown = await shownRows(page, '#ranking-table');
      expect(shown.map(({ code, rank, index, delta }) => ({ code, rank, index, delta }))).toEqual(
        provinceApi.rows.map((r) => ({ code: r.code, rank: String(r.rank), index: indexText(r.index), delta: '' })),
      );
      expect(new URL(page.url()).search).toBe('');
      expect((await page.textContent('#reweight-status'))?.trim()).toBe('Đang hiển thị xếp hạng chính thức.');
      expect(await sliderValues(page)).toEqual(['0.4', '0.3', '0.3']);
      const restored = await step(page, `ranking-reweight-${viewport.name}-03-official`);
      expect(restored.violations).toEqual([]);

      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('a points framework ranked within groups (the MDTI): the parts’ shares of the points as official weights, each group re-ranked on its own as the engine ranks it', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await page.goto(`${base}/rankings/2023/ministry?w=HD:0.1,NT:0.3`, { waitUntil: 'load' });
    const sliders = await sliderValues(page);
    // NT, TC, HT, NL, AT, HD of 100, 100, 150, 100, 150, 400 points; NT and HD as the address asks.
    expect(sliders).toEqual(['0.3', '0.1', '0.15', '0.1', '0.15', '0.1']);
    const weights = { NT: 0.3, TC: 0.1, HT: 0.15, NL: 0.1, AT: 0.15, HD: 0.1 };
    const engine = await engineAt(t, ministry, weights);
    for (const group of ['with_public_services', 'without_public_services']) {
      const table = `#ranking-table-${group.replace(/_/g, '-')}`;
      const shown = await shownRows(page, table);
      expect(shown.length).toBeGreaterThan(3);
      expect(withoutDelta(shown)).toEqual(expectedRows(engine.filter((r) => r.group === group)));
    }
    await page.click('#reweight-official');
    const published = await engineAt(t, ministry, null);
    for (const group of ['with_public_services', 'without_public_services']) {
      const api: PublicRanking = (await t.http.get(`/api/v1/public/rankings/2023/ministry?group=${group}`).expect(200)).body;
      const shown = await shownRows(page, `#ranking-table-${group.replace(/_/g, '-')}`);
      expect(withoutDelta(shown)).toEqual(api.rows.map((r) => ({ code: r.code, rank: String(r.rank ?? '—'), index: indexText(r.index) })));
      expect(withoutDelta(shown)).toEqual(expectedRows(published.filter((r) => r.group === group)));
    }
    const { violations } = await step(page, 'ranking-reweight-ministry-official');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('in English: the panel’s words from the i18n dictionary of the re-weighting', async () => {
    const html = (await t.http.get('/rankings/2020/province').set('Accept-Language', 'en').expect(200)).text;
    expect(html).toContain('<summary>Choose your own weights</summary>');
    expect(html).toContain('>Official weights</button>');
    expect(html).toContain('<label for="reweight-0">Digital government <span class="muted">(CQS)</span></label>');
  });
});
