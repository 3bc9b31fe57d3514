import type { AddressInfo } from 'node:net';
import { launchBrowser, openPage, signInThroughForm, step, type TestBrowser } from './utils/browser';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { PASSWORD, resetState, startTestApp, type TestApp } from './utils/test-app';

jest.setTimeout(60_000);

describe('web app: sign in and out, session cookie, CSRF, language (headless Chromium)', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let base: string;
  let c: OpenCycle;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(() => browser.context.clearCookies());

  it('sends a visitor to the sign-in form, keeps the typed e-mail on a wrong password, signs in with an httpOnly SameSite=Lax cookie, and out', async () => {
    const { page, problems } = await openPage(browser);
    const first = await page.goto(`${base}/app?from=start`);
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/app?from=start');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('h1')).toBe('Đăng nhập');
    expect(first!.headers()['content-security-policy']).not.toContain('unsafe-inline');
    expect(first!.headers()['cache-control']).toBe('no-store');
    let s = await step(page, 'web-auth-01-sign-in-form');
    expect(s.violations).toEqual([]);

    await page.fill('#email', c.officerA.email);
    await page.fill('#password', 'not the password');
    const wrong = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/login') && r.request().method() === 'POST'), page.click('form[action="/app/login"] button')]);
    expect(wrong[0].status()).toBe(401);
    expect(await page.textContent('#login-error')).toContain('Thư điện tử hoặc mật khẩu không đúng.');
    expect(await page.inputValue('#email')).toBe(c.officerA.email);
    expect(await page.inputValue('#password')).toBe('');
    s = await step(page, 'web-auth-02-wrong-password');
    expect(s.violations).toEqual([]);

    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/app?from=start`), page.click('form[action="/app/login"] button')]);
    const cookies = await browser.context.cookies(base);
    const session = cookies.find((k) => k.name === 'dti_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(cookies.find((k) => k.name === 'dti_csrf')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The script of a page cannot read the session.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain('dti_session');

    // The navigation of an officer: home, the unit's self-assessment, the public results; no admin or review pages.
    const nav = await page.$$eval('nav.app-nav a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(nav).toEqual([
      ['Trang làm việc', '/app'],
      ['Tự đánh giá', `/app/units/${c.unitA}/cycles`],
      ['Kết quả công bố', '/rankings'],
    ]);
    expect(await page.getAttribute('nav.app-nav a[aria-current="page"]', 'href')).toBe('/app');
    s = await step(page, 'web-auth-03-signed-in-officer');
    expect(s.violations).toEqual([]);

    await Promise.all([page.waitForURL(`${base}/app/login?out=1`), page.click('#sign-out')]);
    expect(await page.textContent('.flash')).toBe('Bạn đã đăng xuất.');
    expect((await browser.context.cookies(base)).find((k) => k.name === 'dti_session')).toBeUndefined();
    await page.goto(`${base}/app`);
    expect(new URL(page.url()).pathname).toBe('/app/login');
    await step(page, 'web-auth-04-signed-out');
    expect(problems.filter((p) => !p.startsWith('HTTP 401 /app/login'))).toEqual([]);
    await page.close();
  });

  it('shows the admin the admin navigation, in English after the language switch (a cookie), and back', async () => {
    const { page, problems } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.$$eval('nav.app-nav a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '/app',
      '/app/admin/cycles',
      '/app/admin/frameworks',
      '/app/admin/units',
      '/app/admin/users',
      '/app/admin/monitoring',
      '/app/admin/exports',
      '/app/admin/audit',
      '/rankings',
    ]);
    await Promise.all([page.waitForURL(`${base}/app`), page.click('#lang-switch')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Workspace');
    expect(await page.textContent('#sign-out')).toBe('Sign out');
    expect((await browser.context.cookies(base)).find((k) => k.name === 'dti_lang')?.value).toBe('en');
    const s = await step(page, 'web-auth-05-english');
    expect(s.violations).toEqual([]);
    await Promise.all([page.waitForURL(`${base}/app`), page.click('#lang-switch')]);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('h1')).toBe('Trang làm việc');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a form without the CSRF token, or with another session’s, with a clear page and nothing done', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    const forms: Record<string, string>[] = [{}, { _csrf: '' }, { _csrf: 'forged' }, { _csrf: `${token}x` }];
    for (const form of forms) {
      const res = await page.request.post(`${base}/app/logout`, { form, maxRedirects: 0 });
      expect([JSON.stringify(form), res.status()]).toEqual([JSON.stringify(form), 403]);
      expect(res.headers()['content-type']).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Biểu mẫu không hợp lệ');
    }
    // Still signed in: the refused sign-out did nothing.
    await page.goto(`${base}/app`);
    expect(new URL(page.url()).pathname).toBe('/app');
    // The refusal as a person sees it: a page with the form's token removed.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { remove(): void } | null } }).document;
      doc.querySelector('form[action="/app/logout"] input[name="_csrf"]')?.remove();
    });
    const refused = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/logout')), page.click('#sign-out')]);
    expect(refused[0].status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Biểu mẫu không hợp lệ');
    const s = await step(page, 'web-auth-06-csrf-refused');
    expect(s.violations).toEqual([]);

    // Sign-in itself needs the token (no login CSRF), and a token from before sign-in is void after it.
    const anonymous = await t.http.post('/app/login').type('form').send({ email: c.admin.email, password: PASSWORD });
    expect(anonymous.status).toBe(403);
    const before = token;
    await page.goto(`${base}/app`);
    await Promise.all([page.waitForURL(/\/app\/login/), page.click('#sign-out')]);
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    const after = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    expect(after).not.toBe(before);
    expect((await page.request.post(`${base}/app/logout`, { form: { _csrf: before }, maxRedirects: 0 })).status()).toBe(403);
    await page.close();
  });

  it('lets page scripts into the JSON API only with the session cookie and the CSRF header', async () => {
    const { page } = await openPage(browser);
    await signInThroughForm(page, base, c.admin.email, PASSWORD);
    const token = await page.inputValue('form[action="/app/logout"] input[name="_csrf"]');
    expect((await page.request.get(`${base}/api/v1/cycles/${c.cycleId}`)).status()).toBe(401);
    expect((await page.request.get(`${base}/api/v1/cycles/${c.cycleId}`, { headers: { 'X-CSRF-Token': 'nope' } })).status()).toBe(401);
    const ok = await page.request.get(`${base}/api/v1/cycles/${c.cycleId}`, { headers: { 'X-CSRF-Token': token } });
    expect(ok.status()).toBe(200);
    expect((await ok.json()).id).toBe(c.cycleId);
    await page.close();
  });

  it('tells how long to wait after too many failed sign-ins, keeping the e-mail', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${base}/app/login`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      await page.fill('#email', 'nobody@dti.test');
      await page.fill('#password', `wrong ${i}`);
      const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/app/login') && r.request().method() === 'POST'), page.click('form[action="/app/login"] button')]);
      statuses.push(res.status());
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await page.textContent('#login-error')).toMatch(/Bạn đã nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\./);
    expect(await page.inputValue('#email')).toBe('nobody@dti.test');
    const s = await step(page, 'web-auth-07-throttled');
    expect(s.violations).toEqual([]);
    await page.close();
  });
});
