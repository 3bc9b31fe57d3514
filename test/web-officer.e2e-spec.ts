import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AppConfig } from '../src/config/app-config';
import { frameworkLeaves } from '../src/frameworks/framework-tree';
import type { Framework } from '../src/engine/framework.model';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions } from './utils/fill-submissions';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(150_000);

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n'), Buffer.alloc(2000, 32), Buffer.from('\n%%EOF\n')]);

interface Doc {
  document: { getElementById(id: string): { textContent: string | null; getAttribute(name: string): string | null } | null };
}
const text = (page: Page, id: string) => page.evaluate((i) => (globalThis as unknown as Doc).document.getElementById(i)?.textContent ?? null, id);

/** Polls until the check holds (10 s at most). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in 10 s');
}

/** Waits for the autosave's "Đã lưu" after a change. */
async function autosaved(page: Page): Promise<void> {
  await page.waitForFunction(() => /^Đã lưu/.test((globalThis as unknown as Doc).document.getElementById('save-status')?.textContent ?? ''));
}

describe('web app: the officer’s self-assessment (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;
  let framework: Framework;
  let formPath: string;
  let pdfPath: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    framework = (await t.http.get(`/api/v1/frameworks/${c.frameworkId}`).set(c.admin.auth).expect(200)).body.document;
    formPath = `/app/cycles/${c.cycleId}/units/${c.unitA}`;
    pdfPath = join(mkdtempSync(join(tmpdir(), 'dti-web-')), 'Kế hoạch chuyển đổi số.pdf');
    writeFileSync(pdfPath, PDF);
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

  it('signs in, finds the unit’s cycles, fills part of the form (autosaved with the running score), reloads and finds the draft', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app/units/${c.unitA}/cycles`), page.click('nav.app-nav a[href$="/cycles"]')]);
    expect(await page.textContent('h1')).toBe('Kỳ đánh giá của Đà Nẵng');
    expect(await page.textContent(`tr[data-cycle="${c.cycleId}"]`)).toContain('Đang nhận phiếu');
    let s = await step(page, 'web-officer-01-cycles');
    expect(s.violations).toEqual([]);

    await Promise.all([page.waitForURL(`${base}${formPath}`), page.click(`tr[data-cycle="${c.cycleId}"] a`)]);
    expect(await page.textContent('h1')).toContain('Phiếu tự đánh giá 2022');
    // Grouped by group and main indicator, each indicator with its description and the input of its kind.
    expect(await page.textContent('#g-I')).toBe('I. Nhóm chỉ số nền tảng chung');
    expect(await page.textContent('#m-NT')).toBe('NT · Nhận thức số');
    expect(await page.textContent('[id="d-NT.02"]')).toContain('tỷ lệ phần trăm tự báo cáo');
    expect(await page.getAttribute('[id="v-NT.02"]', 'inputmode')).toBe('decimal');
    expect(await page.$$eval('select[id="v-NT.03"] option', (os) => os.map((o) => o.textContent))).toEqual(['— Chọn —', 'Chưa triển khai', 'Triển khai một phần', 'Triển khai đầy đủ']);
    expect(await page.$$eval('input[name="value[NT.06]"]', (is) => is.map((i) => i.getAttribute('type')))).toEqual(['radio', 'radio']);
    expect(await page.isVisible('[id="p-NT.05"]')).toBe(true);
    expect(await page.textContent('[id="ind-NT.01"] .system-value')).toContain('Số liệu do hệ thống quốc gia cung cấp');
    const missingBefore = await page.$$eval('#missing-list li', (lis) => lis.length);
    expect(missingBefore).toBeGreaterThan(10);
    expect(await page.getAttribute('#self-index', 'data-value')).toBe('0');
    s = await step(page, 'web-officer-02-empty-form');
    expect(s.violations).toEqual([]);

    const version = (await state()).submission.version;
    await page.fill('[id="v-NT.02"]', '75');
    await autosaved(page);
    await page.selectOption('[id="v-NT.03"]', 'partial');
    await page.check('input[name="value[NT.06]"][value="true"]');
    await page.fill('[id="v-NT.05"]', 'Đã ban hành kế hoạch chuyển đổi số giai đoạn 2021–2025.');
    await page.fill('[id="p-NT.05"]', '8');
    await page.fill('[id="n-NT.02"]', 'Số liệu của Sở TT&TT, <b>không phải</b> HTML');
    // Autosave went through the JSON API (PATCH with If-Match): the service's state has the answers.
    await until(async () => (await state()).answers['NT.02']?.note === 'Số liệu của Sở TT&TT, <b>không phải</b> HTML');
    await autosaved(page);
    const saved = await state();
    expect(saved.submission.version).toBeGreaterThan(version);
    // The form carries the version for If-Match; the officer reads when it was last saved, as dd/mm/yyyy hh:mm.
    expect(await page.inputValue('input[name="version"] >> nth=0')).toBe(String(saved.submission.version));
    expect(await text(page, 'submission-saved')).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await page.textContent('main')).not.toContain('Phiên bản');
    expect(saved.answers['NT.02']).toMatchObject({ value: 75, note: 'Số liệu của Sở TT&TT, <b>không phải</b> HTML' });
    expect(saved.answers['NT.03'].value).toBe('partial');
    expect(saved.answers['NT.06'].value).toBe(true);
    expect(saved.answers['NT.05']).toMatchObject({ value: 'Đã ban hành kế hoạch chuyển đổi số giai đoạn 2021–2025.', selfPoints: 8 });
    // The running self-score on the page is the service's: NT.02 75 % → 7 points (bands), NT.03 partial 5, NT.05 8, NT.06 10.
    expect(saved.selfScore.nodes.NT.points).toBe(30);
    expect(await text(page, 'self-index')).toBe(new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(saved.selfScore.index));
    expect(await page.textContent('[data-score-node="NT"]')).toBe('30,00');
    expect(await page.$$eval('#missing-list li', (lis) => lis.length)).toBeLessThan(missingBefore);
    s = await step(page, 'web-officer-03-autosaved');
    expect(s.violations).toEqual([]);

    await page.reload();
    expect(await page.inputValue('[id="v-NT.02"]')).toBe('75');
    expect(await page.inputValue('[id="v-NT.03"]')).toBe('partial');
    expect(await page.isChecked('input[name="value[NT.06]"][value="true"]')).toBe(true);
    expect(await page.inputValue('[id="p-NT.05"]')).toBe('8');
    expect(await page.inputValue('[id="n-NT.02"]')).toBe('Số liệu của Sở TT&TT, <b>không phải</b> HTML');
    expect(await page.textContent('[data-score-node="NT"]')).toBe('30,00');
    await step(page, 'web-officer-04-reloaded-draft');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('saves without script too; a refused value keeps what was typed, with the error at its field', async () => {
    const { page } = await openPage(browser);
    await page.route('**/assets/self-assessment.js', (route) => route.abort());
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, formPath);
    await page.fill('[id="v-NT.08"]', '150');
    await page.fill('[id="v-NT.02"]', 'nhiều');
    await page.fill('[id="n-NT.08"]', 'ghi chú giữ lại');
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/answers') && r.request().method() === 'POST'), page.click('#save-button')]);
    expect(res.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toContain('NT.08');
    expect(await page.textContent('[id="e-NT.08"]')).toBe('Không được lớn hơn 100.');
    expect(await page.getAttribute('[id="v-NT.08"]', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('[id="v-NT.08"]')).toBe('150');
    expect(await page.inputValue('[id="v-NT.02"]')).toBe('nhiều');
    expect(await page.textContent('[id="e-NT.02"]')).toBe('Phải là một số.');
    expect(await page.inputValue('[id="n-NT.08"]')).toBe('ghi chú giữ lại');
    let s = await step(page, 'web-officer-05-refused-value-kept');
    expect(s.violations).toEqual([]);

    await page.fill('[id="v-NT.08"]', '95,5');
    await page.fill('[id="v-NT.02"]', '75');
    await page.fill('[id="p-NT.05"]', '7.5');
    // The save comes back to the section it was made in.
    await Promise.all([page.waitForURL(`${base}${formPath}?done=saved&section=NT`), page.click('#save-button')]);
    expect(await page.textContent('#flash')).toBe('Đã lưu bản nháp.');
    expect((await state()).answers['NT.08']).toMatchObject({ value: 95.5, note: 'ghi chú giữ lại' });
    expect((await state()).answers['NT.05'].selfPoints).toBe(7.5);
    // The stored decimals come back the Vietnamese way (typed "95,5" and "7.5"), and saving them unchanged changes nothing.
    expect(await page.inputValue('[id="v-NT.08"]')).toBe('95,5');
    expect(await page.inputValue('[id="p-NT.05"]')).toBe('7,5');
    s = await step(page, 'web-officer-06-saved-without-script');
    expect(s.violations).toEqual([]);
    const version = (await state()).submission.version;
    await Promise.all([page.waitForURL(`${base}${formPath}?done=unchanged&section=NT`), page.click('#save-button')]);
    // In English the same numbers are written with a dot, and read back as the same numbers (the first section: NT).
    await browser.context.addCookies([{ name: 'dti_lang', value: 'en', url: base }]);
    await page.goto(`${base}${formPath}`);
    expect(await page.inputValue('[id="v-NT.08"]')).toBe('95.5');
    expect(await page.inputValue('[id="p-NT.05"]')).toBe('7.5');
    await Promise.all([page.waitForURL(`${base}${formPath}?done=unchanged&section=NT`), page.click('#save-button')]);
    expect((await state()).submission.version).toBe(version);
    expect((await state()).answers['NT.08'].value).toBe(95.5);
    await page.close();
  });

  it('says clearly when someone else saved meanwhile (409 on If-Match) and stops autosaving', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, formPath);
    const current = await state();
    await t.http
      .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/answers`)
      .set(c.officerA.auth)
      .set('If-Match', `"${current.submission.version}"`)
      .send({ answers: [{ indicatorCode: 'TC.07', value: 10 }] })
      .expect(200);
    await page.fill('[id="v-NT.02"]', '80');
    await page.waitForSelector('#reload-button');
    expect(await page.textContent('#save-status')).toContain('Phiếu vừa được thay đổi ở nơi khác');
    expect(await page.getAttribute('#save-status', 'role')).toBe('alert');
    expect((await state()).answers['NT.02'].value).toBe(75);
    const s = await step(page, 'web-officer-07-conflict');
    expect(s.violations).toEqual([]);
    await page.close();
  });

  it('attaches evidence (a file, a cited document, a link), is refused submit while items are missing, then submits', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD, formPath);
    await page.click('[id="ind-NT.06"] details summary');
    // A file just over the 20 MB limit (UPLOAD_MAX_BYTES): back on the form at its indicator, the limit named at the
    // field; no evidence recorded, nothing left in the storage folder.
    const uploadDir = t.app.get(AppConfig).UPLOAD_DIR;
    const storedFiles = () => (existsSync(uploadDir) ? readdirSync(uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
    const evidenceRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM evidence'))[0].n as number;
    const filesBefore = storedFiles();
    const rowsBefore = await evidenceRows();
    const stateBefore = await state();
    const limit = t.app.get(AppConfig).UPLOAD_MAX_BYTES;
    expect(limit).toBe(20 * 1024 * 1024);
    // 20 MB handed to Chromium over its DevTools pipe: over 30 s when the machine's two cores are busy.
    await page.setInputFiles(
      '[id="ef-NT.06"]',
      { name: 'quá lớn.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(limit + 1 - PDF.length, 32)]) },
      { timeout: 120_000 },
    );
    const [tooLarge] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[form="evf-NT.06"]')]);
    expect(tooLarge.status()).toBe(413);
    expect(await page.textContent('#error-summary')).toContain('Tệp lớn hơn giới hạn 20 MB nên chưa được nhận');
    expect(await page.textContent('[id="ef-NT.06-error"]')).toContain('20 MB');
    expect(await page.getAttribute('[id="ef-NT.06"]', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('[id="ind-NT.06"] details', 'open')).toBe('');
    const stateAfter = await state();
    expect(stateAfter.evidence).toEqual(stateBefore.evidence);
    expect(stateAfter.submission.version).toBe(stateBefore.submission.version);
    expect(await evidenceRows()).toBe(rowsBefore);
    expect(storedFiles()).toBe(filesBefore);
    const big = await step(page, 'web-officer-07b-evidence-too-large');
    expect(big.violations).toEqual([]);

    await page.setInputFiles('[id="ef-NT.06"]', pdfPath);
    await Promise.all([page.waitForURL(/done=evidence/), page.click('button[form="evf-NT.06"]')]);
    expect(await page.textContent('#flash')).toBe('Đã thêm minh chứng cho NT.06.');
    expect(await page.textContent('[id="ind-NT.06"] .evidence-list')).toContain('Kế hoạch chuyển đổi số.pdf');
    const href = await page.getAttribute('[id="ind-NT.06"] .evidence-list a', 'href');
    const file = await page.request.get(`${base}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.compare(await file.body(), PDF)).toBe(0);

    // A citation with a missing title: refused next to its form, what was typed kept.
    await page.click('[id="ind-NT.03"] details summary');
    await page.fill('[id="ec-NT.03-documentNumber"]', '1234/QĐ-UBND');
    await page.fill('[id="ec-NT.03-issuedOn"]', '2022-05-20');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/evidence') && r.request().method() === 'POST'), page.click('button[form="evc-NT.03"]')]);
    expect(refused.status()).toBe(422);
    expect(await page.getAttribute('[id="ind-NT.03"] details', 'open')).toBe('');
    expect(await page.textContent('[id="ind-NT.03"] .evidence-forms .error-summary')).toContain('Tên văn bản: Chưa nhập.');
    expect(await page.inputValue('[id="ec-NT.03-documentNumber"]')).toBe('1234/QĐ-UBND');
    let s = await step(page, 'web-officer-08-citation-refused');
    expect(s.violations).toEqual([]);
    await page.fill('[id="ec-NT.03-documentTitle"]', 'Kế hoạch chuyển đổi số năm 2022');
    await Promise.all([page.waitForURL(/done=evidence/), page.click('button[form="evc-NT.03"]')]);
    expect(await page.textContent('[id="ind-NT.03"] .evidence-list')).toContain('1234/QĐ-UBND · Kế hoạch chuyển đổi số năm 2022 · 2022-05-20');
    await page.click('[id="ind-NT.05"] details summary');
    await page.fill('[id="el-NT.05-url"]', 'https://danang.gov.vn/chuyen-doi-so');
    await page.fill('[id="el-NT.05-label"]', 'Cổng chuyển đổi số Đà Nẵng');
    await Promise.all([page.waitForURL(/done=evidence/), page.click('button[form="evl-NT.05"]')]);
    expect(await page.getAttribute('[id="ind-NT.05"] .evidence-list a', 'href')).toBe('https://danang.gov.vn/chuyen-doi-so');
    s = await step(page, 'web-officer-09-evidence-attached');
    expect(s.violations).toEqual([]);

    const [incomplete] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/submit')), page.click('#submit-button')]);
    expect(incomplete.status()).toBe(422);
    expect(await page.textContent('#error-summary')).toMatch(/Chưa nộp được: còn \d+ mục thiếu/);
    s = await step(page, 'web-officer-10-submit-incomplete');
    expect(s.violations).toEqual([]);

    // The rest of the answers and the evidence still required, as the officer would add them (through the API here).
    await fillSubmissions(t, c.cycleId, { '48': c.unitA }, 2022);
    for (const { node } of frameworkLeaves(framework)) {
      if (node.evidence !== 'required' || ['NT.03', 'NT.06'].includes(node.code)) continue;
      const { submission } = await state();
      await t.http
        .post(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/evidence`)
        .set(c.officerA.auth)
        .set('If-Match', `"${submission.version}"`)
        .send({ indicatorCode: node.code, kind: 'link', url: `https://danang.gov.vn/${node.code}` })
        .expect(201);
    }
    await page.goto(`${base}${formPath}`);
    expect(await text(page, 'missing-none')).toBe('Đã đủ thông tin để nộp.');
    await Promise.all([page.waitForURL(`${base}${formPath}?done=submitted&section=NT`), page.click('#submit-button')]);
    expect(await page.textContent('#flash')).toBe('Đã nộp phiếu tự đánh giá.');
    expect(await page.textContent('#submission-status')).toBe('Đã nộp');
    expect(await page.textContent('#locked')).toContain('phiếu đã nộp');
    expect(await page.isDisabled('[id="v-NT.02"]')).toBe(true);
    expect(await page.$('#save-button')).toBeNull();
    expect((await state()).submission.status).toBe('submitted');
    s = await step(page, 'web-officer-11-submitted');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !/^HTTP (413|422) /.test(p))).toEqual([]);
    await page.close();
  }, 300_000); // a 20 MB upload through Chromium and back: 63-90 s on a loaded 2-core machine, over 180 s with seven test runs on it

  it('refuses an officer of another unit every officer URL of the first unit, with a refusal page', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.officerB.email, PASSWORD);
    const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    const evidenceId = (await state()).evidence['NT.06'][0].id as string;
    const gets = [`/app/units/${c.unitA}/cycles`, formPath, `${formPath}?done=saved`, `${formPath}/evidence/${evidenceId}/download`];
    for (const path of gets) {
      const res = await page.goto(`${base}${path}`);
      expect([path, res?.status()]).toEqual([path, 403]);
      expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
    }
    const s = await step(page, 'web-officer-12-other-unit-refused');
    expect(s.violations).toEqual([]);
    const posts: Array<[string, Record<string, string>]> = [
      [`${formPath}/answers`, { _csrf: token, version: '1', 'value[NT.02]': '10' }],
      [`${formPath}/submit`, { _csrf: token, version: '1' }],
      [`${formPath}/evidence`, { _csrf: token, version: '1', indicatorCode: 'NT.03', kind: 'link', url: 'https://example.org' }],
    ];
    for (const [path, form] of posts) {
      const res = await page.request.post(`${base}${path}`, { form, maxRedirects: 0 });
      expect([path, res.status()]).toEqual([path, 403]);
      expect(await res.text()).toContain('Không có quyền truy cập');
    }
    const upload = await page.request.post(`${base}${formPath}/evidence/files?_csrf=${encodeURIComponent(token)}`, {
      multipart: { version: '1', indicatorCode: 'NT.06', file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: PDF } },
      maxRedirects: 0,
    });
    expect(upload.status()).toBe(403);
    // Nothing changed for unit A.
    const after = await state();
    expect(after.submission.status).toBe('submitted');
    expect(after.evidence['NT.06']).toHaveLength(1);
    // Nor may the officer's own unit pages be posted to without the CSRF token.
    const own = `/app/cycles/${c.cycleId}/units/${c.unitB}/answers`;
    const noToken = await page.request.post(`${base}${own}`, { form: { version: '1', 'value[NT.02]': '10' }, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);
    expect(await noToken.text()).toContain('Biểu mẫu không hợp lệ');
    await page.close();
  });
});
