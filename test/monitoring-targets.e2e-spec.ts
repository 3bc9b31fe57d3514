/**
 * Targets and trajectories of a monitored series, and the yearly index that takes its values from the months (issue
 * #21, points 4 and 6): a unit below its trajectory is listed for "đôn đốc" and one on track is not; the monthly
 * workbook has the API's rows; a yearly cycle takes December's value (and a `mean` leaf the months' mean) with
 * source 'monitoring' and the month's cycle as sourceId; the refusals.
 */
import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { binaryBody } from './utils/binary-body';
import { launchBrowser, openPage, signInThroughForm, step } from './utils/browser';
import { languageLeaks } from './utils/language-leaks';
import { PASSWORD, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * The notice's statistic in small (as config/frameworks/online-services-rate.yaml, but pinned here so that the
 * numbers below stay what they are): online/total as a percent, 0 % on 31/1/2020, 30 % by 31/12/2020, 80 % by
 * 31/12/2021, on the leaf and on the index.
 */
const MONTHLY = `
code: TEST-DV
version: "1"
level: province
year: 2020
period: month
name: { vi: "Tỷ lệ dịch vụ công trực tuyến (thử)", en: "Online public services rate (test)" }
source: "Khung thử nghiệm cho kiểm thử."
result: { scale: 100, precision: 2 }
aggregation: points
maxPoints: 100
missing: zero
nodes:
  - code: DV4
    name: { vi: "Tỷ lệ dịch vụ công trực tuyến toàn trình", en: "Rate of full online public services" }
    maxPoints: 100
    input: { type: numbers, names: [online, total] }
    scoring: { rule: formula, expression: "total > 0 ? min(1, online / total) * maxPoints : 0" }
    source: system
    evidence: none
targets:
  - indicator: DV4
    start: { at: "2020-01-31", value: 0 }
    by: [{ at: "2020-12-31", value: 30 }, { at: "2021-12-31", value: 80 }]
  - indicator: index
    start: { at: "2020-01-31", value: 0 }
    by: [{ at: "2020-12-31", value: 30 }, { at: "2021-12-31", value: 80 }]
`;

/** A yearly framework two of whose leaves take their value from the monthly series: December's, and the year's mean. */
const YEARLY = `
code: TEST-Y
version: "1"
level: province
year: 2021
name: { vi: "Chỉ số năm (thử)", en: "Yearly index (test)" }
source: "Khung thử nghiệm cho kiểm thử."
result: { scale: 1, precision: 4 }
aggregation: points
nodes:
  - code: DV
    name: { vi: "Dịch vụ công trực tuyến", en: "Online public services" }
    children:
      - code: DV.01
        name: { vi: "Tỷ lệ cuối năm", en: "Rate at the year's end" }
        maxPoints: 50
        input: { type: numbers, names: [online, total] }
        scoring: { rule: formula, expression: "total > 0 ? min(1, online / total) * maxPoints : 0" }
        source: system
        evidence: none
        monitored: { framework: TEST-DV, indicator: DV4, take: last }
      - code: DV.02
        name: { vi: "Tỷ lệ bình quân năm", en: "The year's mean rate" }
        maxPoints: 50
        input: { type: numbers, names: [online, total] }
        scoring: { rule: formula, expression: "total > 0 ? min(1, online / total) * maxPoints : 0" }
        source: system
        evidence: none
        monitored: { framework: TEST-DV, indicator: DV4, take: mean }
`;

interface CycleView {
  id: string;
  periodLabel: string;
  rowVersion: number;
}
interface Distance {
  indicator: string;
  value: number | null;
  trajectory: number | null;
  distance: number | null;
  behind: boolean;
}
interface UnitMonth {
  unitId: string;
  unitCode: string;
  unitName: string;
  indicators: Distance[];
  behind: boolean;
  worstDistance: number | null;
}
interface SystemValue {
  unitId: string;
  unitCode: string;
  indicatorCode: string;
  value: unknown;
  source: string;
  sourceId: string | null;
  importJobId: string | null;
}

