/**
 * A publication is served from what was frozen at publish (publication_results), not from the run's score_results:
 * a result changed in the database afterwards shows nowhere public. The frozen rows refuse UPDATE and DELETE, and
 * a tampered publication (the guard bypassed, as one with the table owner's rights could) is found by the scheduled
 * check: an audit entry, /health's detail and the administrator's pages say so.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PublicationIntegrityService } from '../src/publications/publication-integrity.service';
import { PublicationsService } from '../src/publications/publications.service';
import { sha256Hex } from '../src/common/canonical-json';
import { MaintenanceProducer } from '../src/queue/maintenance.producer';
import { QueueName } from '../src/queue/queue-name';
import { ScheduledJobName } from '../src/queue/scheduled-job';
import { queuePortToken, type QueuePort } from '../src/queue/queue-port';
import { waitForQueuesToDrain } from '../src/queue/wait-for-queues';
import { loadRankingWorkbookData, loadScoreCardData, withSnapshot } from '../src/exports/export-data';
import type { PublicRanking, PublicRankingRow } from '../src/publications/public-results.service';
import type { RankingUnitStream, RankingWorkbookUnit } from '../src/exports/ranking-workbook';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { bypassingFrozen } from './utils/snapshot-chunks';
import { auditCount, resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/** A row of the public ranking page's table: its rank cell and index value, as the page shows them. */
function pageRow(html: string, code: string): { rank: string; index: string } {
  const row = new RegExp(`<tr data-code="${code}">([\\s\\S]*?)</tr>`).exec(html);
  if (!row) throw new Error(`no row ${code} on the page`);
  return {
    // The pinned cells carry their pin classes too (class="num rank pin pin-rank").
    rank: /<td class="num rank[^"]*">([^<]*)<\/td>/.exec(row[1])![1].trim(),
    index: /<td class="num index[^"]*" data-value="([^"]*)"/.exec(row[1])![1],
  };
}

