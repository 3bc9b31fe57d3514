import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { launchBrowser, openPage, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

// A published cycle (fill, score on the queue, publish) and a browser: more than jest's default 5 s.
jest.setTimeout(60_000);

describe('the front door: /, an unknown page, the favicon', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('before anything is published', () => {
    it('/ is an HTML page saying what this is, that nothing is published, and where to sign in', async () => {
      const res = await t.http.get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).toContain('<html lang="vi">');
      expect(res.text).toContain('Nền tảng đánh giá chỉ số chuyển đổi số');
      expect(res.text).toContain('Chưa có kết quả nào được công bố.');
      expect(res.text).toContain('href="/app/login"');
      expect(res.text).toContain('href="/rankings"');
    });

    it('/ speaks English to a visitor whose browser asks for it, and the language switch wins over the browser', async () => {
      const en = await t.http.get('/').set('Accept-Language', 'en-GB,en;q=0.9').expect(200);
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain('Digital transformation index assessment platform');
      const chosen = await t.http.get('/').set('Accept-Language', 'en').set('Cookie', 'dti_lang=vi').expect(200);
      expect(chosen.text).toContain('<html lang="vi">');
    });
  });

  it('an unknown page is an HTML 404 in Vietnamese, in English when asked, naming the address', async () => {
    const vi = await t.http.get('/nope').expect(404);
    expect(vi.headers['content-type']).toMatch(/^text\/html/);
    expect(vi.headers['cache-control']).toBe('no-store');
    expect(vi.text).toContain('Không tìm thấy trang');
    expect(vi.text).toContain('/nope');
    expect(vi.text).toContain('href="/"');
    const en = await t.http.get('/rankings/2022/province/extra/path').set('Cookie', 'dti_lang=en').expect(404);
    expect(en.text).toContain('Page not found');
    expect(en.text).toContain('<html lang="en">');
  });

  it('an unknown address under /api stays JSON, with the API error shape', async () => {
    const res = await t.http.get('/api/v1/nope').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect(typeof res.body.requestId).toBe('string');
  });

  it('a POST to an unknown address is answered in JSON: a page is for a person following a link', async () => {
    const res = await t.http.post('/nope').send({}).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('/favicon.ico leads to the icon the pages name', async () => {
    const res = await t.http.get('/favicon.ico').expect(301);
    expect(res.headers.location).toBe('/assets/favicon.svg');
    const icon = await t.http.get(res.headers.location).expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  describe('after a publication, in Chromium at phone and desktop widths', () => {
    let worker: INestApplicationContext;
    let browser: TestBrowser;
    let base: string;

    beforeAll(async () => {
      worker = await startTestWorker();
      const c = await openProvinceCycle(t);
      await fillSubmissions(t, c.cycleId, c.units, 2022);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
      const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
      await drainQueues(t);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await launchBrowser();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await worker?.close();
    });

    it('/ links the latest published ranking of each level', async () => {
      const res = await t.http.get('/').expect(200);
      expect(res.text).toContain('href="/rankings/2022/province"');
      expect(res.text).toContain('DTI 2022 — Tỉnh, thành phố');
      expect(res.text).not.toContain('Chưa có kết quả nào được công bố.');
    });

    for (const [width, height] of [
      [390, 844],
      [1280, 900],
    ]) {
      it(`/ and /nope at ${width}px: no horizontal scroll, axe clean, the ranking one click away`, async () => {
        const { page, problems } = await openPage(browser, { width, height });
        await page.goto(`${base}/`, { waitUntil: 'load' });
        const home = await step(page, `front-door-${width}-01-home`);
        expect(home.violations).toEqual([]);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
        await Promise.all([page.waitForURL(`${base}/rankings/2022/province`), page.click('a[href="/rankings/2022/province"]')]);
        const missing = await page.goto(`${base}/nope`, { waitUntil: 'load' });
        expect(missing?.status()).toBe(404);
        const notFound = await step(page, `front-door-${width}-02-not-found`);
        expect(notFound.violations).toEqual([]);
        expect((await page.textContent('h1'))?.trim()).toBe('Không tìm thấy trang');
        expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
        await page.close();
      });
    }
  });
});
