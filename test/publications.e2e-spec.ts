import { isUtf8 } from 'node:buffer';
import type { INestApplicationContext } from '@nestjs/common';
import { canonicalJson, sha256Hex } from '../src/common/canonical-json';
import { roundTo } from '../src/engine';
import { Publication } from '../src/publications/publication.entity';
import type { PublicationSnapshot } from '../src/publications/publication-snapshot';
import type { VerifyReport } from '../src/publications/publication-verify';
import { PublicationsService, VERIFY_BUSY_RETRY_AFTER_SECONDS } from '../src/publications/publications.service';
import { CHUNK_BYTES } from '../src/publications/snapshot-chunks.queries';
import { scoreInputBatches } from '../src/scoring/score-input-batches';
import { hashInputs, inputsHasher, loadScoreInputs, type ScoredUnitInput } from '../src/scoring/score-inputs';
import { byCode } from '../src/scoring/score-results';
import type { PublicRanking } from '../src/publications/public-results.service';
import { openNextProvinceCycle, openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { asTextSnapshot, bypassingFrozen, storedChunks } from './utils/snapshot-chunks';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * Two years published one after the other: the second carries each unit's rank and index of the first (read from
 * the first's snapshot), and the snapshot, ~250 MB at commune scale, is read only where it is asked for.
 */
describe('publications across years, and the frozen snapshot', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;

  /** Scores the cycle (in phase scoring) on the queue and publishes the run; the publication's id. */
  const scoreAndPublish = async (cycleId: string): Promise<string> => {
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t);
    const pub = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);
    return pub.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it("publishes 2023 with each province's 2022 rank and index as last year's, and the change", async () => {
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    await scoreAndPublish(c.cycleId);

    const next = await openNextProvinceCycle(t, c);
    await moveCycle(t, c.admin.auth, next, 'review', 'scoring');
    await scoreAndPublish(next);

    const before = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body as PublicRanking;
    const after = (await t.http.get('/api/v1/public/rankings/2023/province').expect(200)).body as PublicRanking;
    const lastYear = new Map(before.rows.map((r) => [r.code, r]));
    expect(after.rows).toHaveLength(63);
    // The generated answers differ by year: some provinces move, so a wrong pairing of years would show.
    expect(after.rows.some((r) => r.rank !== lastYear.get(r.code)!.rank)).toBe(true);
    for (const row of after.rows) {
      const last = lastYear.get(row.code)!;
      expect([row.code, row.previous]).toEqual([
        row.code,
        expect.objectContaining({
          rank: last.rank,
          value: last.index,
          rankChange: last.rank! - row.rank!,
          change: roundTo(row.index! - last.index!, 4),
        }),
      ]);
    }
  }, 300_000);

  it('serves the snapshot byte for byte to admins (its sha256 as the ETag), streamed from its chunks, and never loads it into a publication view', async () => {
    const [{ id }]: { id: string }[] = await t.db.query('SELECT id FROM publications WHERE year = 2022');
    const stored = await storedChunks(t, id);
    const res = await download(id);
    const [{ sha256, text: column }]: { sha256: string; text: string | null }[] = await t.db.query('SELECT sha256, snapshot AS text FROM publications WHERE id = $1', [id]);
    // Made since chunks: the text column stays empty, the bytes are the chunks', ~1 MiB each (the last shorter).
    expect(column).toBeNull();
    const sizes: { size: number }[] = await t.db.query('SELECT octet_length(bytes) AS size FROM publication_snapshot_chunks WHERE publication_id = $1 ORDER BY seq', [id]);
    expect(sizes.slice(0, -1).every((c) => c.size === CHUNK_BYTES)).toBe(true);
    expect(res.bytes.equals(stored)).toBe(true);
    expect(sha256Hex(res.bytes)).toBe(sha256);
    expect(res.headers.etag).toBe(`"${sha256}"`);
    expect(res.headers['content-length']).toBe(String(stored.length));
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // Exactly the canonical JSON of the snapshot it holds: the same text canonicalJson gave when it was one string.
    const snapshot = JSON.parse(res.bytes.toString('utf8')) as PublicationSnapshot;
    expect(canonicalJson(snapshot)).toBe(res.bytes.toString('utf8'));
    expect(snapshot.results).toHaveLength(63);
    expect(snapshot.inputs.units).toHaveLength(63);
    expect(snapshot.results.map((r) => r.code)).toEqual([...snapshot.results.map((r) => r.code)].sort(byCode));
    // Stored with lz4 where PostgreSQL has it (the migrations SnapshotLz4, SnapshotChunks): several times faster than pglz.
    // PostgreSQL 13 has neither the setting nor pg_column_compression: nothing to check there.
    const [{ lz4 }]: { lz4: boolean }[] = await t.db.query(
      `SELECT EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) AS lz4`,
    );
    if (lz4) {
      const methods: { method: string | null }[] = await t.db.query('SELECT pg_column_compression(bytes) AS method FROM publication_snapshot_chunks WHERE publication_id = $1', [id]);
      expect(methods.some((m) => m.method === 'lz4')).toBe(true);
    }
    expect((await t.http.get(`/api/v1/publications/${id}/verify`).set(c.admin.auth).expect(200)).body).toEqual({ publicationId: id, ok: true, problems: [] });

    await t.http.get(`/api/v1/publications/${id}/snapshot`).set(c.officerA.auth).expect(403);
    await t.http.get('/api/v1/publications/00000000-0000-4000-8000-000000000000/snapshot').set(c.admin.auth).expect(404);
    // Read as an entity (lists, views, the public ranking), a publication comes without it.
    expect((await t.db.getRepository(Publication).findOneByOrFail({ id })).snapshot).toBeUndefined();
    const list = await t.http.get(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id, sha256 })]);
  }, 60_000);

  it('verifies and checks a snapshot whose chunks are cut inside characters, and finds a chunk that is not UTF-8 by its sha256', async () => {
    const [{ id }]: { id: string }[] = await t.db.query('SELECT id FROM publications WHERE year = 2022');
    const stored = await storedChunks(t, id);
    const original: { seq: number; bytes: Buffer }[] = await t.db.query('SELECT seq, bytes FROM publication_snapshot_chunks WHERE publication_id = $1 ORDER BY seq', [id]);
    const rechunk = (chunks: Buffer[]) =>
      bypassingFrozen(t, ['DELETE FROM publication_snapshot_chunks WHERE publication_id = $1', [id]], ...chunks.map((bytes, seq): [string, unknown[]] => ['INSERT INTO publication_snapshot_chunks (publication_id, seq, bytes) VALUES ($1, $2, $3)', [id, seq, bytes]]));
    // Chunks of an odd size, so that some end inside a Vietnamese letter (as the writer's may, cut at CHUNK_BYTES) and the
    // next begins with the rest of it, while others are whole text: each batch of four is read as text or as bytes.
    const SIZE = 4099;
    const chunks = Array.from({ length: Math.ceil(stored.length / SIZE) }, (_, i) => stored.subarray(i * SIZE, (i + 1) * SIZE));
    // Batches of four (snapshotChunkTexts' reads) of both kinds: some read as text, some again as bytes.
    const batches = Array.from({ length: Math.ceil(chunks.length / 4) }, (_, i) => chunks.slice(i * 4, i * 4 + 4));
    expect(batches.some((batch) => batch.every((c) => isUtf8(c)))).toBe(true);
    expect(batches.some((batch) => batch.some((c) => !isUtf8(c)))).toBe(true);
    await rechunk(chunks);
    try {
      const intact = { publicationId: id, ok: true, problems: [] };
      expect((await download(id)).bytes.equals(stored)).toBe(true);
      expect(await t.app.get(PublicationsService).verify(id)).toEqual(intact);
      expect(await t.app.get(PublicationsService).checkFrozen(id)).toEqual(intact);

      // A byte that is no UTF-8 anywhere, in a chunk that was whole text: found by the sha256, not a failed read.
      const at = chunks.findIndex((c, i) => i > 4 && isUtf8(c));
      const changed = Buffer.from(chunks[at]);
      changed[SIZE >> 1] = 0xff;
      await rechunk(chunks.map((c, i) => (i === at ? changed : c)));
      const report = await t.app.get(PublicationsService).verify(id);
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatch(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /);
      const check = await t.app.get(PublicationsService).checkFrozen(id);
      expect(check.problems).toEqual([expect.stringMatching(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /)]);
    } finally {
      await rechunk(original.map((c) => c.bytes));
    }
    expect(await t.app.get(PublicationsService).verify(id)).toEqual({ publicationId: id, ok: true, problems: [] });
  }, 120_000);

  it('still downloads, verifies and checks a publication made before chunks (its snapshot one text), byte for byte', async () => {
    const [{ id }]: { id: string }[] = await t.db.query('SELECT id FROM publications WHERE year = 2023');
    const chunked = await download(id);
    await asTextSnapshot(t, id);
    const [{ text, chunks }]: { text: string; chunks: number }[] = await t.db.query(
      'SELECT snapshot AS text, (SELECT count(*)::int FROM publication_snapshot_chunks WHERE publication_id = $1) AS chunks FROM publications WHERE id = $1',
      [id],
    );
    expect(chunks).toBe(0);
    const res = await download(id);
    expect(res.bytes.toString('utf8')).toBe(text);
    expect(res.bytes.equals(chunked.bytes)).toBe(true);
    expect(res.headers.etag).toBe(chunked.headers.etag);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect((await t.http.get(`/api/v1/publications/${id}/verify`).set(c.admin.auth).expect(200)).body).toEqual({ publicationId: id, ok: true, problems: [] });
    expect(await t.app.get(PublicationsService).checkFrozen(id)).toEqual({ publicationId: id, ok: true, problems: [] });
    // The public ranking (its last year's values come from the text publication's frozen rows) is unchanged.
    expect((await t.http.get('/api/v1/public/rankings/2023/province').expect(200)).body.rows).toHaveLength(63);
  }, 60_000);

  it('reads a cycle\'s inputs in batches as loadScoreInputs reads them whole: same units, same order, same hash', async () => {
    const whole = await loadScoreInputs(t.db.manager, c.cycleId);
    for (const size of [1, 10, 500]) {
      const read = await scoreInputBatches(t.db.manager, c.cycleId, size);
      const hash = inputsHasher(read.head, read.count);
      const units: ScoredUnitInput[] = [];
      for await (const batch of read.batches) {
        for (const unit of batch) {
          units.push(unit);
          hash.add(unit);
        }
      }
      expect(read.count).toBe(63);
      expect(canonicalJson(units)).toBe(canonicalJson(whole.units));
      expect(read.head.parameters).toEqual(whole.parameters);
      expect(hash.digest()).toBe(hashInputs(whole));
    }
  }, 60_000);

  it('verifies one publication at a time with one more waiting, refuses a third as busy (429, Retry-After) but an unknown one as not found, and lets an ask for one being verified share it', async () => {
    const [first, second]: { id: string; run_id: string }[] = await t.db.query('SELECT id, run_id FROM publications ORDER BY year');
    // A third publication: the 2022 cycle corrected from its own run (version 2).
    const third = (
      await t.http.post(`/api/v1/cycles/${c.cycleId}/publications/corrections`).set(c.admin.auth).send({ runId: first.run_id, reason: 'Kiểm tra lần hai' }).expect(201)
    ).body.id as string;
    const publications = t.app.get(PublicationsService);
    const target = publications as unknown as { verifyNow(id: string): Promise<VerifyReport> };
    const real = target.verifyNow.bind(publications);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first verify is held until the test lets it go; the others are the real ones.
    const verifyNow = jest.spyOn(target, 'verifyNow').mockImplementationOnce(async (id) => {
      await held;
      return real(id);
    });
    const running = publications.verify(first.id);
    const waiting = publications.verify(second.id);
    let overHttp: Promise<{ status: number; body: unknown }> | undefined;
    try {
      const joined = publications.verify(first.id);
      expect(joined).toBe(running);
      expect(publications.verify(second.id)).toBe(waiting);

      const busy = await t.http.get(`/api/v1/publications/${third}/verify`).set(c.admin.auth).expect(429);
      expect(busy.body).toMatchObject({ error: 'VERIFY_BUSY', details: { retryAfterSeconds: VERIFY_BUSY_RETRY_AFTER_SECONDS } });
      expect(busy.headers['retry-after']).toBe(String(VERIFY_BUSY_RETRY_AFTER_SECONDS));
      // A publication that does not exist is not found, busy or not.
      const unknown = await t.http.get('/api/v1/publications/00000000-0000-4000-8000-000000000000/verify').set(c.admin.auth).expect(404);
      expect(unknown.body).toMatchObject({ error: 'NOT_FOUND', message: 'publication 00000000-0000-4000-8000-000000000000 not found' });
      // Over HTTP too, an ask for the publication being verified waits for that verify and gets its report.
      const asks = jest.spyOn(publications, 'verify');
      overHttp = t.http.get(`/api/v1/publications/${first.id}/verify`).set(c.admin.auth).then((r) => r);
      // Until the request has reached the service (it is held there, not answered).
      for (let tries = 0; asks.mock.calls.length === 0 && tries < 300; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(asks).toHaveBeenCalledTimes(1);
      asks.mockRestore();
      expect(verifyNow.mock.calls.map(([id]) => id)).toEqual([first.id]);

      release();
      const intact = (id: string) => ({ publicationId: id, ok: true, problems: [] });
      expect(await running).toEqual(intact(first.id));
      expect(await waiting).toEqual(intact(second.id));
      const shared = await overHttp;
      expect([shared.status, shared.body]).toEqual([200, intact(first.id)]);
      // One verify each: the asks that came while one ran shared it.
      expect(verifyNow.mock.calls.map(([id]) => id).sort()).toEqual([first.id, second.id].sort());
    } finally {
      release();
      // Nothing left running past the test, whatever failed in it.
      await Promise.allSettled([running, waiting, overHttp]);
      verifyNow.mockRestore();
    }
    // The gate is free again: the third verifies.
    expect((await t.http.get(`/api/v1/publications/${third}/verify`).set(c.admin.auth).expect(200)).body).toEqual({ publicationId: third, ok: true, problems: [] });
  }, 120_000);

  it("refuses to publish a run whose stored results no longer hash to the run's results hash, and keeps nothing of it", async () => {
    const [{ run_id: runId }]: { run_id: string }[] = await t.db.query('SELECT run_id FROM publications WHERE year = 2022 AND version = 1');
    const count = async () => (await t.db.query('SELECT (SELECT count(*)::int FROM publications) AS publications, (SELECT count(*)::int FROM publication_snapshot_chunks) AS chunks'))[0];
    const before = await count();
    const rows: { unit_code: string; index_rounded: number }[] = await t.db.query('SELECT unit_code, index_rounded FROM score_results WHERE run_id = $1 AND index_rounded IS NOT NULL', [runId]);
    // The last unit in the hash's order: every other unit is hashed (and written) before the difference is met.
    const { unit_code: code, index_rounded: was } = rows.sort((a, b) => byCode(a.unit_code, b.unit_code)).at(-1)!;
    await t.db.query('UPDATE score_results SET index_rounded = index_rounded + 0.0001 WHERE run_id = $1 AND unit_code = $2', [runId, code]);
    try {
      const refused = await t.http
        .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
        .set(c.admin.auth)
        .send({ runId, reason: 'Đính chính sau khi rà soát' })
        .expect(409);
      expect(refused.body).toMatchObject({ error: 'CONFLICT', message: `the stored results of run ${runId} do not match its results hash; run it again` });
      expect(await count()).toEqual(before);
    } finally {
      await t.db.query('UPDATE score_results SET index_rounded = $3 WHERE run_id = $1 AND unit_code = $2', [runId, code, was]);
    }
  }, 60_000);

  /** The snapshot as downloaded: its bytes and headers. */
  async function download(id: string): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
    const res = await t.http
      .get(`/api/v1/publications/${id}/snapshot`)
      .set(c.admin.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (x: Buffer) => chunks.push(x));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return { bytes: res.body as Buffer, headers: res.headers as Record<string, string> };
  }
});
