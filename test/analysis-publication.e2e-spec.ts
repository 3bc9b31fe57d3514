import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AnalysisResult } from '../src/analysis/analysis-result';
import { sha256Hex } from '../src/common/canonical-json';
import { binaryBody } from './utils/binary-body';
import { ARTIFACTS_DIR, launchBrowser, openPage, saveScreenshot, seriousA11yViolations, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { bypassingFrozen } from './utils/snapshot-chunks';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * An uncertainty analysis is part of a publication when it was run before publishing (issue #22 point 4): in the
 * snapshot and its sha256, the public API, the ranking page (an interval beside each rank, their chart, the
 * sensitivity of each source) and the ranking workbook. Version 1 of the 2022 provincial ranking is published
 * before any analysis (none anywhere); the run is then analysed, and corrections 2 and 3 freeze the analysis (named,
 * then by default).
 */

/** The few browser globals read below (the project's types have no DOM library). */
interface PageGlobals {
  document: { documentElement: { scrollWidth: number } };
}

/** A rank as the page shows it in Vietnamese: whole, or with one decimal and a comma. */
const rankVi = (v: number) => (Number.isInteger(v) ? String(v) : v.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

const ANALYSIS_REQUEST = {
  samples: 200,
  seed: 20221,
  top: 10,
  sensitivitySamples: 32,
  sources: { weights: { kind: 'range', factor: 0.25 }, aggregation: true },
};

jest.setTimeout(120_000);

describe('an uncertainty analysis published with the ranking', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;
  let runId: string;
  let v1: string;
  let analysisId: string;
  let analysis: AnalysisResult;

  const download = (href: string) => t.http.get(href).buffer(true).parse(binaryBody);
  /** The public ranking workbook (of the latest version: the public link serves that one only). */
  const latestWorkbook = async () => {
    await drainQueues(t, 60_000);
    const res = await download('/api/v1/public/rankings/2022/province/workbook').expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    return wb;
  };
  /** The ranking page at a width: its rank cells' intervals, the chart's rows and the sensitivity table, axe's findings. */
  const pageAt = async (width: number, version: number, shot: string) => {
    const { page, problems } = await openPage(browser, { width, height: 900 });
    const res = await page.goto(`${base}/rankings/2022/province?version=${version}`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    const seen = await readPage(page);
    await saveScreenshot(page, shot);
    // The page is taller than a full-page screenshot takes: the ranking table and the analysis' section on their own.
    await page.locator('#bang-xep-hang .table-scroll').screenshot({ path: join(ARTIFACTS_DIR, `${shot}-table.png`) });
    await page.locator('#do-tin-cay').screenshot({ path: join(ARTIFACTS_DIR, `${shot}-intervals.png`) });
    const violations = await seriousA11yViolations(page);
    const scrollWidth = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth);
    await page.close();
    return { ...seen, problems, violations, scrollWidth };
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id;
    await drainQueues(t);
    // Published before any analysis was run: version 1 has none.
    v1 = (await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId }).expect(201)).body.id;
    await drainQueues(t, 60_000);

    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('a publication without an analysis: the API says so (404), the page and the workbook have no such section', async () => {
    const res = await t.http.get('/api/v1/public/rankings/2022/province/analysis').expect(404);
    expect(res.body.message).toContain('published without one');
    const snapshot = JSON.parse((await t.http.get(`/api/v1/publications/${v1}/snapshot`).set(c.admin.auth).expect(200)).text);
    expect(snapshot).not.toHaveProperty('analysis');
    const html = (await t.http.get('/rankings/2022/province').expect(200)).text;
    expect(html).not.toContain('id="do-tin-cay"');
    expect(html).not.toContain('rank-interval');
    const wb = await latestWorkbook();
    expect(wb.getWorksheet('Độ tin cậy thứ hạng')).toBeUndefined();
    expect(wb.getWorksheet('Độ nhạy theo nguồn')).toBeUndefined();
  });

  it('runs the analysis of the published run on the queue', async () => {
    const asked = await t.http.post(`/api/v1/cycles/${c.cycleId}/analyses`).set(c.admin.auth).send({ runId, ...ANALYSIS_REQUEST }).expect(202);
    analysisId = asked.body.id;
    await drainQueues(t, 110_000);
    const done = await t.http.get(`/api/v1/analyses/${analysisId}`).set(c.admin.auth).expect(200);
    expect([done.body.status, done.body.error]).toEqual(['succeeded', null]);
    expect(done.body.publicationId).toBeNull();
    analysis = done.body.result;
    expect(analysis.units).toHaveLength(63);
    expect(analysis.sensitivity?.length).toBeGreaterThan(0);
  });

  it('refuses a correction naming an analysis that does not exist, naming analysisId, and publishes nothing', async () => {
    const res = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId, analysisId: '00000000-0000-4000-8000-000000000000', reason: 'Công bố kèm phân tích độ bất định của thứ hạng' })
      .expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'analysisId' })]);
    expect((await t.http.get(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).expect(200)).body).toHaveLength(1);
  });

  it('freezes the named analysis in the snapshot, under its sha256: verify passes, and a changed analysis changes the hash', async () => {
    const v2 = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId, analysisId, reason: 'Công bố kèm phân tích độ bất định của thứ hạng' })
      .expect(201);
    expect(v2.body.version).toBe(2);
    const snap = await t.http.get(`/api/v1/publications/${v2.body.id}/snapshot`).set(c.admin.auth).expect(200);
    expect(sha256Hex(snap.text)).toBe(v2.body.sha256);
    expect(JSON.parse(snap.text).analysis).toEqual(analysis);
    expect((await t.http.get(`/api/v1/publications/${v2.body.id}/verify`).set(c.admin.auth).expect(200)).body).toEqual({ publicationId: v2.body.id, ok: true, problems: [] });
    // The analysis' row names the publication that froze it.
    expect((await t.http.get(`/api/v1/analyses/${analysisId}`).set(c.admin.auth).expect(200)).body.publicationId).toBe(v2.body.id);

    // One unit's P(keeping its rank) changed in the frozen bytes (the analysis is in the first chunk), behind the guard:
    // the sha256 no longer matches.
    const [{ bytes: original }]: { bytes: Buffer }[] = await t.db.query('SELECT bytes FROM publication_snapshot_chunks WHERE publication_id = $1 AND seq = 0', [v2.body.id]);
    const tampered = Buffer.from(original.toString('latin1').replace(/"pKeep":[0-9.e-]+/, '"pKeep":0.001'), 'latin1');
    expect(tampered.equals(original)).toBe(false);
    const chunk0 = 'UPDATE publication_snapshot_chunks SET bytes = $2 WHERE publication_id = $1 AND seq = 0';
    await bypassingFrozen(t, [chunk0, [v2.body.id, tampered]]);
    const report = (await t.http.get(`/api/v1/publications/${v2.body.id}/verify`).set(c.admin.auth).expect(200)).body;
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /)]);
    await bypassingFrozen(t, [chunk0, [v2.body.id, original]]);
    expect((await t.http.get(`/api/v1/publications/${v2.body.id}/verify`).set(c.admin.auth).expect(200)).body.ok).toBe(true);
  });

  it('serves the frozen analysis in the public API, by version, without signing in; none for version 1', async () => {
    const latest = await t.http.get('/api/v1/public/rankings/2022/province/analysis').expect(200);
    expect(latest.body).toEqual(analysis);
    expect((await t.http.get('/api/v1/public/rankings/2022/province/analysis?version=2').expect(200)).body).toEqual(analysis);
    expect((await t.http.get('/api/v1/public/rankings/2022/province/analysis?version=1').expect(404)).body.message).toContain('version 1');
    await t.http.get('/api/v1/public/rankings/2022/province/analysis?version=0').expect(400);
    await t.http.get('/api/v1/public/rankings/2022/national/analysis').expect(409);
  });

  it('freezes the run\'s latest succeeded analysis by default', async () => {
    const v3 = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId, reason: 'Công bố lại, phân tích mới nhất của lần chấm được kèm theo' })
      .expect(201);
    expect(v3.body.version).toBe(3);
    expect((await t.http.get('/api/v1/public/rankings/2022/province/analysis?version=3').expect(200)).body).toEqual(analysis);
  });

  it.each([1366, 360])('shows each unit\'s interval beside its rank, the chart and the sensitivity as the API says, at %i px, axe clean', async (width) => {
    const api = (await t.http.get('/api/v1/public/rankings/2022/province/analysis?version=2').expect(200)).body as AnalysisResult;
    const seen = await pageAt(width, 2, `analysis-ranking-2022-province-${width}`);
    expect(seen.problems).toEqual([]);
    expect(seen.violations).toEqual([]);
    expect(seen.scrollWidth).toBeLessThanOrEqual(width);
    const expected = Object.fromEntries(api.units.filter((u) => u.q05 !== null).map((u) => [u.code, `5–95 %: ${rankVi(u.q05!)}–${rankVi(u.q95!)}`]));
    expect(seen.cells).toEqual(expected);
    expect(seen.chart.map((r) => r.code)).toEqual(api.units.map((u) => u.code));
    for (const r of seen.chart) {
      const u = api.units.find((x) => x.code === r.code)!;
      expect(r.text).toContain(`5–95 %: ${rankVi(u.q05!)}–${rankVi(u.q95!)}`);
      expect(r.text).toContain(`trung vị ${rankVi(u.median!)}`);
      expect(r.bars).toBe(1);
    }
    expect(seen.sensitivity.map((s) => s.source)).toEqual(api.sensitivity!.map((s) => s.source));
    expect(seen.spec).toContain('200');
    expect(seen.spec).toContain(String(ANALYSIS_REQUEST.seed));
  });

  it('has the sheet "Độ tin cậy thứ hạng" with the API\'s numbers in the workbook (of version 3, with the analysis)', async () => {
    const wb = await latestWorkbook();
    const sheet = wb.getWorksheet('Độ tin cậy thứ hạng')!;
    expect(sheet).toBeDefined();
    const headerRow = findRow(sheet, 'Mã');
    expect(rowValues(sheet.getRow(headerRow))).toEqual(['Mã', 'Đơn vị', 'Hạng công bố', 'Hạng trung vị', 'Hạng 5 %', 'Hạng 95 %', 'Hạng trung bình', 'Xác suất vào top 10', 'Xác suất giữ hạng']);
    const rows: unknown[][] = [];
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) rows.push(rowValues(sheet.getRow(r)));
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[5], r[6], r[7], r[8]])).toEqual(
      analysis.units.map((u) => [u.code, u.official > 0 ? u.official : null, u.median, u.q05, u.q95, u.mean, u.pTop, u.pKeep]),
    );
    expect(rows.every((r) => typeof r[1] === 'string' && r[1] !== r[0])).toBe(true);
    const sens = wb.getWorksheet('Độ nhạy theo nguồn')!;
    const sh = findRow(sens, 'Nguồn bất định');
    const sensRows: unknown[][] = [];
    for (let r = sh + 1; r <= sens.rowCount; r++) sensRows.push(rowValues(sens.getRow(r)));
    expect(sensRows.map((r) => r.slice(1))).toEqual(analysis.sensitivity!.map((s) => [s.source, s.first, s.firstLow, s.firstHigh, s.total, s.totalLow, s.totalHigh]));
    expect(String(rowValues(wb.getWorksheet('Thông tin')!.getRow(findRow(wb.getWorksheet('Thông tin')!, 'Phân tích độ bất định')))[1])).toContain('200 lần mô phỏng');
  });

  // Last, as it leaves the published run stale: an answer changed (in the database, as nothing in a published cycle
  // may change one) and a new run scored for a correction.
  it('refuses a correction of another run naming this run\'s analysis, naming analysisId, and publishes nothing', async () => {
    await t.db.query(
      `UPDATE answers SET value = NULL WHERE (submission_id, indicator_code) IN (
         SELECT a.submission_id, a.indicator_code FROM answers a JOIN submissions s ON s.id = a.submission_id
          WHERE s.cycle_id = $1 AND jsonb_typeof(a.value) = 'boolean' ORDER BY a.indicator_code LIMIT 1)`,
      [c.cycleId],
    );
    const other = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id as string;
    await drainQueues(t);
    expect(other).not.toBe(runId);
    const res = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId: other, analysisId, reason: 'Công bố lần chấm mới với phân tích của lần chấm trước' })
      .expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'analysisId', rule: 'ofRun' })]);
    expect(res.body.message).toContain(runId);
    expect((await t.http.get(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).expect(200)).body).toHaveLength(3);
  });
});