describe('monitoring targets: the laggards of a month, its workbook, and the yearly values taken from the months', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let officer: SignedInUser;
  let units: Record<string, string>;
  let months: Record<string, CycleView>;
  let yearlyFrameworkId: string;

  /** Values a national system measured, as an administrator imports them (CSV): code → [online, total]. */
  const importValues = async (cycle: CycleView, values: Record<string, [number, number]>) => {
    const lines = ['unit,indicator,online,total', ...Object.entries(values).map(([code, [online, total]]) => `${code},DV4,${online},${total}`)];
    const job = await t.http.post(`/api/v1/cycles/${cycle.id}/system-values`).set(admin.auth).attach('file', Buffer.from(lines.join('\r\n')), 'gia-tri.csv').expect(202);
    await drainQueues(t);
    const done = (await t.http.get(`/api/v1/imports/${job.body.id}`).set(admin.auth).expect(200)).body;
    expect(done).toMatchObject({ status: 'succeeded', report: { problems: [], applied: Object.keys(values).length } });
  };
  const move = async (cycle: CycleView, to: string) => {
    const { rowVersion } = (await t.http.get(`/api/v1/cycles/${cycle.id}`).set(admin.auth).expect(200)).body;
    await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to, rowVersion }).expect(200);
  };
  const yearlyCycle = async (year: number) =>
    (
      await t.http
        .post('/api/v1/cycles')
        .set(admin.auth)
        .send({ year, level: 'province', frameworkId: yearlyFrameworkId, nameVi: `Chỉ số năm ${year} (thử)`, opensAt: `${year + 1}-03-01T08:00:00`, closesAt: `${year + 1}-04-30T17:00:00` })
        .expect(201)
    ).body as CycleView;

  const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  let pages: { agent: ReturnType<typeof request.agent>; origin: string } | undefined;
  /** The administrator signed in to the web app (a session cookie), over a real port. */
  const adminPages = async () => {
    if (pages) return pages;
    await t.app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const agent = request.agent(origin);
    const login = await agent.get('/app/login').expect(200);
    await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email: admin.email, password: PASSWORD }).expect(303);
    pages = { agent, origin };
    return pages;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
    const monthly = (await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(MONTHLY).expect(201)).body.id;
    yearlyFrameworkId = (await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(YEARLY).expect(201)).body.id;
    const created = (await t.http.post('/api/v1/cycles/series').set(admin.auth).send({ frameworkId: monthly, level: 'province', from: '2021-10', to: '2021-12' }).expect(201)).body as CycleView[];
    months = Object.fromEntries(created.map((c) => [c.periodLabel, c]));
    // The 63 provinces of 2021, as October's participants.
    const participants: { unitId: string; code: string }[] = (await t.http.get(`/api/v1/cycles/${months['2021-10'].id}/participants`).set(admin.auth).expect(200)).body;
    units = Object.fromEntries(participants.map((p) => [p.code, p.unitId]));
    officer = await signedInUser(t, Role.Officer, 'officer@danang.test', units['48']);
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  describe('a month against the trajectory', () => {
    // On 31/10/2021 the trajectory is 30 + 50 × 304/365 = 71.6438… → 71.64 (precision 2).
    const OCTOBER: Record<string, [number, number]> = {};
    beforeAll(async () => {
      for (const code of Object.keys(units)) OCTOBER[code] = [90, 100];
      Object.assign(OCTOBER, { '48': [72, 100], '01': [71, 100], '02': [10, 100] });
      await importValues(months['2021-10'], OCTOBER);
      await move(months['2021-10'], 'scoring');
      await t.http.post(`/api/v1/cycles/${months['2021-10'].id}/score-runs`).set(admin.auth).expect(202);
      await drainQueues(t);
    }, 120_000);

    const laggards = async () => (await t.http.get('/api/v1/monitoring/TEST-DV/province/laggards?month=2021-10').set(admin.auth).expect(200)).body;

    it('lists the units below their trajectory, the furthest behind first, and not one just on track', async () => {
      const body = await laggards();
      expect(body).toMatchObject({ series: 'TEST-DV', level: 'province', month: '2021-10', day: '2021-10-31', stale: false, run: { id: expect.any(String) } });
      expect(body.indicators).toEqual([
        expect.objectContaining({ indicator: 'DV4', trajectory: 71.64 }),
        expect.objectContaining({ indicator: 'index', trajectory: 71.64 }),
      ]);
      expect(body.laggards.map((u: UnitMonth) => u.unitCode)).toEqual(['02', '01']);
      const [haGiang, haNoi] = body.laggards as UnitMonth[];
      expect(haGiang).toMatchObject({ unitName: 'Hà Giang', behind: true, worstDistance: -61.64 });
      expect(haNoi.indicators).toEqual([
        { indicator: 'DV4', value: 71, trajectory: 71.64, distance: -0.64, behind: true },
        { indicator: 'index', value: 71, trajectory: 71.64, distance: -0.64, behind: true },
      ]);
      // Đà Nẵng at 72 % is 0.36 ahead: on track, so not listed; the whole month's distances still have it.
      const all = body.units as UnitMonth[];
      expect(all).toHaveLength(63);
      expect(all.find((u) => u.unitCode === '48')).toMatchObject({
        behind: false,
        indicators: [
          { indicator: 'DV4', value: 72, trajectory: 71.64, distance: 0.36, behind: false },
          { indicator: 'index', value: 72, trajectory: 71.64, distance: 0.36, behind: false },
        ],
      });
      const distances = (await t.http.get('/api/v1/monitoring/TEST-DV/province/distances?month=2021-10').set(admin.auth).expect(200)).body;
      expect(distances.units).toEqual(all);
    });

    it('gives the month as a workbook with the same rows as the API', async () => {
      const body = await laggards();
      const res = await t.http.get('/api/v1/monitoring/TEST-DV/province/workbook?month=2021-10').set(admin.auth).buffer(true).parse(binaryBody).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain('theo-doi-test-dv-province-2021-10.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as ExcelJS.Buffer);
      const rowsOf = (name: string) => {
        const sheet = book.getWorksheet(name)!;
        const headerRow = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((r) => sheet.getRow(r).getCell(1).value === (name === 'Cần đôn đốc' ? 'STT' : 'Mã'))!;
        const header = (sheet.getRow(headerRow).values as unknown[]).slice(1);
        const rows: unknown[][] = [];
        for (let r = headerRow + 1; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
        return { sheet, header, rows };
      };
      const lag = rowsOf('Cần đôn đốc');
      expect(lag.header).toEqual([
        'STT', 'Mã', 'Đơn vị',
        'DV4 – Giá trị', 'DV4 – Lộ trình', 'DV4 – Khoảng cách',
        'Chỉ số – Giá trị', 'Chỉ số – Lộ trình', 'Chỉ số – Khoảng cách',
        'Khoảng cách lớn nhất',
      ]);
      expect(lag.rows).toEqual(
        (body.laggards as UnitMonth[]).map((u, i) => [i + 1, u.unitCode, u.unitName, ...u.indicators.flatMap((d) => [d.value, d.trajectory, d.distance]), u.worstDistance]),
      );
      const all = rowsOf('Khoảng cách');
      expect(all.rows).toEqual((body.units as UnitMonth[]).map((u) => [u.unitCode, u.unitName, ...u.indicators.flatMap((d) => [d.value, d.trajectory, d.distance]), u.behind ? 'Có' : 'Không']));
      // Numbers are numbers; the sheet prints landscape, one page wide, the header row on every page.
      expect(typeof all.rows[0][2]).toBe('number');
      expect(lag.sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
      expect(lag.sheet.headerFooter.oddFooter).toContain('Nguồn:');
    });

    it("shows the month's laggards on the administrator's page, in Vietnamese and in English, with the month picker and the workbook", async () => {
      const body = await laggards();
      const { agent } = await adminPages();
      const list = (await agent.get('/app/admin/monitoring').expect(200)).text;
      expect(list).toContain('href="/app/admin/monitoring/TEST-DV/province"');
      expect(list).toContain('href="/app/admin/monitoring"');
      // Without ?month=, the newest scored month: October (November and December are not scored).
      const vi = (await agent.get('/app/admin/monitoring/TEST-DV/province').expect(200)).text;
      const laggardRows = [...(/<table id="laggards-table">([\s\S]*?)<\/table>/.exec(vi)![1].matchAll(/<tr data-code="([^"]+)">/g))].map((m) => m[1]);
      expect(laggardRows).toEqual(body.laggards.map((u: UnitMonth) => u.unitCode));
      expect(vi).toContain('<option value="2021-10" selected>tháng 10/2021</option>');
      expect(vi).toContain('tháng 12/2021 (chưa chấm điểm)');
      expect(vi).toContain('-0,64');
      expect(vi).toContain('31/10/2021');
      expect(vi).toContain('href="/app/admin/monitoring/TEST-DV/province/workbook?month=2021-10"');
      const names = (body.units as UnitMonth[]).map((u) => u.unitName);
      expect(languageLeaks('vi', vi, 'vi', names)).toEqual([]);
      const en = (await agent.get('/app/admin/monitoring/TEST-DV/province?month=2021-10').set('Cookie', 'dti_lang=en').expect(200)).text;
      expect(en).toContain('Units to urge on');
      expect(en).toContain('-0.64');
      const unitNamesEn: string[] = (await t.db.query(`SELECT name_vi, name_en FROM units WHERE level = 'province'`)).flatMap((r: { name_vi: string; name_en: string | null }) => [r.name_vi, r.name_en ?? '']);
      expect(languageLeaks('en', en, 'en', [...unitNamesEn, 'Tỷ lệ dịch vụ công trực tuyến toàn trình', 'Tỷ lệ dịch vụ công trực tuyến (thử)', 'Tiếng Việt', 'Người dùng' /* the language switch, the test user's name */])).toEqual([]);
      const listEn = (await agent.get('/app/admin/monitoring').set('Cookie', 'dti_lang=en').expect(200)).text;
      expect(listEn).toContain('Online public services rate (test)');
      expect(languageLeaks('en-list', listEn, 'en', ['Tiếng Việt', 'Người dùng'])).toEqual([]);
      expect(languageLeaks('vi-list', list, 'vi', [])).toEqual([]);
      const file = await agent.get('/app/admin/monitoring/TEST-DV/province/workbook?month=2021-10').buffer(true).parse(binaryBody).expect(200);
      expect(file.headers['content-type']).toContain('spreadsheetml');
      await agent.get('/app/admin/monitoring/TEST-DV/province?month=2019-01').expect(404);
    });

    it('works in a browser at desktop and phone widths: the nav, the month picker, the tables; axe finds nothing serious', async () => {
      const { origin } = await adminPages();
      const browser = await launchBrowser();
      try {
        for (const [width, height, name] of [[1366, 900, 'desktop'], [360, 740, 'phone']] as const) {
          const { page, problems } = await openPage(browser, { width, height });
          await signInThroughForm(page, origin, admin.email, PASSWORD);
          await page.goto(`${origin}/app/admin/monitoring`);
          await Promise.all([page.waitForURL(/\/app\/admin\/monitoring\/TEST-DV\/province$/), page.click('#monitoring-series a')]);
          await page.selectOption('#mta-month', '2021-10');
          await Promise.all([page.waitForURL(/month=2021-10/), page.click('#month-show')]);
          expect(await page.$$eval('#laggards-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['02', '01']);
          expect(await page.textContent('#mta-laggard-count')).toBe('2');
          // The page itself never scrolls sideways; the wide tables scroll inside their own region.
          expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
          const s = await step(page, `monitoring-targets-laggards-${name}`);
          expect(s.violations).toEqual([]);
          expect(problems).toEqual([]);
          await page.close();
          await browser.context.clearCookies();
        }
      } finally {
        await browser.close();
      }
    }, 120_000);

    it('refuses a month the series does not have, a malformed month, and anyone but an administrator', async () => {
      await t.http.get('/api/v1/monitoring/TEST-DV/province/laggards?month=2019-05').set(admin.auth).expect(404);
      await t.http.get('/api/v1/monitoring/TEST-DV/province/laggards?month=2021-13').set(admin.auth).expect(400);
      await t.http.get('/api/v1/monitoring/TEST-DV/province/laggards?month=2021-10').set(officer.auth).expect(403);
      await t.http.get('/api/v1/monitoring/TEST-DV/province/workbook?month=2021-10').set(officer.auth).expect(403);
      await t.http.get('/api/v1/monitoring/TEST-DV/province/laggards?month=2021-10').expect(401);
    });
  });

  describe('the yearly index takes its values from the months', () => {
    let yearly: CycleView;
    beforeAll(async () => {
      // October is imported above (every unit; 48 at 72/100, 01 at 71/100, 02 at 10/100, the others 90/100).
      await importValues(months['2021-11'], { '48': [76, 100], '01': [30, 50] });
      await importValues(months['2021-12'], { '48': [80, 100], '01': [45, 50] });
      yearly = await yearlyCycle(2021);
    }, 120_000);

    const values = async (cycle: CycleView): Promise<SystemValue[]> => (await t.http.get(`/api/v1/cycles/${cycle.id}/system-values`).set(admin.auth).expect(200)).body;
    const valueOf = (list: SystemValue[], code: string, indicator: string) => list.find((v) => v.unitCode === code && v.indicatorCode === indicator);

    it("takes December's value for a last leaf and the months' mean for a mean leaf, with source monitoring and the month's cycle", async () => {
      const res = await t.http.post(`/api/v1/cycles/${yearly.id}/system-values/from-monitoring`).set(admin.auth).expect(200);
      expect(res.body.leaves).toEqual([
        expect.objectContaining({ indicator: 'DV.01', monthsRead: ['2021-12'], written: 2 }),
        expect.objectContaining({ indicator: 'DV.02', monthsRead: ['2021-10', '2021-11', '2021-12'], written: 63 }),
      ]);
      expect(res.body.leaves[0].missing).toHaveLength(61);
      const list = await values(yearly);
      const [oct, nov, dec] = [months['2021-10'].id, months['2021-11'].id, months['2021-12'].id];
      expect(valueOf(list, '48', 'DV.01')).toMatchObject({ value: { online: 80, total: 100 }, source: 'monitoring', sourceId: dec, importJobId: null });
      expect(valueOf(list, '01', 'DV.01')).toMatchObject({ value: { online: 45, total: 50 }, source: 'monitoring', sourceId: dec });
      // No December value for Hà Giang: December's leaf gets none.
      expect(valueOf(list, '02', 'DV.01')).toBeUndefined();
      // The mean: each count's mean over the months with a value; its source the last of those months.
      expect(valueOf(list, '48', 'DV.02')).toMatchObject({ value: { online: 76, total: 100 }, source: 'monitoring', sourceId: dec });
      const haNoi = valueOf(list, '01', 'DV.02')!;
      expect(haNoi).toMatchObject({ source: 'monitoring', sourceId: dec });
      const mean = haNoi.value as { online: number; total: number };
      expect(mean.online).toBeCloseTo((71 + 30 + 45) / 3, 9);
      expect(mean.total).toBeCloseTo((100 + 50 + 50) / 3, 9);
      expect(valueOf(list, '02', 'DV.02')).toMatchObject({ value: { online: 10, total: 100 }, sourceId: oct });
      expect(nov).toBeDefined();
      const [audit] = await t.db.query(`SELECT after FROM audit_log WHERE action = 'system_values.from_monitoring' AND entity_id = $1`, [yearly.id]);
      expect(audit.after).toMatchObject({ written: 65, leaves: [{ indicator: 'DV.01', take: 'last' }, { indicator: 'DV.02', take: 'mean' }] });

      // The cycle's data workbook says where each value came from.
      const asked = await t.http.post('/api/v1/exports').set(admin.auth).send({ kind: 'cycle_data', cycleId: yearly.id }).expect(202);
      await drainQueues(t);
      const made = (await t.http.get(`/api/v1/exports/${asked.body.id}`).set(admin.auth).expect(200)).body;
      expect(made.status).toBe('succeeded');
      const file = await t.http.get(made.downloadUrl).set(admin.auth).buffer(true).parse(binaryBody).expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.body as ExcelJS.Buffer);
      const sheet = book.getWorksheet('Giá trị hệ thống')!;
      const header = (sheet.getRow(2).values as unknown[]).slice(1);
      const row = [...Array(sheet.rowCount - 2).keys()].map((i) => (sheet.getRow(i + 3).values as unknown[]).slice(1)).find((r) => r[0] === '48' && r[2] === 'DV.01')!;
      expect(row[header.indexOf('Nguồn')]).toBe('Theo dõi hằng tháng');
      expect(row[header.indexOf('Mã nguồn (lô số liệu, kỳ tháng)')]).toBe(dec);

      // Taken again: the same values, nothing removed.
      const again = await t.http.post(`/api/v1/cycles/${yearly.id}/system-values/from-monitoring`).set(admin.auth).expect(200);
      expect(again.body).toMatchObject({ written: 65, removed: 0 });
      expect(await values(yearly)).toEqual(expect.arrayContaining(list.map((v) => expect.objectContaining({ unitCode: v.unitCode, indicatorCode: v.indicatorCode, value: v.value, sourceId: v.sourceId }))));
    });

    it("offers the action on the yearly cycle's page and says what it took", async () => {
      const { agent, origin } = await adminPages();
      const html = (await agent.get(`/app/admin/cycles/${yearly.id}`).expect(200)).text;
      expect(html).toContain('id="take-from-monitoring"');
      expect(html).toContain('DV.01 ← TEST-DV DV4');
      const posted = await agent.post(`/app/admin/cycles/${yearly.id}/from-monitoring`).set('Origin', origin).type('form').send({ _csrf: csrfOf(html) }).expect(303);
      const back = (await agent.get(posted.headers.location).expect(200)).text;
      expect(back).toContain('Đã lấy 65 giá trị từ theo dõi hằng tháng.');
      // A monthly cycle's page does not offer it.
      expect((await agent.get(`/app/admin/cycles/${months['2021-11'].id}`).expect(200)).text).not.toContain('id="take-from-monitoring"');
    });

    it('refuses, naming the leaf, a year of which the series has no month, writing nothing', async () => {
      const later = await yearlyCycle(2022);
      const res = await t.http.post(`/api/v1/cycles/${later.id}/system-values/from-monitoring`).set(admin.auth).expect(422);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'DV.01.monitored', rule: 'seriesMonths', message: expect.stringContaining('no month of 2022') }),
        expect.objectContaining({ field: 'DV.02.monitored', rule: 'seriesMonths' }),
      ]);
      expect(await values(later)).toEqual([]);
    });

    it('takes nothing when one leaf is refused: all or none (and the month containing `at`)', async () => {
      const mixed = YEARLY.replace('code: TEST-Y', 'code: TEST-Y2')
        .replace('monitored: { framework: TEST-DV, indicator: DV4, take: last }', 'monitored: { framework: TEST-DV, indicator: DV4, take: at, at: "11-15" }')
        .replace('monitored: { framework: TEST-DV, indicator: DV4, take: mean }', 'monitored: { framework: TEST-NONE, indicator: DV4, take: mean }');
      const frameworkId = (await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(mixed).expect(201)).body.id;
      // A second yearly cycle of 2021 for the level: scoped (to Hà Nội), with two participants.
      const cycle = (
        await t.http
          .post('/api/v1/cycles')
          .set(admin.auth)
          .send({ year: 2021, level: 'province', frameworkId, scopeUnitId: units['01'], participants: [{ unitId: units['01'] }, { unitId: units['48'] }], nameVi: 'Thử', opensAt: '2022-03-01T08:00:00', closesAt: '2022-04-30T17:00:00' })
          .expect(201)
      ).body as CycleView;
      const refused = await t.http.post(`/api/v1/cycles/${cycle.id}/system-values/from-monitoring`).set(admin.auth).expect(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'DV.02.monitored', rule: 'seriesMonths', message: expect.stringContaining('TEST-NONE') })]);
      expect(await values(cycle)).toEqual([]);
      // Without the refused leaf, the `at` leaf takes November's value.
      const atOnly = mixed.replace('code: TEST-Y2', 'code: TEST-Y3').replace('monitored: { framework: TEST-NONE, indicator: DV4, take: mean }', '');
      const atFramework = (await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(atOnly).expect(201)).body.id;
      await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ frameworkId: atFramework, rowVersion: (await t.http.get(`/api/v1/cycles/${cycle.id}`).set(admin.auth)).body.rowVersion }).expect(200);
      await t.http.post(`/api/v1/cycles/${cycle.id}/system-values/from-monitoring`).set(admin.auth).expect(200);
      expect((await values(cycle)).map((v) => [v.unitCode, v.indicatorCode, v.value, v.sourceId])).toEqual([
        ['01', 'DV.01', { online: 30, total: 50 }, months['2021-11'].id],
        ['48', 'DV.01', { online: 76, total: 100 }, months['2021-11'].id],
      ]);
    });

    it('refuses anyone but an administrator, and a monthly cycle', async () => {
      await t.http.post(`/api/v1/cycles/${yearly.id}/system-values/from-monitoring`).set(officer.auth).expect(403);
      const res = await t.http.post(`/api/v1/cycles/${months['2021-11'].id}/system-values/from-monitoring`).set(admin.auth).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'cycleId', rule: 'yearly' })]);
    });
  });
});
