import type { INestApplicationContext } from '@nestjs/common';
import { runPublicationVerify } from '../src/cli/commands/publication-verify.command';
import { CliOutput, type CliLang } from '../src/cli/output/cli-output';
import { roundTo } from '../src/engine';
import { queuePortToken, type QueuePort, type QueueJob } from '../src/queue/queue-port';
import { ScoreRunProcessor } from '../src/scoring/score-run.processor';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/** `npm run cli -- [--lang en] [--json] publication:verify <id>` as the CLI runs it: what it printed and its exit code. */
async function cliVerify(id: string, lang: CliLang = 'vi', json = false): Promise<{ out: string; err: string; exitCode: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runPublicationVerify(id, new CliOutput(lang, json, { out: (t) => out.push(t), err: (t) => err.push(t) }));
  return { out: out.join('\n'), err: err.join('\n'), exitCode };
}

describe('score runs, ranking and publication', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;

  const runOf = async (cycleId: string) => {
    const res = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(c.admin.auth).expect(202);
    return res.body as { run: { id: string; inputsHash: string; status: string }; created: boolean };
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('asking twice for the same inputs gives one job and one run; changed inputs give a new run', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const first = await runOf(c.cycleId);
    const second = await runOf(c.cycleId);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.run.id).toBe(first.run.id);
    // One job, named by the run's business key (the second ask would have added under the same id).
    const job = await t.app.get<QueuePort>(queuePortToken('scoring')).getJob(`score-${c.cycleId}-${first.run.inputsHash}`);
    expect(job?.data).toMatchObject({ runId: first.run.id });
    await drainQueues(t);
    const done = await t.http.get(`/api/v1/score-runs/${first.run.id}`).set(c.admin.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100, unitCount: 63, engineVersion: expect.any(String) });
    expect(done.body.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number((await t.db.query('SELECT count(*)::int AS n FROM score_results WHERE run_id = $1', [first.run.id]))[0].n)).toBe(63);

    const fresh = await t.http.get(`/api/v1/cycles/${c.cycleId}/results-status`).set(c.admin.auth).expect(200);
    expect(fresh.body).toMatchObject({ stale: false, staleSince: null });

    // One answer changed (back to open for a late correction), and asked again: a new run, another hash.
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'open');
    const state = await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200);
    const [code, answer] = Object.entries(state.body.answers as Record<string, { value: unknown }>).find(([, a]) => typeof a.value === 'boolean')!;
    await t.http
      .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/answers`)
      .set(c.officerA.auth)
      .set('If-Match', state.headers.etag)
      .send({ answers: [{ indicatorCode: code, value: !answer.value }] })
      .expect(200);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const stale = await t.http.get(`/api/v1/cycles/${c.cycleId}/results-status`).set(c.admin.auth).expect(200);
    expect(stale.body.stale).toBe(true);
    expect(new Date(stale.body.staleSince).getTime()).toBeGreaterThan(new Date(done.body.createdAt).getTime());
    const third = await runOf(c.cycleId);
    expect(third.created).toBe(true);
    expect(third.run.inputsHash).not.toBe(first.run.inputsHash);
  });

  it('a run left running with its job gone (its failure never recorded: PostgreSQL was down) is queued again when asked for again', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const { run } = await runOf(c.cycleId);
    await drainQueues(t);
    // What a worker leaves when the database is down as its job's last attempt fails: the row still `running` (its
    // results rolled back), and the job failed or, once removed by age, gone from the queue.
    await t.app.get<QueuePort>(queuePortToken('scoring')).remove(`score-${c.cycleId}-${run.inputsHash}`);
    await t.db.query('DELETE FROM score_results WHERE run_id = $1', [run.id]);
    await t.db.query(`UPDATE score_runs SET status = 'running', progress = 60, results_hash = NULL, finished_at = NULL WHERE id = $1`, [run.id]);

    const again = await runOf(c.cycleId);
    expect(again).toMatchObject({ created: false, run: { id: run.id } });
    // On the in-process queue (the embedded project) the worker may hold the job again before the reply reads the row.
    expect(['queued', 'running']).toContain(again.run.status);
    await drainQueues(t);
    const done = await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100, unitCount: 63 });
    expect(Number((await t.db.query('SELECT count(*)::int AS n FROM score_results WHERE run_id = $1', [run.id]))[0].n)).toBe(63);
  });

  it('a failure recorded late (its job’s last attempt, while PostgreSQL was down) leaves a run asked for again and succeeded, and its results, as they are', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const { run } = await runOf(c.cycleId);
    await drainQueues(t);
    const before = (await t.db.query('SELECT md5(string_agg(unit_code || index::text, \',\' ORDER BY unit_code)) AS h, count(*)::int AS n FROM score_results WHERE run_id = $1', [run.id]))[0];
    expect(before.n).toBe(63);
    // The old job's failed event, its last attempt spent, whose record lands only now.
    const lastAttempt = { data: { runId: run.id }, attemptsMade: 4, opts: { attempts: 4 } } as unknown as QueueJob<{ runId: string }>;
    await worker.get(ScoreRunProcessor).onFailed(lastAttempt, new Error('Connection terminated unexpectedly'));
    const after = await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'succeeded', error: null, progress: 100 });
    expect((await t.db.query('SELECT md5(string_agg(unit_code || index::text, \',\' ORDER BY unit_code)) AS h, count(*)::int AS n FROM score_results WHERE run_id = $1', [run.id]))[0]).toEqual(before);

    // A run still running when its last attempt fails is marked failed, as before.
    await t.db.query(`UPDATE score_runs SET status = 'running' WHERE id = $1`, [run.id]);
    await worker.get(ScoreRunProcessor).onFailed(lastAttempt, new Error('Connection terminated unexpectedly'));
    const failed = await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', error: 'Connection terminated unexpectedly' });
  });

  it('ranks with shared ranks, publishes version 1, serves it publicly, verifies it, and corrects it as version 2', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const { run } = await runOf(c.cycleId);
    await drainQueues(t);

    const ranking = await t.http.get(`/api/v1/score-runs/${run.id}/ranking`).set(c.admin.auth).expect(200);
    expect(ranking.body).toHaveLength(63);
    const values = ranking.body.map((r: { value: number }) => r.value);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    ranking.body.forEach((row: { rank: number; value: number }, i: number) => {
      const better = values.filter((v: number) => v > row.value).length;
      expect([i, row.rank]).toEqual([i, better + 1]);
    });
    const byNode = await t.http.get(`/api/v1/score-runs/${run.id}/ranking?node=NT`).set(c.admin.auth).expect(200);
    expect(byNode.body[0].rank).toBe(1);
    await t.http.get(`/api/v1/score-runs/${run.id}/ranking?node=NOPE`).set(c.admin.auth).expect(400);

    // The phase endpoint cannot publish; only publishing a run does.
    const cycle = await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/phase`).set(c.admin.auth).send({ to: 'published', rowVersion: cycle.body.rowVersion }).expect(409);

    const v1 = await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.id }).expect(201);
    expect(v1.body).toMatchObject({ version: 1, year: 2022, level: 'province', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth)).body.phase).toBe('published');

    const pub = await t.http.get('/api/v1/public/rankings/2022/province').expect(200);
    expect(pub.body).toMatchObject({ version: 1, publicationId: v1.body.id });
    expect(pub.body.rows.map((r: { code: string }) => r.code)).toEqual(ranking.body.map((r: { code: string }) => r.code));
    // Every value the public ranking shows is the stored result's (read whole here), rounded to the framework's precision.
    const [{ precision }] = await t.db.query(
      `SELECT (f.document->'result'->>'precision')::int AS precision FROM score_runs s JOIN framework_versions f ON f.id = s.framework_id WHERE s.id = $1`,
      [run.id],
    );
    const stored = new Map<string, { nodes: Record<string, { value: number | null }>; pillars: Record<string, { value: number | null }> }>(
      (await t.db.query('SELECT unit_code, nodes, pillars FROM score_results WHERE run_id = $1', [run.id])).map(
        (r: { unit_code: string; nodes: never; pillars: never }) => [r.unit_code, r],
      ),
    );
    const columns: { code: string; kind: string }[] = pub.body.columns;
    expect(columns.filter((col) => col.kind === 'main').length).toBeGreaterThan(0);
    let shown = 0;
    for (const row of pub.body.rows as { code: string; values: Record<string, number | null> }[]) {
      const s = stored.get(row.code)!;
      for (const col of columns) {
        const value = (col.kind === 'pillar' ? s.pillars : s.nodes)[col.code]?.value ?? null;
        expect([row.code, col.code, row.values[col.code]]).toEqual([row.code, col.code, value === null ? null : roundTo(value, precision)]);
        shown++;
      }
    }
    expect(shown).toBe(pub.body.rows.length * columns.length);
    const card = await t.http.get('/api/v1/public/rankings/2022/province/units/48').expect(200);
    expect(card.body.unit.nameVi).toBe('Đà Nẵng');
    const leafContributions = card.body.lines.filter((l: { leaf: boolean }) => l.leaf).reduce((s: number, l: { contribution: number }) => s + (l.contribution ?? 0), 0);
    expect(leafContributions).toBeCloseTo(card.body.index, 3);
    await t.http.get('/api/v1/public/methodology/2022/province').expect(200);
    await t.http.get('/api/v1/public/rankings/2021/province').expect(404);
    await t.http.get('/api/v1/public/rankings/2019/province').expect(400);

    const verified = await t.http.get(`/api/v1/publications/${v1.body.id}/verify`).set(c.admin.auth).expect(200);
    expect(verified.body).toEqual({ publicationId: v1.body.id, ok: true, problems: [] });
    // In Vietnamese by default, in English with --lang en, one JSON document with --json.
    expect(await cliVerify(v1.body.id)).toEqual({
      exitCode: 0,
      out: `publication ${v1.body.id}: đã kiểm chứng (mã băm của ảnh chụp, kết quả tính lại và kết quả công bố đều khớp)`,
      err: '',
    });
    expect(await cliVerify(v1.body.id, 'en')).toMatchObject({ exitCode: 0, out: expect.stringMatching(/: verified \(/) });
    const cliJson = await cliVerify(v1.body.id, 'en', true);
    expect([cliJson.exitCode, cliJson.err, JSON.parse(cliJson.out)]).toEqual([0, '', { ok: true, id: v1.body.id, problems: [] }]);

    // Tampered in the database, behind the guard that refuses UPDATE on them: the frozen results served no longer
    // match the snapshot.
    const tamper = async (delta: number) => {
      await t.db.query('ALTER TABLE publication_results DISABLE TRIGGER publication_results_frozen');
      try {
        await t.db.query(`UPDATE publication_results SET index_rounded = index_rounded + $2 WHERE publication_id = $1 AND unit_code = '48'`, [v1.body.id, delta]);
      } finally {
        await t.db.query('ALTER TABLE publication_results ENABLE TRIGGER publication_results_frozen');
      }
    };
    await tamper(0.01);
    const tampered = await t.http.get(`/api/v1/publications/${v1.body.id}/verify`).set(c.admin.auth).expect(200);
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.problems.join('\n')).toContain('48.indexRounded');
    const cliTampered = await cliVerify(v1.body.id);
    expect(cliTampered.exitCode).toBe(1);
    expect(cliTampered.out.split('\n')[0]).toBe(`publication ${v1.body.id}: ${tampered.body.problems.length} lỗi`);
    expect(cliTampered.out).toContain('48.indexRounded');
    expect((await cliVerify(v1.body.id, 'en')).out.split('\n')[0]).toBe(`publication ${v1.body.id}: ${tampered.body.problems.length} problem(s)`);
    const tamperedJson = await cliVerify(v1.body.id, 'vi', true);
    expect([tamperedJson.exitCode, JSON.parse(tamperedJson.out)]).toEqual([1, { ok: false, id: v1.body.id, problems: tampered.body.problems }]);
    await tamper(-0.01);

    // Writes on a published cycle are refused.
    const state = await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200);
    await t.http
      .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/answers`)
      .set(c.officerA.auth)
      .set('If-Match', state.headers.etag)
      .send({ answers: [{ indicatorCode: Object.keys(state.body.answers)[0], value: null }] })
      .expect(409);
    await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.id }).expect(409);

    const v2 = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId: run.id, reason: 'Đính chính: công bố lại sau khi rà soát số liệu' })
      .expect(201);
    expect(v2.body).toMatchObject({ version: 2, reason: 'Đính chính: công bố lại sau khi rà soát số liệu' });
    expect((await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body.version).toBe(2);
    expect((await t.http.get('/api/v1/public/rankings/2022/province?version=1').expect(200)).body.publicationId).toBe(v1.body.id);
    const editions = await t.http.get('/api/v1/public/editions').expect(200);
    expect(editions.body).toEqual([expect.objectContaining({ year: 2022, level: 'province', latestVersion: 2 })]);
  });
});
