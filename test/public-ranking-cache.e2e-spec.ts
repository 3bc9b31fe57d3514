import type { INestApplicationContext } from '@nestjs/common';
import type { PublicRanking } from '../src/publications/public-results.service';
import { publishLevel, registryAndAdmin, uploadFramework, type PublishedLevel } from './utils/published-level';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { startTestWorker } from './utils/test-worker';

jest.setTimeout(30_000);

type Page = PublicRanking & { next: string | null };

/**
 * The public ranking's caching and pages (#23): an ETag derived from the edition and the query (If-None-Match
 * answered 304 with no body), Cache-Control short for the latest and long for a version asked for, a correction
 * changing the latest's ETag only, and ?limit&cursor pages that together are the full list's rows.
 */
describe('the public ranking: ETag, Cache-Control and pages', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let province: PublishedLevel;
  const url = '/api/v1/public/rankings/2022/province';

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    admin = await registryAndAdmin(t);
    const framework = await uploadFramework(t, admin, 'pdti-2022.yaml');
    province = await publishLevel(t, admin, { level: 'province', year: 2022, frameworkId: framework });
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('sends a stable ETag with Cache-Control, and answers a matching If-None-Match with 304 and no body', async () => {
    const first = await t.http.get(url).expect(200);
    const second = await t.http.get(url).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(second.headers.etag).toBe(etag);
    expect(second.text).toBe(first.text);
    expect(first.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect((first.body as PublicRanking).rows.length).toBe(Object.keys(province.units).length);

    const cached = await t.http.get(url).set('If-None-Match', etag).expect(304);
    expect(cached.text ?? '').toBe('');
    expect(cached.headers.etag).toBe(etag);
    await t.http.get(url).set('If-None-Match', `"other", W/${etag}`).expect(304);
    await t.http.get(url).set('If-None-Match', '"other"').expect(200);

    // Another query is another reply: its own ETag.
    const paged = await t.http.get(`${url}?limit=5`).expect(200);
    expect(paged.headers.etag).not.toBe(etag);
  });

  it('pages (?limit&cursor) walk the whole list, in order, the same rows as the full list', async () => {
    const full = (await t.http.get(url).expect(200)).body as PublicRanking;
    const { rows: _rows, ...meta } = full;
    const seen: PublicRanking['rows'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.http.get(`${url}?limit=10${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      const page = res.body as Page;
      const { rows, next, ...pageMeta } = page;
      expect(pageMeta).toEqual(meta);
      expect(rows.length).toBeLessThanOrEqual(10);
      seen.push(...rows);
      cursor = next;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil(full.rows.length / 10));
    expect(seen).toEqual(full.rows);
    // A page as large as the list: every row, and no next.
    const all = (await t.http.get(`${url}?limit=1000`).expect(200)).body as Page;
    expect(all.rows).toEqual(full.rows);
    expect(all.next).toBeNull();
  });

  it('refuses a limit out of 1..1000, a cursor without limit, and a garbage cursor, naming the field', async () => {
    for (const limit of ['0', '1001', 'x']) {
      const res = await t.http.get(`${url}?limit=${limit}`).expect(400);
      expect(JSON.stringify(res.body)).toContain('limit');
    }
    const first = (await t.http.get(`${url}?limit=3`).expect(200)).body as Page;
    const noLimit = await t.http.get(`${url}?cursor=${first.next}`).expect(400);
    expect(JSON.stringify(noLimit.body)).toContain('limit');
    for (const cursor of ['not-a-cursor', Buffer.from('["x","y"]').toString('base64url'), '%2F%2F']) {
      const res = await t.http.get(`${url}?limit=3&cursor=${cursor}`).expect(400);
      expect(JSON.stringify(res.body)).toContain('cursor');
    }
  });

  it("the methodology and a unit's score card: an ETag, 304 on a match, and no caching headers on a refusal", async () => {
    const code = Object.keys(province.units)[0];
    for (const path of ['/api/v1/public/methodology/2022/province', `${url}/units/${code}`]) {
      const first = await t.http.get(path).expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
      expect((await t.http.get(path).expect(200)).text).toBe(first.text);
      const cached = await t.http.get(path).set('If-None-Match', etag).expect(304);
      expect(cached.text ?? '').toBe('');
      expect((await t.http.get(`${path}?version=1`).expect(200)).headers['cache-control']).toBe('public, max-age=86400, immutable');
    }
    const missing = await t.http.get(`${url}/units/NOPE`).expect(404);
    // (Express's own weak ETag of the error body may be there; not ours, a strong one.)
    expect(missing.headers.etag ?? '').not.toMatch(/^"/);
    expect(missing.headers['cache-control']).toBeUndefined();
  });

  it("a correction changes the latest's ETag; version 1 keeps its own, cached for long; an old cursor is refused on the latest", async () => {
    const before = await t.http.get(url).expect(200);
    const v1 = await t.http.get(`${url}?version=1`).expect(200);
    expect(v1.headers['cache-control']).toBe('public, max-age=86400, immutable');
    const page1 = (await t.http.get(`${url}?limit=3`).expect(200)).body as Page;
    expect(page1.next).not.toBeNull();

    await t.http
      .post(`/api/v1/cycles/${province.cycleId}/publications/corrections`)
      .set(admin.auth)
      .send({ runId: province.runId, reason: 'Đính chính: công bố lại sau khi rà soát' })
      .expect(201);

    const after = await t.http.get(url).set('If-None-Match', before.headers.etag as string).expect(200);
    expect((after.body as PublicRanking).version).toBe(2);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const v1Again = await t.http.get(`${url}?version=1`).set('If-None-Match', v1.headers.etag as string).expect(304);
    expect(v1Again.headers.etag).toBe(v1.headers.etag);

    // The cursor was version 1's: on the latest (version 2) it is refused; with ?version=1 it goes on.
    const stale = await t.http.get(`${url}?limit=3&cursor=${page1.next}`).expect(400);
    expect(JSON.stringify(stale.body)).toContain('cursor');
    const v1Page2 = (await t.http.get(`${url}?version=1&limit=3&cursor=${page1.next}`).expect(200)).body as Page;
    expect(v1Page2.rows).toEqual((v1.body as PublicRanking).rows.slice(3, 6));
  });
});
