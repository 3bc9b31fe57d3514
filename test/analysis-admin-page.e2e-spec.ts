import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { AnalysisView } from '../src/analysis/analysis.view';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

jest.setTimeout(300_000);

/** Few samples: the page is tested, not how long 1,000 samples take (npm run bench). */
const SAMPLES = '200';

describe('web app: the administrator asks how firm the ranks are and publishes the analysis (#22, headless Chromium)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;
  let runId: string;
  let cyclePath: string;

  const count = async (): Promise<number> => Number((await t.db.query('SELECT count(*)::int AS n FROM analyses'))[0].n);
  const apiAnalyses = async () => (await t.http.get(`/api/v1/cycles/${c.cycleId}/analyses`).set(c.admin.auth).expect(200)).body as AnalysisView[];

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id as string;
    await drainQueues(t);
    cyclePath = `/app/admin/cycles/${c.cycleId}`;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('offers the form with its defaults; samples 0 and a normalisation the framework has not are refused beside their fields, the typed values kept, nothing stored', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    expect(await page.textContent('#analyses')).toBe('Độ tin cậy của thứ hạng');
    expect(await page.inputValue('#an-weights')).toBe('25');
    expect(await page.isChecked('#an-aggregation')).toBe(true);
    expect(await page.isChecked('#an-reviewers')).toBe(false);
    expect(await page.inputValue('#an-samples')).toBe('1000');
    expect(await page.inputValue('#an-seed')).toBe('2026');
    expect(await page.inputValue('#an-sensitivitySamples')).toBe('0');
    expect(await page.textContent('#analyses-none')).toBe('Chưa có phân tích nào.');
    // No analysis of the run yet: publishing says it goes without the intervals.
    expect(await page.textContent(`tr[data-run="${runId}"]`)).toContain('kết quả được công bố không kèm khoảng thứ hạng');
    let s = await step(page, 'analysis-admin-01-form-1366');
    expect(s.violations).toEqual([]);

    await page.fill('#an-samples', '0');
    await page.fill('#an-seed', '7');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/analyses') && r.request().method() === 'POST'), page.click('#analyse')]);
    expect(refused.status()).toBe(400);
    expect(await page.textContent('#samples-error')).toBe('Không được nhỏ hơn 1.');
    expect(await page.getAttribute('#an-samples', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#analysis-errors')).toContain('Số lần lấy mẫu');
    expect(await page.inputValue('#an-samples')).toBe('0');
    expect(await page.inputValue('#an-seed')).toBe('7');
    expect(await count()).toBe(0);
    s = await step(page, 'analysis-admin-02-samples-refused');
    expect(s.violations).toEqual([]);

    // PDTI 2022 scores its leaves by rules: no normalised leaf for an alternative (the service's model says so).
    await page.fill('#an-samples', SAMPLES);
    await page.check('#an-normalisation-minmax');
    const [noLeaf] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/analyses') && r.request().method() === 'POST'), page.click('#analyse')]);
    expect(noLeaf.status()).toBe(400);
    expect(await page.textContent('#sources-normalisation-error')).toBeTruthy();
    expect(await page.isChecked('#an-normalisation-minmax')).toBe(true);
    expect(await count()).toBe(0);

    // The weights' range is typed in percent: its bound is said in percent too, not as the API's factor (0.99).
    await page.uncheck('#an-normalisation-minmax');
    await page.fill('#an-weights', '150');
    const [tooWide] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/analyses') && r.request().method() === 'POST'), page.click('#analyse')]);
    expect(tooWide.status()).toBe(400);
    expect(await page.textContent('#an-weights-error')).toBe('Phải trong khoảng từ 0 đến 99.');
    expect(await page.textContent('#analysis-errors')).toContain('Trọng số dao động ± (%): Phải trong khoảng từ 0 đến 99.');
    expect(await page.inputValue('#an-weights')).toBe('150');
    expect(await count()).toBe(0);
    s = await step(page, 'analysis-admin-02b-weights-refused');
    expect(s.violations).toEqual([]);
    expect(problems.filter((p) => !p.startsWith('HTTP 400'))).toEqual([]);
    await page.close();
  });

  it('asks for an analysis through the form (PRG, a notice); once the queue drained the page lists it as succeeded, as the API does, with its JSON', async () => {
    const { page, problems } = await openPage(browser, { width: 1366, height: 900 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await page.fill('#an-samples', SAMPLES);
    await Promise.all([page.waitForURL(/done=analysis&created=true/), page.click('#analyse')]);
    expect(await page.textContent('#flash')).toBe('Đã gửi yêu cầu phân tích; kết quả sẽ có khi hàng đợi xử lý xong.');
    let [listed] = await apiAnalyses();
    expect(listed).toMatchObject({ runId, spec: { samples: 200, seed: 2026, top: 10, sensitivitySamples: 0, sources: { weights: { kind: 'range', factor: 0.25, level: 1 }, aggregation: true } } });
    expect(await page.getAttribute(`tr[data-analysis="${listed.id}"]`, 'data-status')).toMatch(/queued|running|succeeded/);

    await drainQueues(t);
    await page.goto(`${base}${cyclePath}#analyses`);
    [listed] = await apiAnalyses();
    expect(listed.status).toBe('succeeded');
    const row = `tr[data-analysis="${listed.id}"]`;
    expect(await page.getAttribute(row, 'data-status')).toBe('succeeded');
    expect(await page.textContent(`${row} .analysis-status`)).toBe('Hoàn tất');
    const spec = await page.textContent(`${row} td:nth-of-type(3)`);
    expect(spec).toContain('200 mẫu');
    expect(await page.getAttribute(`${row} a`, 'href')).toBe(`/api/v1/analyses/${listed.id}`);
    expect(await page.$('#analyses-refresh')).toBeNull();
    // The same request again is the same analysis: the page says so.
    await page.fill('#an-samples', SAMPLES);
    await Promise.all([page.waitForURL(/done=analysis&created=false/), page.click('#analyse')]);
    expect(await page.textContent('#flash')).toContain('đã được yêu cầu trước đó');
    expect(await count()).toBe(1);
    // The publish form offers it, the latest by default.
    expect(await page.$$eval(`#analysis-${runId} option`, (os) => os.map((o) => o.getAttribute('value')))).toEqual(['', listed.id]);
    const s = await step(page, 'analysis-admin-03-succeeded-1366');
    expect(s.violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('publishes the run from the page with the analysis chosen: the publication freezes it and the public API returns it; the page says the version', async () => {
    const [analysis] = await apiAnalyses();
    const full = (await t.http.get(`/api/v1/analyses/${analysis.id}`).set(c.admin.auth).expect(200)).body as AnalysisView;
    const { page, problems } = await openPage(browser, { width: 360, height: 800 });
    await signInThroughForm(page, base, c.admin.email, PASSWORD, cyclePath);
    await page.selectOption(`#analysis-${runId}`, analysis.id);
    await Promise.all([page.waitForURL(/done=published/), page.click(`tr[data-run="${runId}"] .publish-button`)]);
    const published = await t.http.get('/api/v1/public/rankings/2022/province/analysis').expect(200);
    expect(published.body).toEqual(full.result);
    expect(await page.textContent(`tr[data-analysis="${analysis.id}"] .analysis-publication`)).toBe('Đã công bố trong phiên bản 1');
    expect((await apiAnalyses())[0].publicationId).not.toBeNull();
    const s = await step(page, 'analysis-admin-04-published-360');
    expect(s.violations).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses the page and the form to an officer', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.officerA.email, PASSWORD);
    const res = await page.goto(`${base}${cyclePath}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Không có quyền truy cập');
    const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    const post = await page.request.post(`${base}${cyclePath}/analyses`, { form: { _csrf: token, samples: SAMPLES, aggregation: 'true' }, maxRedirects: 0 });
    expect(post.status()).toBe(403);
    expect(await count()).toBe(1);
    await page.close();
  });
});