describe('publications served from their frozen rows', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;
  let runId: string;
  let publicationId: string;
  let published: PublicRanking;
  const health = async () => (await t.http.get('/health').expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    await drainQueues(t);
    runId = run.body.run.id;
    publicationId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId }).expect(201)).body.id;
    published = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body;
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('shows the published index and rank in the API, the page, the score card and the workbooks after score_results change', async () => {
    const first = published.rows[0];
    const last = published.rows[published.rows.length - 1];
    expect(first.rank).toBe(1);
    // The first unit made last, with another index and other node values, in the run's stored results.
    await t.db.query(
      `UPDATE score_results SET index = 0.0001, index_rounded = 0.0001, rank = 99, group_rank = 99,
              nodes = (SELECT jsonb_object_agg(k, v || '{"value": 0.0001}') FROM jsonb_each(nodes) e(k, v)),
              pillars = (SELECT coalesce(jsonb_object_agg(k, v || '{"value": 0.0001}'), '{}') FROM jsonb_each(pillars) e(k, v))
        WHERE run_id = $1 AND unit_code = $2`,
      [runId, first.code],
    );
    await t.db.query('UPDATE score_results SET index_rounded = 0.9999, rank = 1 WHERE run_id = $1 AND unit_code = $2', [runId, last.code]);

    const api = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body as PublicRanking;
    expect(api.rows).toEqual(published.rows);
    const row = (code: string) => api.rows.find((r) => r.code === code)!;
    expect(row(first.code)).toMatchObject<Partial<PublicRankingRow>>({ rank: 1, index: first.index, values: first.values });
    expect(row(last.code)).toMatchObject<Partial<PublicRankingRow>>({ rank: last.rank, index: last.index });

    const html = (await t.http.get('/rankings/2022/province').expect(200)).text;
    expect(pageRow(html, first.code)).toEqual({ rank: '1', index: String(first.index) });
    expect(pageRow(html, last.code)).toEqual({ rank: String(last.rank), index: String(last.index) });

    const card = (await t.http.get(`/api/v1/public/rankings/2022/province/units/${first.code}`).expect(200)).body;
    expect(card).toMatchObject({ index: first.index, rank: 1 });
    expect(card.lines.some((l: { value: number | null }) => l.value === 0.0001)).toBe(false);

    const workbook = await withSnapshot(t.db, async (runner) => {
      const data = await loadRankingWorkbookData(runner, publicationId);
      const units: RankingWorkbookUnit[] = [];
      for await (const batch of (data.units as RankingUnitStream).batches()) units.push(...batch);
      const details: { code: string; values: (number | null)[] }[] = [];
      for await (const batch of data.details!()) details.push(...batch);
      return { units, details };
    });
    expect(workbook.units.map((u) => [u.code, u.rank, u.index])).toEqual(published.rows.map((r) => [r.code, r.rank, r.index]));
    expect(workbook.details.find((d) => d.code === first.code)!.values).not.toContain(0.0001);
    const scoreCard = await withSnapshot(t.db, (runner) => loadScoreCardData(runner, publicationId, first.code));
    expect(scoreCard.result).toMatchObject({ index: first.index, rank: 1 });
  }, 60_000);

  it('refuses UPDATE and DELETE on the frozen rows and on the publication, in the database itself', async () => {
    const code = published.rows[0].code;
    for (const sql of [
      'UPDATE publication_results SET index_rounded = 0.5 WHERE publication_id = $1 AND unit_code = $2',
      'DELETE FROM publication_results WHERE publication_id = $1 AND unit_code = $2',
    ]) {
      await expect(t.db.query(sql, [publicationId, code])).rejects.toThrow(/a publication is frozen/);
    }
    for (const sql of [
      `UPDATE publications SET sha256 = repeat('0', 64) WHERE id = $1`,
      `UPDATE publications SET snapshot = snapshot || ' ' WHERE id = $1`,
      'UPDATE publications SET reason = $2 WHERE id = $1',
      'DELETE FROM publications WHERE id = $1',
      `UPDATE publication_snapshot_chunks SET bytes = bytes || '\\x20'::bytea WHERE publication_id = $1`,
      'DELETE FROM publication_snapshot_chunks WHERE publication_id = $1',
    ]) {
      const params = sql.includes('$2') ? [publicationId, 'x'] : [publicationId];
      await expect(t.db.query(sql, params)).rejects.toThrow(/a publication is frozen/);
    }
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM publication_results WHERE publication_id = $1', [publicationId]);
    expect(n).toBe(63);
    expect((await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body.rows).toEqual(published.rows);
  });

  describe('a publication changed behind the guard (trigger disabled, as the tables\' owner could)', () => {
    const code = () => published.rows[1].code;
    /** Runs statements with the tables' triggers off, then puts them back. */
    const bypassing = (...statements: [string, unknown[]][]) => bypassingFrozen(t, ...statements);
    /** The administrator's web session: its cookie holds the token the API signed in with. */
    const adminPage = () => ({ Cookie: `dti_session=${c.admin.token}` });
    const auditOf = (action: string) => t.db.query('SELECT after FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY id', [action, publicationId]);

    it('is reported intact by the scheduled check before, with nothing to alert, without parsing the snapshot', async () => {
      const before = await auditCount(t);
      // The snapshot is hundreds of MB at commune scale: the scheduled check hashes its chunks as read and parses none of it.
      const parse = jest.spyOn(JSON, 'parse');
      try {
        expect(await t.app.get(PublicationIntegrityService).checkAll()).toEqual({ checked: 1, mismatched: [] });
        expect(parse.mock.calls.some(([text]) => typeof text === 'string' && text.includes('"format":"dti-publication/1"'))).toBe(false);
      } finally {
        parse.mockRestore();
      }
      expect(await auditCount(t)).toBe(before);
      const body = await health();
      expect(body.status).toBe('ok');
      expect(body.details.publications).toEqual({ status: 'up', mismatched: [], lastCheckedAt: expect.any(String) });
      expect(body.error).toEqual({});
      const page = (await t.http.get('/app/admin/cycles').set(adminPage()).expect(200)).text;
      expect(page).not.toContain('integrity-alert');
    });

    it('finds a frozen row changed: the task reports it through the queue, an audit entry, /health and the admin pages say so', async () => {
      await bypassing([
        'UPDATE publication_results SET index_rounded = index_rounded + 0.01 WHERE publication_id = $1 AND unit_code = $2',
        [publicationId, code()],
      ]);
      // The registered task, run by the worker's maintenance processor as its schedule would.
      const queue = t.app.get<Queue>(getQueueToken(QueueName.Maintenance));
      const job = await t.app.get(MaintenanceProducer).runNow(ScheduledJobName.VerifyPublications);
      await waitForQueuesToDrain([t.app.get<QueuePort>(queuePortToken(QueueName.Maintenance))], 30_000);
      const done = (await queue.getJob(job.id!))!;
      expect(await done.getState()).toBe('completed');
      expect(done.returnvalue).toEqual({ checked: 1, mismatched: [publicationId] });

      const [entry] = await auditOf('publication.integrity-mismatch');
      expect(entry.after).toEqual({ problemCount: 1, problems: [expect.stringMatching(/^the frozen results \(63\) hash to [0-9a-f]{64}, the publication says /)] });
      // The full check (publication:verify) names the unit and the field.
      expect((await t.app.get(PublicationsService).verify(publicationId)).problems).toEqual([expect.stringContaining(`${code()}.indexRounded: snapshot `)]);
      const body = await health();
      expect(body.status).toBe('ok');
      expect(body.details.publications).toEqual({ status: 'down', mismatched: [publicationId], lastCheckedAt: expect.any(String) });
      expect(body.error.publications.mismatched).toEqual([publicationId]);

      const list = (await t.http.get('/app/admin/cycles').set(adminPage()).expect(200)).text;
      expect(list).toContain('id="integrity-alert"');
      expect(list).toContain('Cảnh báo: dữ liệu công bố bị thay đổi');
      expect(list).toContain(`href="/app/admin/cycles/${c.cycleId}"`);
      const cyclePage = (await t.http.get(`/app/admin/cycles/${c.cycleId}`).set(adminPage()).expect(200)).text;
      expect(cyclePage).toContain('Không khớp với bản đã đóng băng: 1 điểm khác');
      expect(cyclePage).toContain('the frozen results (63) hash to ');
      const english = (await t.http.get('/app/admin/cycles').set('Cookie', `dti_session=${c.admin.token}; dti_lang=en`).expect(200)).text;
      expect(english).toContain('Alert: published data was changed');

      // Found again unchanged: no second entry for the same finding.
      expect((await t.app.get(PublicationIntegrityService).checkAll()).mismatched).toEqual([publicationId]);
      expect(await auditOf('publication.integrity-mismatch')).toHaveLength(1);
    }, 60_000);

    it('finds a changed chunk of the snapshot by its sha256 (the check and verify), and says when the publication is intact again', async () => {
      const [{ bytes: original }]: { bytes: Buffer }[] = await t.db.query('SELECT bytes FROM publication_snapshot_chunks WHERE publication_id = $1 AND seq = 0', [publicationId]);
      const changed = Buffer.from(original.toString('latin1').replace('"format":', '"format" :'), 'latin1');
      expect(changed.equals(original)).toBe(false);
      await bypassing(
        ['UPDATE publication_results SET index_rounded = index_rounded - 0.01 WHERE publication_id = $1 AND unit_code = $2', [publicationId, code()]],
        ['UPDATE publication_snapshot_chunks SET bytes = $2 WHERE publication_id = $1 AND seq = 0', [publicationId, changed]],
      );
      const integrity = t.app.get(PublicationIntegrityService);
      expect(await integrity.checkAll()).toEqual({ checked: 1, mismatched: [publicationId] });
      const entries = await auditOf('publication.integrity-mismatch');
      expect(entries).toHaveLength(2);
      expect(entries[1].after.problems).toEqual([expect.stringMatching(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /)]);

      const report = await t.app.get(PublicationsService).verify(publicationId);
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatch(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /);

      await bypassing(['UPDATE publication_snapshot_chunks SET bytes = $2 WHERE publication_id = $1 AND seq = 0', [publicationId, original]]);
      expect(await integrity.checkAll()).toEqual({ checked: 1, mismatched: [] });
      expect(await auditOf('publication.integrity-restored')).toHaveLength(1);
      expect((await health()).details.publications.status).toBe('up');
      expect((await t.http.get('/app/admin/cycles').set(adminPage()).expect(200)).text).not.toContain('integrity-alert');
    }, 60_000);
  });

  it('checks every publication when the check of one throws: that one is recorded as failed with the error', async () => {
    // The run's results put back as published (the first test changed them), then published again as version 2.
    await t.db.query(
      `UPDATE score_results s SET index = p.index, index_rounded = p.index_rounded, rank = p.rank, group_rank = p.group_rank, nodes = p.nodes, pillars = p.pillars
         FROM publication_results p WHERE p.publication_id = $1 AND s.run_id = $2 AND s.unit_id = p.unit_id`,
      [publicationId, runId],
    );
    const correction = (
      await t.http.post(`/api/v1/cycles/${c.cycleId}/publications/corrections`).set(c.admin.auth).send({ runId, reason: 'Sửa lỗi nhập liệu' }).expect(201)
    ).body.id;
    const integrity = t.app.get(PublicationIntegrityService);
    const check = jest.spyOn(t.app.get(PublicationsService), 'checkFrozen').mockRejectedValueOnce(new Error('connection lost'));
    try {
      expect(await integrity.checkAll()).toEqual({ checked: 2, mismatched: [publicationId] });
    } finally {
      check.mockRestore();
    }
    const checks = await t.db.query('SELECT publication_id, ok, problems FROM publication_checks ORDER BY ok');
    expect(checks).toEqual([
      { publication_id: publicationId, ok: false, problems: [expect.stringContaining('connection lost')] },
      { publication_id: correction, ok: true, problems: [] },
    ]);
    expect((await health()).details.publications.mismatched).toEqual([publicationId]);
    // Checked again, it is intact: said as for any mismatch resolved.
    expect(await integrity.checkAll()).toEqual({ checked: 2, mismatched: [] });
  }, 120_000);

  it('hashes a snapshot in PostgreSQL to the sha256 Node gives its text (UTF-8 bytes), Vietnamese included', async () => {
    const texts = ['{"nameVi":"Tỉnh Bà Rịa – Vũng Tàu, Đắk Lắk, Thừa Thiên Huế","note":"ắ ẵ ỹ ữ 𝔸 😀 \\u0000"}', published.rows.map((r) => r.nameVi).join('|')];
    for (const text of texts) {
      const [{ digest }] = await t.db.query(`SELECT encode(sha256(convert_to($1::text, 'UTF8')), 'hex') AS digest`, [text]);
      expect(digest).toBe(sha256Hex(text));
    }
    // A chunked snapshot's sha256 is its chunks' bytes joined.
    const [row] = await t.db.query(
      `SELECT sha256, (SELECT encode(sha256(string_agg(bytes, ''::bytea ORDER BY seq)), 'hex') FROM publication_snapshot_chunks WHERE publication_id = id) AS digest FROM publications WHERE id = $1`,
      [publicationId],
    );
    expect(row.digest).toBe(row.sha256);
  });

  it('still lets the tests empty every table (TRUNCATE is not refused)', async () => {
    await resetState(t);
    const [{ n }] = await t.db.query(
      'SELECT (SELECT count(*) FROM publication_results) + (SELECT count(*) FROM publications) + (SELECT count(*) FROM publication_snapshot_chunks) AS n',
    );
    expect(Number(n)).toBe(0);
  });
});
