import { startTestApp, type TestApp } from './utils/test-app';

/**
 * What every reply says about the server, and the browser protections it asks for: no `X-Powered-By` naming the
 * framework; `nosniff`, no framing and a same-origin referrer on API replies, pages, assets and errors alike; the
 * pages keep their own policy (CSP, caching) on top.
 */
describe('security headers of every reply', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const replies: Array<[string, string, number]> = [
    ['an API reply', '/health', 200],
    ['an API refusal', '/api/v1/users/me', 401],
    ['an API 404', '/api/v1/public/rankings/2030/province', 404],
    ['an API validation refusal', '/api/v1/public/rankings/1999/province', 400],
    ['a page', '/app/login', 200],
    ['a page script', '/assets/vendor/chart.umd.js', 200],
    ['an unknown address', '/no/such/thing', 404],
  ];

  it.each(replies)('%s (%s) names no framework and asks for nosniff, no framing, a same-origin referrer', async (_what, path, status) => {
    const res = await t.http.get(path).expect(status);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
  });

  it.each([
    ['a body that is not JSON', '{"email":', 'application/json', 400],
    ['a body over the limit', JSON.stringify({ email: 'x'.repeat(1_100_000) }), 'application/json', 413],
  ])('%s, refused by the body parser before any route, carries them too', async (_what, body, type, status) => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', type).send(body).expect(status);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' });
  });

  it("a page keeps its content policy and its scripts' type; the API's docs page, which has its own inline setup, is not given it", async () => {
    const page = await t.http.get('/app/login').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // Under nosniff a script or style runs only with its own type: the pages' scripts and Chart.js are served with it.
    expect((await t.http.get('/assets/vendor/chart.umd.js').expect(200)).headers['content-type']).toMatch(/^(application|text)\/javascript/);
    const docs = await t.http.get('/api/docs/').expect(200);
    expect(docs.headers['x-powered-by']).toBeUndefined();
    expect(docs.headers['content-security-policy']).toBeUndefined();
  });
});