/** What the page shows of the analysis, read in the browser. */
async function readPage(page: Page) {
  return page.evaluate(() => {
    type El = { textContent: string | null; getAttribute(n: string): string | null; querySelectorAll(s: string): El[]; querySelector(s: string): El | null };
    const doc = (globalThis as unknown as { document: El }).document;
    const text = (e: El | null) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const cells: Record<string, string> = {};
    for (const tr of doc.querySelectorAll('#ranking-table tbody tr')) {
      const i = tr.querySelector('td.rank .rank-interval');
      if (i) cells[tr.getAttribute('data-code') ?? ''] = text(i);
    }
    return {
      cells,
      chart: Array.from(doc.querySelectorAll('#interval-chart .interval-row')).map((li) => ({
        code: li.getAttribute('data-code'),
        text: text(li.querySelector('.interval-text')),
        bars: li.querySelectorAll('.interval-range').length,
      })),
      sensitivity: Array.from(doc.querySelectorAll('#sensitivity-table tbody tr')).map((tr) => ({ source: tr.getAttribute('data-source'), text: text(tr) })),
      spec: text(doc.querySelector('.analysis-spec')),
    };
  });
}

function rowValues(row: ExcelJS.Row): unknown[] {
  const out: unknown[] = [];
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    out[col - 1] = cell.value ?? null;
  });
  return out;
}

function findRow(sheet: ExcelJS.Worksheet, first: string): number {
  for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === first) return r;
  throw new Error(`no row starting with ${first} in ${sheet.name}`);
}
