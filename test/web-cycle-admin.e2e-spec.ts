import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PublicationIntegrityService } from '../src/publications/publication-integrity.service';
import { PublicationsService } from '../src/publications/publications.service';
import { Role } from '../src/auth/role';
import { errorSummaryOfParsedPage, launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { PASSWORD, resetState, restoreClock, setNow, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

jest.setTimeout(300_000);

/** A time as a datetime-local field takes it, in Vietnam time (UTC+7, no daylight saving). */
const vietnamLocal = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
const DAY = 86_400_000;

describe('web app: the administrator’s participants, extensions and exports of a cycle (headless Chromium)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;
  let reviewer: SignedInUser;
  let cyclePath: string;

  const apiParticipants = async () =>
    (await t.http.get(`/api/v1/cycles/${c.cycleId}/participants`).set(c.admin.auth).expect(200)).body as { unitId: string; code: string; extensionUntil: string | null }[];

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
    cyclePath = `/app/admin/cycles/${c.cycleId}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    restoreClock(t);
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('lists the participants as the API does, removes and adds a unit; a unit of another level is refused with its reason, the choices kept', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await Promise.all([page.waitForURL(`${base}${cyclePath}/participants`), page.click('#link-participants')]);
    const shown = () => page.$$eval('#participants-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-unit')));
    let api = await apiParticipants();
    expect(api).toHaveLength(63);
    expect(await shown()).toEqual(api.map((p) => p.unitId));
    expect(await page.$('#no-candidates')).not.toBeNull();
    let s = await step(page, 'web-cycle-admin-01-participants');
    expect(s.violations).toEqual([]);

    const hcm = c.units['79'];
    await page.check(`[id="rm-${hcm}"]`);
    await Promise.all([page.waitForURL(/done=removed/), page.click('#remove-button')]);
    expect(await page.textContent('#flash')).toBe('Đã bỏ 1 đơn vị khỏi kỳ.');
    api = await apiParticipants();
    expect(api.map((p) => p.code)).not.toContain('79');
    expect(await shown()).toEqual(api.map((p) => p.unitId));
    // The removed province is now a candidate of the level valid on 31/12/2022.
    expect(await page.textContent('#candidates')).toContain('79 · Hồ Chí Minh');
    s = await step(page, 'web-cycle-admin-02-removed');
    expect(s.violations).toEqual([]);

    // A ministry in a province cycle: the service refuses it, named by the code typed; the choices are kept.
    await page.check('#add-79');
    await page.fill('#add-codes', 'BTC');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/participants/add')), page.click('#add-button')]);
    expect(refused.status()).toBe(422);
    // Named by the code typed, the service's rule (sameLevel) in Vietnamese words, not its English message.
    expect(await page.textContent('#error-summary')).toContain('BTC: Không cùng cấp với kỳ đánh giá.');
    expect(await page.textContent('#error-summary')).not.toContain('ministry');
    expect(await page.isChecked('#add-79')).toBe(true);
    expect(await page.inputValue('#add-codes')).toBe('BTC');
    expect((await apiParticipants()).map((p) => p.code)).not.toContain('79');
    s = await step(page, 'web-cycle-admin-03-add-refused');
    expect(s.violations).toEqual([]);

    await page.fill('#add-codes', '');
    await Promise.all([page.waitForURL(/done=added/), page.click('#add-button')]);
    expect(await page.textContent('#flash')).toBe('Đã thêm 1 đơn vị vào kỳ.');
    api = await apiParticipants();
    expect(api).toHaveLength(63);
    expect(await shown()).toEqual(api.map((p) => p.unitId));
    await step(page, 'web-cycle-admin-04-added');
    // At phone width the page fits: the table scrolls in its own region.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    s = await step(page, 'web-cycle-admin-04b-phone');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);
    await page.close();
  });

  it('grants one unit an extension in Vietnam time; after the general window closed its officer saves, another unit’s cannot', async () => {
    const cycle = (await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200)).body as { closesAt: string };
    const closesAt = new Date(cycle.closesAt);
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await Promise.all([page.waitForURL(`${base}${cyclePath}/extensions`), page.click('#link-extensions')]);
    expect(await page.$('#no-extensions')).not.toBeNull();

    // Before the deadline: refused, with the field and the rule; what was typed is kept.
    await page.selectOption('#x-unit', c.unitA);
    await page.fill('#x-until', vietnamLocal(new Date(closesAt.getTime() - DAY)));
    await page.fill('#x-reason', 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/extensions') && r.request().method() === 'POST'), page.click('#grant-button')]);
    expect(refused.status()).toBe(422);
    expect(await errorSummaryOfParsedPage(page)).toContain('Gia hạn đến: Phải sau hạn chung của kỳ.');
    expect(await page.inputValue('#x-unit')).toBe(c.unitA);
    expect(await page.inputValue('#x-reason')).toBe('Sở TT&TT đề nghị gia hạn do sự cố hệ thống');
    let s = await step(page, 'web-cycle-admin-05-extension-refused');
    expect(s.violations).toEqual([]);

    const until = new Date(closesAt.getTime() + 7 * DAY);
    until.setUTCSeconds(0, 0);
    await page.fill('#x-until', vietnamLocal(until));
    await Promise.all([page.waitForURL(/done=granted/), page.click('#grant-button')]);
    const api = await apiParticipants();
    const granted = api.find((p) => p.unitId === c.unitA)!;
    expect(new Date(granted.extensionUntil!).getTime()).toBe(until.getTime());
    expect(api.filter((p) => p.extensionUntil).map((p) => p.code)).toEqual(['48']);
    // Shown in Vietnam time, as everywhere in the app.
    const shownUntil = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(until);
    expect(await page.textContent('#flash')).toBe(`Đã gia hạn cho 48 Đà Nẵng đến ${shownUntil}.`);
    expect(await page.textContent(`#extended-table tr[data-unit="${c.unitA}"] .until`)).toBe(shownUntil);
    expect(await page.textContent('#history-table tbody')).toContain('Sở TT&TT đề nghị gia hạn do sự cố hệ thống');
    s = await step(page, 'web-cycle-admin-06-extension-granted');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);

    try {
      setNow(t, new Date(closesAt.getTime() + 2 * DAY));
      await browser.context.clearCookies();
      await signInThroughForm(page, base, c.officerA.email, PASSWORD, `/app/cycles/${c.cycleId}/units/${c.unitA}`);
      expect(await page.$('#locked')).toBeNull();
      await page.fill('[id="v-NT.08"]', '90');
      await Promise.all([page.waitForURL(/done=saved/), page.click('#save-button')]);
      const saved = (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200)).body as {
        answers: Record<string, { value: unknown }>;
      };
      expect(saved.answers['NT.08']?.value).toBe(90);
      s = await step(page, 'web-cycle-admin-07-extended-unit-saves');
      expect(s.violations).toEqual([]);

      await browser.context.clearCookies();
      await signInThroughForm(page, base, c.officerB.email, PASSWORD, `/app/cycles/${c.cycleId}/units/${c.unitB}`);
      // Why, in the page's language: the window's reason code said in Vietnamese, not the service's English sentence.
      expect(await page.textContent('#locked')).toContain('Đã hết thời hạn nhận phiếu lúc');
      expect(await page.textContent('#locked')).not.toContain('window closed');
      expect(await page.$('#save-button')).toBeNull();
      const other = await t.http
        .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitB}/submission/answers`)
        .set(c.officerB.auth)
        .send({ version: 1, answers: [{ indicatorCode: 'NT.08', value: 90 }] });
      expect(other.status).toBe(409);
      expect(JSON.stringify(other.body)).toContain('the window closed at');
      s = await step(page, 'web-cycle-admin-08-other-unit-closed');
      expect(s.violations).toEqual([]);
    } finally {
      restoreClock(t);
    }
    await page.close();
  });

  it('revokes that extension with a reason (refused without one, the choice kept); its officer can no longer save after the window', async () => {
    const cycle = (await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200)).body as { closesAt: string };
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, `${cyclePath}/extensions`);
    await page.selectOption('#r-unit', c.unitA);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/extensions/revoke')), page.click('#revoke-button')]);
    expect(refused.status()).toBe(422);
    expect(await errorSummaryOfParsedPage(page)).toContain('Lý do thu hồi: ');
    expect(await page.inputValue('#r-unit')).toBe(c.unitA);
    expect((await apiParticipants()).find((p) => p.unitId === c.unitA)?.extensionUntil).not.toBeNull();

    await page.fill('#r-reason', 'Gia hạn cấp nhầm đơn vị');
    await Promise.all([page.waitForURL(/done=revoked/), page.click('#revoke-button')]);
    expect(await page.textContent('#flash')).toBe('Đã thu hồi gia hạn của 48 Đà Nẵng.');
    expect(await page.$('#no-extensions')).not.toBeNull();
    expect(await page.textContent('#history-table tbody tr.revoked')).toContain('Gia hạn cấp nhầm đơn vị');
    expect((await apiParticipants()).filter((p) => p.extensionUntil)).toEqual([]);
    const s = await step(page, 'web-cycle-admin-08b-extension-revoked');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP 422 /.test(p))).toEqual([]);
    await page.close();

    try {
      setNow(t, new Date(new Date(cycle.closesAt).getTime() + 2 * DAY));
      const submission = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
      const { version } = (await t.http.get(submission).set(c.officerA.auth).expect(200)).body.submission as { version: number };
      const late = await t.http
        .patch(`${submission}/answers`)
        .set(c.officerA.auth)
        .send({ version, answers: [{ indicatorCode: 'NT.08', value: 80 }] });
      expect(late.status).toBe(409);
      expect(JSON.stringify(late.body)).toContain('the window closed at');
    } finally {
      restoreClock(t);
    }
  });

  it('refuses every page to officers and reviewers, and a form posted without the CSRF token', async () => {
    const paths = [`${cyclePath}/participants`, `${cyclePath}/extensions`, '/app/admin/exports', `/app/admin/exports?cycleId=${c.cycleId}`, `/app/admin/exports/${c.cycleId}/download`];
    const { page } = await openPage(browser);
    for (const who of [c.officerA, reviewer]) {
      await browser.context.clearCookies();
      await signInThroughForm(page, base, who.email, PASSWORD);
      for (const path of paths) {
        const res = await page.goto(`${base}${path}`);
        expect([who.email, path, res?.status()]).toEqual([who.email, path, 403]);
        expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
      }
      const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
      const post = await page.request.post(`${base}${cyclePath}/participants/remove`, { form: { _csrf: token, remove: c.unitA } });
      expect([who.email, post.status()]).toEqual([who.email, 403]);
    }
    const s = await step(page, 'web-cycle-admin-09-officer-refused');
    expect(s.violations).toEqual([]);

    await browser.context.clearCookies();
    await signInThroughForm(page, base, c.admin.email, PASSWORD, `${cyclePath}/participants`);
    for (const [path, form] of [
      [`${cyclePath}/participants/remove`, { remove: c.unitA }],
      [`${cyclePath}/extensions`, { unitId: c.unitB, until: '2100-01-01T00:00', reason: 'không có mã CSRF' }],
      [`${cyclePath}/extensions/revoke`, { unitId: c.unitB, reason: 'không có mã CSRF' }],
      ['/app/admin/exports', { kind: 'cycle_data', cycleId: c.cycleId }],
    ] as const) {
      const res = await page.request.post(`${base}${path}`, { form, maxRedirects: 0 });
      expect([path, res.status()]).toEqual([path, 403]);
      expect(await res.text()).toContain('Biểu mẫu không hợp lệ');
    }
    const api = await apiParticipants();
    expect(api).toHaveLength(63);
    expect(api.find((p) => p.unitId === c.unitB)?.extensionUntil).toBeNull();
    expect((await t.db.query('SELECT count(*)::int AS n FROM export_jobs'))[0].n).toBe(0);
    await page.close();
  });

  it('a change refused once the cycle moved on shows its reason; the admin exports the ranking of the published cycle with live progress and downloads it', async () => {
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD, `${cyclePath}/participants`);
    // Another administrator moves the cycle on while this page is open.
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
    await page.check(`[id="rm-${c.unitB}"]`);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/participants/remove')), page.click('#remove-button')]);
    expect(refused.status()).toBe(409);
    // The service's conflict, said by its code in the page's language (its English message is for API clients).
    expect(await page.textContent('#error-summary')).toContain('Không thực hiện được vì mâu thuẫn với dữ liệu hoặc trạng thái hiện có.');
    expect(await page.textContent('#error-summary')).not.toContain('participants are fixed');
    expect(await page.textContent('#fixed')).toContain('Thẩm định');
    expect(await apiParticipants()).toHaveLength(63);
    let s = await step(page, 'web-cycle-admin-10-participants-fixed');
    expect(s.violations).toEqual([]);
    // The same refusal on the English page speaks English, by the same code.
    await browser.context.addCookies([{ name: 'dti_lang', value: 'en', url: base }]);
    const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    const english = await page.request.post(`${base}${cyclePath}/participants/remove`, { form: { _csrf: token, remove: c.unitB } });
    expect(english.status()).toBe(409);
    const html = await english.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Not done: it conflicts with what is stored or with its current state.');
    expect(html).not.toContain('participants are fixed');
    await browser.context.addCookies([{ name: 'dti_lang', value: 'vi', url: base }]);

    await moveCycle(t, c.admin.auth, c.cycleId, 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t, 60_000);
    // Published by the service in this process with no worker: the ranking workbook that publishing asks for stays
    // queued, for the page to show (through the API, the worker publishes, and makes the workbook at once).
    await worker.close();
    const admin = { userId: c.admin.id, label: c.admin.email, role: Role.Admin, unitId: null };
    const publication = await t.app.get(PublicationsService).publish(admin, c.cycleId, run.body.run.id as string);

    await page.goto(`${base}${cyclePath}`);
    await Promise.all([page.waitForURL(`${base}/app/admin/exports?cycleId=${c.cycleId}`), page.click('#link-exports')]);
    const rows = () => page.$$eval('#jobs-table tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-kind'), tr.getAttribute('data-status')]));
    expect(await page.$('#no-jobs')).toBeNull();
    expect(await rows()).toEqual([['ranking', 'queued']]);
    // The cycle's latest publication is chosen already.
    expect(await page.inputValue('#r-publication')).toBe(publication.id);

    // A score card of a unit the publication does not have: refused (not found, in Vietnamese), the code kept.
    await page.selectOption('#s-publication', publication.id);
    await page.fill('#s-unit', 'BTC');
    const [missing] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/admin/exports') && r.request().method() === 'POST'), page.click('#request-score-card')]);
    expect(missing.status()).toBe(404);
    expect(await page.textContent('#error-summary')).toContain('Không tìm thấy dữ liệu được yêu cầu.');
    expect(await page.inputValue('#s-unit')).toBe('BTC');
    s = await step(page, 'web-cycle-admin-11-export-refused');
    expect(s.violations).toEqual([]);

    // Asked for again: the same job (its business key), not a second one.
    await Promise.all([page.waitForURL(/done=requested/), page.click('#request-ranking')]);
    expect(await page.textContent('#flash')).toBe('Tệp “Bảng xếp hạng” đã được yêu cầu trước đó: dùng lại.');
    expect(await rows()).toEqual([['ranking', 'queued']]);
    s = await step(page, 'web-cycle-admin-12-export-queued');
    expect(s.violations).toEqual([]);

    // The worker comes back: the page polls the JSON API, shows the progress and reads itself again when done.
    worker = await startTestWorker();
    await page.waitForSelector('tr[data-status="succeeded"] a.download', { timeout: 60_000 });
    expect(await page.textContent('#jobs-table .export-status')).toBe('Hoàn tất');
    expect(await page.textContent('#jobs-table .export-progress')).toBe('100 %');
    s = await step(page, 'web-cycle-admin-13-export-done');
    expect(s.violations).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('tr[data-status="succeeded"] a.download')]);
    expect(download.suggestedFilename()).toMatch(/^dti-2022-province-v1.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const ranking = wb.getWorksheet('Xếp hạng');
    expect(ranking).toBeDefined();
    const codeColumn = [...Array(ranking!.columnCount).keys()].map((i) => i + 1).find((col) => ranking!.getRow(3).getCell(col).value === 'Mã')!;
    const codes: string[] = [];
    ranking!.eachRow((row, n) => {
      if (n > 3) codes.push(String(row.getCell(codeColumn).value));
    });
    const published = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body as { rows: { code: string }[] };
    expect(published.rows).toHaveLength(63);
    expect(codes).toEqual(published.rows.map((r) => r.code));
    expect(problems.filter((p) => !/^HTTP (404|409) /.test(p))).toEqual([]);
    await page.close();
  });
  it('says a published version no longer matches what was frozen, at phone width: the alert in Vietnamese, its technical lines marked English and wrapped, nothing overflowing', async () => {
    const [{ id: publicationId }] = await t.db.query('SELECT id FROM publications WHERE cycle_id = $1', [c.cycleId]);
    // After the previous case published the cycle: a frozen row changed behind the application's back (its trigger refuses an UPDATE, so it is set aside here).
    await t.db.query('ALTER TABLE publication_results DISABLE TRIGGER publication_results_frozen');
    try {
      await t.db.query('UPDATE publication_results SET index_rounded = index_rounded + 0.01 WHERE publication_id = $1 AND unit_code = $2', [publicationId, Object.keys(c.units)[0]]);
    } finally {
      await t.db.query('ALTER TABLE publication_results ENABLE TRIGGER publication_results_frozen');
    }
    expect((await t.app.get(PublicationIntegrityService).checkAll()).mismatched).toEqual([publicationId]);
    const { page, problems } = await openPage(browser, { width: 360, height: 780 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, '/app/admin/cycles');
    expect(await page.textContent('#integrity-alert')).toContain('Cảnh báo: dữ liệu công bố bị thay đổi');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    let s = await step(page, 'web-cycle-admin-14-integrity-list-360');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(`${base}${cyclePath}`), page.click(`#integrity-alert a[href="${cyclePath}"]`)]);
    const mismatch = page.locator(`li[data-publication="${publicationId}"] .integrity-mismatch`);
    expect(await mismatch.locator('strong').textContent()).toMatch(/^Không khớp với bản đã đóng băng: 1 điểm khác \(kiểm tra lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\)$/);
    // The check's own lines are English (for publication:verify and the logs): said so to a screen reader.
    expect(await mismatch.locator('li code').evaluateAll((codes) => codes.map((code) => code.getAttribute('lang')))).toEqual(['en']);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    s = await step(page, 'web-cycle-admin-15-integrity-cycle-360');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
