/**
 * The public monitoring of a monthly series (issue #21 point 5): three months of the notice's rate of online services
 * (DVCTT) published, read through the public API (the league table with ranks, changes, sparklines and the target's
 * trajectory; a unit's series with its counts), and the pages in headless Chromium at phone and desktop width
 * (screenshots in test/artifacts), their table and chart data equal to the API's, axe clean, keyboard usable.
 */
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'yaml';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import type { Framework } from '../src/engine/framework.model';
import { trajectoryAt } from '../src/frameworks/trajectory';
import type { PublicLeagueTable, PublicUnitSeries } from '../src/publications/public-series.service';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { binaryBody } from './utils/binary-body';
import { languageLeaks } from './utils/language-leaks';
import { ARTIFACTS_DIR, launchBrowser, openPage, saveScreenshot, seriousA11yViolations, type TestBrowser } from './utils/browser';
import { moveCycle } from './utils/fill-submissions';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

const FILE = readFileSync(join(process.cwd(), 'config', 'frameworks', 'online-services-rate.yaml'), 'utf8');
const FRAMEWORK = parse(FILE) as Framework;
const LEAF = 'DVC4';
const MONTHS = ['2020-10', '2020-11', '2020-12'];
const API = '/api/v1/public/monitoring/DVCTT/province';

interface ChartSummary {
  type: string | null;
  labels: unknown[];
  datasets: { label: string; data: (number | null)[] }[];
}

/** The few browser globals the page functions below read (the project's types have no DOM library). */
interface PageGlobals {
  Chart?: { getChart(canvas: unknown): { config: { type: string }; data: { labels: unknown[]; datasets: { label: string; data: (number | null)[] }[] } } | undefined };
  document: { documentElement: { scrollWidth: number } };
}

function chartOn(page: Page, selector: string): Promise<ChartSummary> {
  return page.$eval(selector, (canvas) => {
    const chart = (globalThis as unknown as PageGlobals).Chart?.getChart(canvas);
    return { type: chart?.config.type ?? null, labels: chart ? [...chart.data.labels] : [], datasets: chart?.data.datasets.map((d) => ({ label: d.label, data: [...d.data] })) ?? [] };
  });
}

/** The online services of a province (its place i in code order) in month m out of 100: 20..80, and a tie at the top. */
function online(i: number, m: number, code: string): number {
  // Hà Nội (01) and Đà Nẵng (48) share a value in the last month: the engine gives them one rank.
  if (m === 2 && (code === '01' || code === '48')) return 85;
  return 20 + ((i * 7 + m * 13) % 61);
}

/** The rank of each value as the engine ranks (ties share the best place; the next place skips). */
function competitionRanks(values: Map<string, number>): Map<string, number> {
  const all = [...values.values()];
  return new Map([...values].map(([code, v]) => [code, 1 + all.filter((w) => w > v).length]));
}

const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const targetOf = (month: string) => round2(trajectoryAt(FRAMEWORK.targets!.find((t) => t.indicator === 'index')!, monthEnd(month))!);

// A browser, three published months and axe over each page: more than jest's default 5 s per test.
jest.setTimeout(90_000);

