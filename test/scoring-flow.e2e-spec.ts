/**
 * A large score run split into a flow of batches (src/scoring/score-batches.ts) on REAL worker processes
 * (`node <build>/src/worker.js`) sharing this test run's PostgreSQL database and Redis queue prefix: two workers
 * share the child jobs and the ranking parent gives the results hash of one job scoring everything; a worker killed
 * with SIGKILL in the middle of a child: the child is retried, same hash, one row per unit; a child whose writes
 * fail is retried with backoff; bad input in a batch fails the run at once, with its reason.
 *
 * The cycle: PDTI 2022 (every leaf rule-scored: unit-local) with its 63 provinces and 3,000 more province-level units
 * written directly in SQL. The run is asked for through ScoringService.requestRun with a split at 2,000 units in
 * batches of 300 (11 children); the production default splits above 5,000.
 *
 * The worker is compiled once per test run into var/test-flow-worker-dist (incremental tsc, a folder of its own).
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Actor } from '../src/auth/actor';
import { AppConfig } from '../src/config/app-config';
import type { Framework } from '../src/engine/framework.model';
import { FrameworkVersion } from '../src/frameworks/framework-version.entity';
import { frameworkLeaves } from '../src/frameworks/framework-tree';
import { SCORE_BATCH_JOB, SCORE_RANK_JOB, type ScoreBatchJobData, type ScoreBatchResult } from '../src/scoring/score-batches';
import { hashInputs, loadScoreInputs } from '../src/scoring/score-inputs';
import { ScoreResult } from '../src/scoring/score-result.entity';
import { computeScores, hashResults, toUnitScore } from '../src/scoring/score-results';
import { ScoreRun } from '../src/scoring/score-run.entity';
import { ScoringProducer } from '../src/scoring/scoring.producer';
import { ScoringService } from '../src/scoring/scoring.service';
import { answeredByUnit } from '../src/submissions/answer-check';
import { Role } from '../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { addUnits } from './utils/large-cycle';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { buildWorker, WorkerProcesses } from './utils/worker-processes';

const BIG = 3000;
const UNITS = 63 + BIG;
const SPLIT = { splitAbove: 2000, batchSize: 300 };
const BATCHES = Math.ceil(UNITS / SPLIT.batchSize);

describe('a large score run as a flow of batches on real worker processes', () => {
  let t: TestApp;
  let workers: WorkerProcesses;
  let queue: Queue;
  let redis: Redis;
  let c: OpenCycle;
  let framework: Framework;
  let admin: Actor;

  const request = async () => {
    const { run, created } = await t.app.get(ScoringService).requestRun(admin, c.cycleId, SPLIT);
    expect(created).toBe(true);
    return run;
  };
  const getRun = (id: string) => t.db.getRepository(ScoreRun).findOneByOrFail({ id });
  /**
   * The run's record is final and so is its parent job: the worker writes the record, then BullMQ moves the job to
   * completed or failed, a moment later.
   */
  const finished = (id: string, timeoutMs = 90_000) =>
    workers.until(`run ${id} and its job to finish`, async () => {
      const run = await getRun(id);
      if (run.status !== 'succeeded' && run.status !== 'failed') return undefined;
      const state = await (await queue.getJob(ScoringProducer.jobId(run.cycleId, run.inputsHash)))?.getState();
      return state === 'completed' || state === 'failed' ? run : undefined;
    }, timeoutMs, 50);
  const workersReady = (n: number) =>
    workers.until(`${n} workers on the scoring queue`, async () => ((await queue.getWorkersCount()) >= n ? true : undefined), 30_000, 50);
  const parentId = (inputsHash: string) => ScoringProducer.jobId(c.cycleId, inputsHash);
  const childrenOf = async (inputsHash: string) => {
    const jobs = await Promise.all(Array.from({ length: BATCHES }, (_, i) => queue.getJob(`${parentId(inputsHash)}-b${i}`)));
    return jobs as Job<ScoreBatchJobData, ScoreBatchResult>[];
  };
  const eventsOf = async (jobId: string) => {
    const entries = await redis.xrange(`${process.env.QUEUE_PREFIX}:scoring:events`, '-', '+');
    return entries
      .map(([, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        return f;
      })
      .filter((f) => f.jobId === jobId)
      .map((f) => f.event);
  };
  /** The results hash of one job scoring the cycle's current inputs, computed here in this process. */
  const oneJob = async () => {
    const inputs = await loadScoreInputs(t.db.manager, c.cycleId);
    return { inputsHash: hashInputs(inputs), resultsHash: hashResults(computeScores(inputs).units) };
  };
  const stored = async (runId: string) => {
    const rows = await t.db.getRepository(ScoreResult).findBy({ runId });
    return { rows: rows.length, units: new Set(rows.map((r) => r.unitId)).size, ranked: rows.filter((r) => r.rank !== null).length, hash: hashResults(rows.map(toUnitScore)) };
  };

  /** BIG more province-level units in the cycle, with the demo's 2022 answers and system values, in SQL. */

  beforeAll(async () => {
    workers = new WorkerProcesses(await buildWorker('test-flow-worker-dist'), 'test-flow-worker');
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken('scoring'));
    redis = new Redis(t.app.get(AppConfig).REDIS_URL);
    await resetState(t);
    c = await openProvinceCycle(t);
    admin = { userId: c.admin.id, label: c.admin.email, role: Role.Admin, unitId: null };
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    framework = (await t.db.getRepository(FrameworkVersion).findOneByOrFail({ id: c.frameworkId })).document;
    await addUnits(t, framework, BIG, [{ id: c.cycleId, year: 2022 }]);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
  }, 240_000);
  afterEach(async () => {
    // Every process this spec started; then no job and no run of this test is left for the next.
    await workers.killAll();
    await queue.obliterate({ force: true });
    await t.db.query('DELETE FROM score_results');
    await t.db.query('DELETE FROM score_runs');
    await t.db.query('DROP TRIGGER IF EXISTS test_unwritable ON score_results');
    await t.db.query('DROP FUNCTION IF EXISTS test_unwritable()');
    await t.db.query('DROP SEQUENCE IF EXISTS test_unwritable_count');
  }, 30_000);
  afterAll(async () => {
    await workers.killAll();
    redis?.disconnect();
    await t?.close();
  }, 30_000);

  it('two workers share the batches; the parent ranks them all with the results hash of one job, one row per unit', async () => {
    const p = workers.start('p');
    const q = workers.start('q');
    await workersReady(2);
    const run = await request();
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, error: null, unitCount: UNITS, attempts: 1 });

    const parent = (await queue.getJob(parentId(run.inputsHash)))!;
    expect(parent.name).toBe(SCORE_RANK_JOB);
    expect(await parent.getState()).toBe('completed');
    const children = await childrenOf(run.inputsHash);
    expect(children.map((j) => j?.name)).toEqual(Array(BATCHES).fill(SCORE_BATCH_JOB));
    expect(await Promise.all(children.map((j) => j.getState()))).toEqual(Array(BATCHES).fill('completed'));
    expect(children.map((j) => j.returnvalue.units).reduce((a, b) => a + b, 0)).toBe(UNITS);
    // Each worker process took at least one batch (what each child's job record says of who ran it).
    const byWorker = new Map<string, number>();
    for (const j of children) byWorker.set(j.returnvalue.worker, (byWorker.get(j.returnvalue.worker) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual([p.label, q.label].sort());
    // The parent ran only once every child was done. Each stamp is the Date.now() a worker took before its Redis
    // script ran, so a child whose script ran last (and fetched the parent with its own stamp) may carry a stamp a
    // millisecond or two older than another child's that ran first: the order is the scripts', the stamps' is not.
    const STAMP_SKEW_MS = 50;
    expect(parent.processedOn!).toBeGreaterThanOrEqual(Math.max(...children.map((j) => j.finishedOn!)) - STAMP_SKEW_MS);
    expect(parent.processedOn!).toBeGreaterThan(Math.max(...children.map((j) => j.processedOn!)));

    const expected = await oneJob();
    expect(run.inputsHash).toBe(expected.inputsHash);
    expect(done.resultsHash).toBe(expected.resultsHash);
    const rows = await stored(run.id);
    expect(rows).toMatchObject({ rows: UNITS, units: UNITS, hash: expected.resultsHash });
    expect(rows.ranked).toBeGreaterThan(UNITS / 2);
  }, 180_000);

  it('a worker killed with SIGKILL in the middle of a batch: the batch is retried by another worker, same hash, one row per unit', async () => {
    const first = workers.start('first');
    await workersReady(1);
    const run = await request();
    const active = await workers.until(
      'a batch in the middle',
      async () => (await queue.getActive()).find((j) => j.name === SCORE_BATCH_JOB && (j.data as ScoreBatchJobData).batch >= 1),
      60_000,
      5,
    );
    await workers.kill(first);
    expect((await getRun(run.id)).status).toBe('running');

    workers.start('second');
    const done = await finished(run.id, 120_000);
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, error: null, unitCount: UNITS });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    const killed = (await queue.getJob(active.id!))!;
    expect(await killed.getState()).toBe('completed');
    expect(killed.attemptsStarted).toBe(2);
    const events = await eventsOf(active.id!);
    expect(events).toContain('stalled');
    expect(events.filter((e) => e === 'active')).toHaveLength(2);
    expect(events.filter((e) => e === 'completed')).toHaveLength(1);

    const expected = await oneJob();
    expect(done.resultsHash).toBe(expected.resultsHash);
    expect(await stored(run.id)).toMatchObject({ rows: UNITS, units: UNITS, hash: expected.resultsHash });
  }, 180_000);

  it('a batch that crashes (its rows unwritable twice) is retried with backoff, then the run succeeds with the one-job hash', async () => {
    // The first two inserts into score_results fail: a batch's 300 rows are one statement, so one batch fails twice.
    // The counter is a sequence, which a rolled-back transaction does not roll back.
    await t.db.query('CREATE SEQUENCE test_unwritable_count');
    await t.db.query(`CREATE FUNCTION test_unwritable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('test_unwritable_count') <= 2 THEN RAISE EXCEPTION 'injected: score_results is not writable'; END IF;
        RETURN NULL;
      END $$`);
    await t.db.query('CREATE TRIGGER test_unwritable BEFORE INSERT ON score_results FOR EACH STATEMENT EXECUTE FUNCTION test_unwritable()');
    workers.start('only');
    await workersReady(1);
    const run = await request();
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, error: null });

    // The two failures hit one batch twice, or two batches once (the worker takes the next batch during a backoff).
    const children = await childrenOf(run.inputsHash);
    const retried = children.filter((j) => (j.stacktrace ?? []).length > 0);
    expect(retried.map((j) => j.stacktrace!.length).reduce((a, b) => a + b, 0)).toBe(2);
    for (const job of retried) {
      expect(job.attemptsStarted).toBe(job.stacktrace!.length + 1);
      expect(job.stacktrace!.join('\n')).toContain('injected: score_results is not writable');
      expect((await eventsOf(job.id!)).filter((e) => e === 'delayed')).toHaveLength(job.stacktrace!.length);
    }
    expect(await Promise.all(children.map((j) => j.getState()))).toEqual(Array(BATCHES).fill('completed'));
    expect(done.attempts).toBe(Math.max(...retried.map((j) => j.attemptsStarted)));

    const expected = await oneJob();
    expect(done.resultsHash).toBe(expected.resultsHash);
    expect(await stored(run.id)).toMatchObject({ rows: UNITS, units: UNITS, hash: expected.resultsHash });
  }, 120_000);

  it('bad input in one batch fails the run at once, without retries, with the reason; nothing is left staged', async () => {
    const leaf = frameworkLeaves(framework).find(
      ({ node }) => answeredByUnit(node) && node.scoring?.rule !== 'manual' && ['number', 'integer', 'percent'].includes(node.input?.type ?? ''),
    )!.node;
    const where = `indicator_code = $1 AND submission_id = (SELECT id FROM submissions WHERE cycle_id = $2 AND unit_id = $3)`;
    const [{ before }] = await t.db.query(`SELECT value AS before FROM answers WHERE ${where}`, [leaf.code, c.cycleId, c.unitA]);
    const set = (value: unknown) => t.db.query(`UPDATE answers SET value = $4::jsonb WHERE ${where}`, [leaf.code, c.cycleId, c.unitA, JSON.stringify(value)]);
    await set('khoảng một nửa');
    try {
      workers.start('p');
      workers.start('q');
      await workersReady(2);
      const run = await request();
      const done = await finished(run.id);
      expect(done).toMatchObject({ status: 'failed', resultsHash: null });
      expect(done.error).toContain('48');
      expect(done.error).toContain(leaf.code);

      const children = await childrenOf(run.inputsHash);
      const bad = children.find((j) => j.data.codes.includes('48'))!;
      await workers.until('the batch to fail', async () => ((await bad.getState()) === 'failed' ? true : undefined));
      const failed = (await queue.getJob(bad.id!))!;
      expect(failed).toMatchObject({ attemptsMade: 1, attemptsStarted: 1, failedReason: done.error });
      expect(await eventsOf(bad.id!)).not.toContain('delayed');
      const parent = (await queue.getJob(parentId(run.inputsHash)))!;
      await workers.until('the parent to fail', async () => ((await parent.getState()) === 'failed' ? true : undefined));
      // Every other batch ends too (those after the failure do nothing), and nothing of the run is left staged.
      await workers.until('every batch to end', async () => {
        const states = await Promise.all(children.map((j) => j.getState()));
        return states.every((s) => s === 'completed' || s === 'failed') ? true : undefined;
      });
      expect(await stored(run.id)).toMatchObject({ rows: 0 });
      expect(await getRun(run.id)).toMatchObject({ status: 'failed', error: done.error });
    } finally {
      await set(before);
    }
  }, 120_000);
});