describe('the public monitoring of a monthly series: API and pages in headless Chromium', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let admin: SignedInUser;
  let codes: string[];
  let cycleIds: string[];
  /** month → code → index, and month → code → rank, as published. */
  const index = new Map<string, Map<string, number>>();
  const rank = new Map<string, Map<string, number>>();

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
    const framework = await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(FILE).expect(201);
    const cycles = (await t.http.post('/api/v1/cycles/series').set(admin.auth).send({ frameworkId: framework.body.id, level: 'province', from: MONTHS[0], to: MONTHS[2] }).expect(201))
      .body as { id: string; periodLabel: string }[];
    expect(cycles.map((c) => c.periodLabel)).toEqual(MONTHS);
    cycleIds = cycles.map((c) => c.id);
    const participants: { code: string }[] = await t.db.query(
      'SELECT u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1 ORDER BY u.code',
      [cycles[0].id],
    );
    codes = participants.map((p) => p.code);
    expect(codes).toHaveLength(63);

    for (const [m, cycle] of cycles.entries()) {
      // The values as a national system's file would bring them: the admin's import of system values (JSON).
      const values = codes.map((code, i) => ({ unit: code, indicator: LEAF, value: { online: online(i, m, code), total: 100 } }));
      const job = await t.http
        .post(`/api/v1/cycles/${cycle.id}/system-values`)
        .set(admin.auth)
        .attach('file', Buffer.from(JSON.stringify({ values })), 'dvctt.json')
        .expect(202);
      await drainQueues(t);
      expect((await t.http.get(`/api/v1/imports/${job.body.id}`).set(admin.auth).expect(200)).body).toMatchObject({ status: 'succeeded', report: { applied: 63 } });
      await moveCycle(t, admin.auth, cycle.id, 'scoring');
      const run = await t.http.post(`/api/v1/cycles/${cycle.id}/score-runs`).set(admin.auth).expect(202);
      await drainQueues(t);
      await t.http.post(`/api/v1/cycles/${cycle.id}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
      const month = new Map(codes.map((code, i) => [code, online(i, m, code)]));
      index.set(MONTHS[m], month);
      rank.set(MONTHS[m], competitionRanks(month));
    }

    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  }, 60_000);

  const league = async (month?: string): Promise<PublicLeagueTable> => (await t.http.get(`${API}${month ? `?month=${month}` : ''}`).expect(200)).body;

  it("serves the latest month's league table: ranks with ties shared, the change against the month before, sparklines, the target", async () => {
    const api = await league();
    expect(api).toMatchObject({ series: 'DVCTT', level: 'province', month: '2020-12', version: 1, previousMonth: '2020-11' });
    expect(api.framework).toMatchObject({ code: 'DVCTT', scale: 100, precision: 2 });
    expect(api.months.map((m) => m.month)).toEqual(['2020-12', '2020-11', '2020-10']);
    expect(api.rows).toHaveLength(63);
    const [dec, nov, oct] = [index.get('2020-12')!, index.get('2020-11')!, index.get('2020-10')!];
    const [decRank, novRank] = [rank.get('2020-12')!, rank.get('2020-11')!];
    for (const row of api.rows) {
      expect([row.code, row.index, row.rank]).toEqual([row.code, dec.get(row.code), decRank.get(row.code)]);
      expect([row.code, row.change]).toEqual([
        row.code,
        { previousIndex: nov.get(row.code), previousRank: novRank.get(row.code), index: round2(dec.get(row.code)! - nov.get(row.code)!), rank: novRank.get(row.code)! - decRank.get(row.code)! },
      ]);
      expect([row.code, row.sparkline]).toEqual([row.code, [oct.get(row.code), nov.get(row.code), dec.get(row.code)]]);
    }
    // In rank order; Hà Nội and Đà Nẵng tie at the top and share the first place; the next is third.
    expect(api.rows.map((r) => r.rank)).toEqual([...api.rows.map((r) => r.rank)].sort((a, b) => a! - b!));
    const hanoi = api.rows.find((r) => r.code === '01')!;
    expect(api.rows.find((r) => r.code === '48')!.rank).toBe(hanoi.rank);
    expect(api.rows.slice(0, 3).map((r) => [r.code, r.rank])).toEqual([['01', 1], ['48', 1], [api.rows[2].code, 3]]);
    // Some units rose and some fell.
    expect(api.rows.some((r) => r.change!.rank! > 0) && api.rows.some((r) => r.change!.rank! < 0)).toBe(true);
    // The target trajectory on the month's last day: 30 % by the end of 2020.
    expect(api.target).toMatchObject({ indicator: 'index', at: '2020-12-31', value: 30 });
    expect(api.trend).toEqual({ months: MONTHS, target: MONTHS.map(targetOf) });
    expect(api.trend.target![0]).toBeGreaterThan(20);
    expect(api.trend.target![0]).toBeLessThan(30);
  });

  it('serves an earlier month with no change before the first, a unit series with counts, and clear 404s and 400s', async () => {
    const october = await league('2020-10');
    expect(october).toMatchObject({ month: '2020-10', previousMonth: null });
    expect(october.rows.every((r) => r.change === null)).toBe(true);
    expect(october.trend.months).toEqual(['2020-10']);
    expect(october.rows.find((r) => r.code === '48')!.sparkline).toEqual([index.get('2020-10')!.get('48')]);

    const unit: PublicUnitSeries = (await t.http.get(`${API}/units/48`).expect(200)).body;
    expect(unit.unit).toMatchObject({ code: '48', nameVi: 'Đà Nẵng' });
    expect(unit.leaves).toEqual([expect.objectContaining({ code: LEAF, inputs: ['online', 'total'] })]);
    const i48 = codes.indexOf('48');
    expect(
      unit.months.map((m) => [m.month, m.index, m.rank, m.change?.rank ?? null, m.target, m.leaves[LEAF].counts, m.leaves[LEAF].value, m.leaves[LEAF].rank, m.leaves[LEAF].change]),
    ).toEqual(
      MONTHS.map((month, m) => [
        month,
        index.get(month)!.get('48'),
        rank.get(month)!.get('48'),
        m === 0 ? null : rank.get(MONTHS[m - 1])!.get('48')! - rank.get(month)!.get('48')!,
        targetOf(month),
        { online: online(i48, m, '48'), total: 100 },
        online(i48, m, '48') / 100,
        // The one leaf ranks as the index does; its change is in its own 0..1 values.
        rank.get(month)!.get('48'),
        m === 0 ? null : round4((online(i48, m, '48') - online(i48, m - 1, '48')) / 100),
      ]),
    );

    const missing = async (path: string, words: string) => expect((await t.http.get(path).expect(404)).body.message).toContain(words);
    await missing(`${API}?month=2019-01`, '2019-01 of the DVCTT series at level province is not published');
    await missing('/api/v1/public/monitoring/NOPE/province', 'no month of the monitoring series NOPE at level province is published');
    await missing('/api/v1/public/monitoring/DVCTT/ministry', 'no month of the monitoring series DVCTT at level ministry is published');
    await missing(`${API}/units/99`, 'unit 99 is in no published month');
    for (const bad of ['2020-13', '2020-1', 'december']) {
      const res = await t.http.get(`${API}?month=${bad}`).expect(400);
      expect(JSON.stringify(res.body)).toContain('month must be a month YYYY-MM');
    }
    // Listed for the front door, and documented with the other public routes.
    expect((await t.http.get('/api/v1/public/monitoring').expect(200)).body).toEqual([
      expect.objectContaining({ series: 'DVCTT', level: 'province', latestMonth: '2020-12', months: 3 }),
    ]);
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/public/monitoring/{series}/{level}', '/api/v1/public/monitoring/{series}/{level}/units/{code}']),
    );
    const leagueDoc = doc.paths['/api/v1/public/monitoring/{series}/{level}'].get;
    expect(leagueDoc.tags).toEqual(['public']);
    expect(leagueDoc.summary).toBe("Read a month's league table of a monitoring series");
    expect(leagueDoc.description).toContain('anyone, without signing in');
    expect(leagueDoc.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name)).toEqual(['month']);
    expect(Object.keys(leagueDoc.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
  });

  for (const viewport of [
    { width: 1366, height: 900, name: 'desktop' },
    { width: 360, height: 800, name: 'phone' },
  ]) {
    it(`shows the league table and the chart of the API at ${viewport.width} px, axe clean, without sideways page scroll`, async () => {
      const api = await league();
      const { page, problems } = await openPage(browser, viewport);
      // Charts drawn at once (no animation), so that the screenshots show them finished.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const response = await page.goto(`${base}/monitoring/DVCTT/province`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      expect((await page.textContent('h1'))?.trim()).toBe('Theo dõi hằng tháng: Tỷ lệ dịch vụ công trực tuyến mức độ 4 (cấp tỉnh)');
      expect(await page.textContent('.lead')).toContain('Tháng 12/2020');

      const rows = await page.$$eval('#league-table tbody tr', (trs) =>
        trs.map((tr) => ({
          code: tr.getAttribute('data-code'),
          rank: tr.querySelector('td.rank')?.textContent?.trim(),
          name: tr.querySelector('th[scope="row"]')?.textContent?.trim(),
          index: tr.querySelector('td.index')?.getAttribute('data-value'),
          rankChange: tr.querySelector('td.change-cell')?.getAttribute('data-rank-change'),
          indexChange: tr.querySelector('td.change-cell')?.getAttribute('data-index-change'),
          spark: tr.querySelector('svg.spark')?.getAttribute('aria-label'),
          lines: tr.querySelectorAll('svg.spark polyline').length,
        })),
      );
      expect(rows.map((r) => [r.code, r.rank, Number(r.index), Number(r.rankChange), Number(r.indexChange)])).toEqual(
        api.rows.map((r) => [r.code, String(r.rank), r.index, r.change!.rank, r.change!.index]),
      );
      for (const [i, row] of rows.entries()) {
        expect(row.name).toBe(api.rows[i].nameVi);
        expect(row.lines).toBe(1);
        expect(row.spark).toMatch(/^Chỉ số từng tháng: 10\/20 .*; 11\/20 .*; 12\/20 /);
      }

      // The chart: the top 3 and the bottom 3 by default, their sparkline values, and the target's trajectory.
      const chart = await chartOn(page, '#chart-trend');
      const chosen = [...api.rows.slice(0, 3), ...api.rows.slice(-3)];
      expect(chart.type).toBe('line');
      expect(chart.labels).toEqual(['10/20', '11/20', '12/20']);
      expect(chart.datasets.map((d) => [d.label, d.data])).toEqual([
        ...chosen.map((r) => [r.nameVi, r.sparkline]),
        ['Lộ trình mục tiêu', api.trend.target],
      ]);
      expect(Number(await page.getAttribute('#month-target', 'data-value'))).toBe(api.target!.value);

      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `monitoring-page-${viewport.name}`);
      // What a visitor sees first, and the chart with the unit chooser open.
      await page.screenshot({ path: join(ARTIFACTS_DIR, `monitoring-page-${viewport.name}-top.png`) });
      await page.evaluate(() => (globalThis as unknown as { document: { getElementById(id: string): { scrollIntoView(): void } } }).document.getElementById('league-heading').scrollIntoView());
      await page.screenshot({ path: join(ARTIFACTS_DIR, `monitoring-page-${viewport.name}-table.png`) });
      await page.click('.unit-chooser summary');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.locator('#bieu-do-xu-huong').screenshot({ path: join(ARTIFACTS_DIR, `monitoring-page-${viewport.name}-chart.png`) });
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('the month picker shows an earlier month (a form that works without script), and the chart takes the units chosen by keyboard', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await page.goto(`${base}/monitoring/DVCTT/province`, { waitUntil: 'load' });
    expect(await page.$$eval('#month-select option', (os) => os.map((o) => [o.getAttribute('value'), o.textContent?.trim()]))).toEqual([
      ['2020-12', 'Tháng 12/2020'],
      ['2020-11', 'Tháng 11/2020'],
      ['2020-10', 'Tháng 10/2020'],
    ]);
    await page.focus('#month-select');
    await page.selectOption('#month-select', '2020-11');
    await Promise.all([page.waitForURL(/month=2020-11/), page.keyboard.press('Tab').then(() => page.keyboard.press('Enter'))]);
    const november = await league('2020-11');
    expect(await page.textContent('.lead')).toContain('Tháng 11/2020');
    expect(await page.inputValue('#month-select')).toBe('2020-11');
    expect(await page.$$eval('#league-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-code')))).toEqual(november.rows.map((r) => r.code));
    const chart = await chartOn(page, '#chart-trend');
    expect(chart.labels).toEqual(['10/20', '11/20']);
    expect(chart.datasets.at(-1)!.data).toEqual(november.trend.target);
    await saveScreenshot(page, 'monitoring-page-november');

    // A unit ticked by keyboard joins the chart.
    await page.click('.unit-chooser summary');
    const extra = november.rows[10];
    await page.focus(`.unit-chooser input[value="${extra.code}"]`);
    await page.keyboard.press('Space');
    const redrawn = await chartOn(page, '#chart-trend');
    expect(redrawn.datasets.map((d) => d.label)).toContain(extra.nameVi);
    expect(redrawn.datasets.find((d) => d.label === extra.nameVi)!.data).toEqual(extra.sparkline);
    expect(new URL(page.url()).searchParams.getAll('unit')).toContain(extra.code);
    // The address keeps the choice: the page drawn from it draws the same units.
    await page.goto(page.url(), { waitUntil: 'load' });
    expect((await chartOn(page, '#chart-trend')).datasets.map((d) => d.label)).toEqual(redrawn.datasets.map((d) => d.label));
    expect(problems).toEqual([]);
    await page.close();

    // Without script the picker is a plain form: GET ?month=.
    const plain = await t.http.get('/monitoring/DVCTT/province?month=2020-10').expect(200);
    expect(plain.text).toContain('<option value="2020-10" selected>');
    await t.http.get('/monitoring/DVCTT/province?month=2019-01').expect(404);
    await t.http.get('/monitoring/DVCTT/province?month=2020-13').expect(400);
    await t.http.get('/monitoring/NOPE/province').expect(404);
  });

  for (const viewport of [
    { width: 1366, height: 900, name: 'desktop' },
    { width: 360, height: 800, name: 'phone' },
  ]) {
    it(`shows a unit's series as the API serves it at ${viewport.width} px, axe clean`, async () => {
      const api: PublicUnitSeries = (await t.http.get(`${API}/units/48`).expect(200)).body;
      const { page, problems } = await openPage(browser, viewport);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const response = await page.goto(`${base}/monitoring/DVCTT/province/48`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect((await page.textContent('h1'))?.trim()).toBe('Đà Nẵng');
      const rows = await page.$$eval('#unit-series-table tbody tr', (trs) =>
        trs.map((tr) => ({
          month: tr.getAttribute('data-month'),
          index: Number(tr.querySelector('td.index')?.getAttribute('data-value')),
          rank: tr.querySelector('td.rank')?.textContent?.trim(),
          target: Number(tr.querySelector('td.target')?.getAttribute('data-value')),
          counts: tr.querySelector('td.leaf .counts')?.textContent?.trim(),
        })),
      );
      expect(rows).toEqual(
        api.months.map((m) => ({
          month: m.month,
          index: m.index,
          rank: String(m.rank),
          target: m.target,
          counts: `${m.leaves[LEAF].counts!.online}/${m.leaves[LEAF].counts!.total}`,
        })),
      );
      const chart = await chartOn(page, '#chart-unit');
      expect(chart.datasets.map((d) => [d.label, d.data])).toEqual([
        ['Đà Nẵng', api.months.map((m) => m.index)],
        ['Lộ trình mục tiêu', api.months.map((m) => m.target)],
      ]);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `monitoring-unit-${viewport.name}`);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `monitoring-unit-${viewport.name}-top.png`) });
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it("gives a month's league table and a unit's series as workbooks, number for number the API's, linked from the pages", async () => {
    const sheet = async (url: string, name: string) => {
      const res = await t.http.get(url).buffer(true).parse(binaryBody).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet(name)!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const header = rows.findIndex((r) => r[0] === 'Hạng' || r[0] === 'Tháng');
      return { header: rows[header], body: rows.slice(header + 1) };
    };
    const november = await league('2020-11');
    const month = await sheet(`${API}/workbook?month=2020-11`, 'Bảng xếp hạng');
    expect(month.header.slice(0, 4)).toEqual(['Hạng', 'Mã', 'Đơn vị', 'Chỉ số']);
    expect(month.body.map((r) => [r[0] ?? null, r[1], r[3] ?? null, r[7] ?? null])).toEqual(november.rows.map((r) => [r.rank, r.code, r.index, r.change?.rank ?? null]));

    const unit: PublicUnitSeries = (await t.http.get(`${API}/units/48`).expect(200)).body;
    const series = await sheet(`${API}/units/48/workbook`, 'Chuỗi số liệu');
    expect(series.header).toEqual(['Tháng', 'Phiên bản', 'Chỉ số', 'Hạng', 'Thay đổi chỉ số', 'Thay đổi hạng', 'Mục tiêu (lộ trình)', `${LEAF} – Giá trị`, `${LEAF} – online`, `${LEAF} – total`]);
    expect(series.body.map((r) => [r[0], r[2], r[3], r[8], r[9]])).toEqual(unit.months.map((m) => [m.month, m.index, m.rank, m.leaves[LEAF].counts!.online, m.leaves[LEAF].counts!.total]));
    await t.http.get(`${API}/units/nowhere/workbook`).expect(404);
    await t.http.get(`${API}/workbook?month=2020-13`).expect(400);

    const html = (await t.http.get('/monitoring/DVCTT/province?month=2020-11').expect(200)).text;
    expect(html).toContain(`href="${API}/workbook?month=2020-11"`);
    expect((await t.http.get('/monitoring/DVCTT/province/48').expect(200)).text).toContain(`href="${API}/units/48/workbook"`);
  });

  it('is linked from the front door, to the latest month', async () => {
    const { page, problems } = await openPage(browser, { width: 360, height: 800 });
    await page.goto(`${base}/`, { waitUntil: 'load' });
    const link = page.locator('section[aria-labelledby="monitoring-title"] a');
    expect(await link.textContent()).toBe('Tỷ lệ dịch vụ công trực tuyến mức độ 4 (cấp tỉnh): tháng 12/2020');
    await Promise.all([page.waitForURL(/\/monitoring\/DVCTT\/province$/), link.click()]);
    expect(await page.textContent('.lead')).toContain('Tháng 12/2020');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('speaks English to a visitor who chose English', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await browser.context.addCookies([{ name: 'dti_lang', value: 'en', url: base }]);
    await page.goto(`${base}/monitoring/DVCTT/province`, { waitUntil: 'load' });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect((await page.textContent('h1'))?.trim()).toBe('Monthly monitoring: Rate of level-4 online public services (provinces)');
    expect(await page.textContent('.lead')).toContain('December 2020');
    expect((await chartOn(page, '#chart-trend')).datasets.at(-1)!.label).toBe('Target trajectory');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await saveScreenshot(page, 'monitoring-page-english');
    await browser.context.clearCookies();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says every word of both pages in the page language (the language-leak check of the other pages)', async () => {
    const api = await league();
    const unit: PublicUnitSeries = (await t.http.get(`${API}/units/48`).expect(200)).body;
    // What the pages show as stored: the units' and the framework's names, its notes, the target's description.
    const data = [
      ...api.rows.flatMap((r) => [r.nameVi, r.nameEn ?? '']),
      api.framework.nameVi,
      api.framework.nameEn ?? '',
      api.framework.source,
      api.framework.sourceEn ?? '',
      api.target!.descriptionVi ?? '',
      api.target!.descriptionEn ?? '',
      ...unit.leaves.flatMap((l) => [l.nameVi, l.nameEn ?? '']),
    ].sort((a, b) => b.length - a.length);
    const leaks = [];
    for (const lang of ['vi', 'en'] as const) {
      for (const path of ['/', '/monitoring/DVCTT/province', '/monitoring/DVCTT/province?month=2020-10', '/monitoring/DVCTT/province/48']) {
        const res = await t.http.get(path).set('Cookie', `dti_lang=${lang}`).expect(200);
        leaks.push(...languageLeaks(`${path} (${lang})`, res.text, lang, data));
      }
    }
    expect(leaks.map((l) => `${l.page} — “${l.word}” in “…${l.near}…”`)).toEqual([]);
  });

  it("serves a month corrected after publication as its latest version, on the API and the page", async () => {
    // A national system corrects Hồ Chí Minh City's December after publication (as the feeds' spec does, in the table).
    const [{ id: unitId }]: { id: string }[] = await t.db.query(`SELECT id FROM units WHERE code = '79' AND level = 'province'`);
    await t.db.query(`UPDATE system_values SET value = $3 WHERE cycle_id = $1 AND unit_id = $2 AND indicator_code = $4`, [
      cycleIds[2],
      unitId,
      JSON.stringify({ online: 99, total: 100 }),
      LEAF,
    ]);
    const run = await t.http.post(`/api/v1/cycles/${cycleIds[2]}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    await t.http
      .post(`/api/v1/cycles/${cycleIds[2]}/publications/corrections`)
      .set(admin.auth)
      .send({ runId: run.body.run.id, reason: 'Hệ thống quốc gia đính chính số liệu tháng 12 của TP. Hồ Chí Minh' })
      .expect(201);

    const api = await league();
    expect(api).toMatchObject({ month: '2020-12', version: 2 });
    expect(api.months[0]).toMatchObject({ month: '2020-12', version: 2 });
    expect(api.rows.slice(0, 3).map((r) => [r.code, r.rank, r.index])).toEqual([
      ['79', 1, 99],
      ['01', 2, 85],
      ['48', 2, 85],
    ]);
    expect(api.rows[0].sparkline.at(-1)).toBe(99);
    const unit: PublicUnitSeries = (await t.http.get(`${API}/units/79`).expect(200)).body;
    expect(unit.months.at(-1)).toMatchObject({ month: '2020-12', version: 2, index: 99, rank: 1, leaves: { [LEAF]: { counts: { online: 99, total: 100 } } } });
    // November is still version 1 and unchanged.
    expect((await league('2020-11')).version).toBe(1);

    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await page.goto(`${base}/monitoring/DVCTT/province`, { waitUntil: 'load' });
    expect(await page.$$eval('#league-table tbody tr', (trs) => trs.slice(0, 3).map((tr) => [tr.getAttribute('data-code'), tr.querySelector('td.rank')?.textContent?.trim()]))).toEqual([
      ['79', '1'],
      ['01', '2'],
      ['48', '2'],
    ]);
    expect(await page.textContent('.facts')).toMatch(/Phiên bản công bố\s*2\s/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
