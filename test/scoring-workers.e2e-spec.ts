/**
 * Score runs processed by REAL worker processes (`node <build>/src/worker.js`, the production entry point) on this
 * test run's PostgreSQL database and Redis queue prefix: a worker killed with SIGKILL in the middle of a run, two
 * workers against one, bad input, and a crash retried with backoff.
 *
 * Nothing in the production code is slowed down for these tests: a run is made long enough to be killed in the middle
 * by its size (3,000 extra province-level units with the demo's deterministic answers, written directly in SQL), and
 * "the middle" is read from the run's own progress, which the processor advances batch by batch while it writes the
 * results.
 *
 * The worker is compiled once per test run into var/test-worker-dist (incremental tsc; not dist/, which `npm run
 * build` deletes and other processes may be running from).
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../src/config/app-config';
import type { Framework } from '../src/engine/framework.model';
import { FrameworkVersion } from '../src/frameworks/framework-version.entity';
import { frameworkLeaves } from '../src/frameworks/framework-tree';
import { ScoreResult } from '../src/scoring/score-result.entity';
import { ScoreRun } from '../src/scoring/score-run.entity';
import { hashInputs, loadScoreInputs } from '../src/scoring/score-inputs';
import { computeScores, hashResults, toUnitScore } from '../src/scoring/score-results';
import { answeredByUnit } from '../src/submissions/answer-check';
import { openNextProvinceCycle, openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { addUnits } from './utils/large-cycle';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { buildWorker, WorkerProcesses } from './utils/worker-processes';

/** Extra units that make a run last long enough to be killed in the middle: some 5-10 s, most of it writing results. */
const BIG = 3000;
/**
 * The lock of the workers that are killed and take over (SCORING_LOCK_MS), so that a killed worker's job is free after
 * a few seconds, not production's 30: long enough for a run of BIG units, whose synchronous steps take up to ~2 s.
 */
const SHORT_LOCK_MS = 8000;

describe('score runs on real worker processes', () => {
  let t: TestApp;
  let workers: WorkerProcesses;
  let queue: Queue;
  let redis: Redis;
  let c: OpenCycle;
  let framework: Framework;

  const runOf = async (cycleId: string) => {
    const res = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(c.admin.auth).expect(202);
    return res.body as { run: { id: string; inputsHash: string }; created: boolean };
  };
  const getRun = (id: string) => t.db.getRepository(ScoreRun).findOneByOrFail({ id });
  /**
   * The run's record is final and so is its job: the worker writes the record, then BullMQ moves the job to completed
   * or failed (and adds that event), a moment later.
   */
  const finished = (id: string, timeoutMs = 60_000) =>
    workers.until(`run ${id} and its job to finish`, async () => {
      const run = await getRun(id);
      if (run.status !== 'succeeded' && run.status !== 'failed') return undefined;
      const state = await (await queue.getJob(jobIdOf(run.cycleId, run.inputsHash)))?.getState();
      return state === 'completed' || state === 'failed' ? run : undefined;
    }, timeoutMs);
  const workersReady = (n: number) =>
    workers.until(`${n} workers on the scoring queue`, async () => ((await queue.getWorkersCount()) >= n ? true : undefined), 30_000, 50);
  const jobIdOf = (cycleId: string, inputsHash: string) => `score-${cycleId}-${inputsHash}`;
  /** The job's lock in Redis, held by the worker that runs it and renewed while it lives (BullMQ's key). */
  const lockTtlOf = (jobId: string) => redis.pttl(`${process.env.QUEUE_PREFIX}:scoring:${jobId}:lock`);

  /** The job's events (active, stalled, delayed, failed, completed...) with Redis's time of each, oldest first. */
  const eventsOf = async (jobId: string) => {
    const entries = await redis.xrange(`${process.env.QUEUE_PREFIX}:scoring:events`, '-', '+');
    return entries
      .map(([id, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        return { at: Number(id.split('-')[0]), event: f.event, jobId: f.jobId };
      })
      .filter((e) => e.jobId === jobId);
  };

  /** The results hash of an undisturbed run, computed here in this process from the cycle's current inputs. */
  const undisturbed = async (cycleId: string) => {
    const inputs = await loadScoreInputs(t.db.manager, cycleId);
    return { inputsHash: hashInputs(inputs), resultsHash: hashResults(computeScores(inputs).units), units: inputs.units.length };
  };

  /** What is stored for a run: row count, distinct units, and the hash of the stored rows themselves. */
  const stored = async (runId: string) => {
    const rows = await t.db.getRepository(ScoreResult).findBy({ runId });
    return { rows: rows.length, units: new Set(rows.map((r) => r.unitId)).size, hash: hashResults(rows.map(toUnitScore)) };
  };


  beforeAll(async () => {
    workers = new WorkerProcesses(await buildWorker('test-worker-dist'), 'test-worker');
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken('scoring'));
    redis = new Redis(t.app.get(AppConfig).REDIS_URL);
  }, 120_000);
  beforeEach(async () => {
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    framework = (await t.db.getRepository(FrameworkVersion).findOneByOrFail({ id: c.frameworkId })).document;
  }, 60_000);
  afterEach(async () => {
    // Every process this spec started, even when the test failed; then no job of this test is left for the next.
    await workers.killAll();
    await queue.obliterate({ force: true });
    await t.db.query('DROP TRIGGER IF EXISTS test_unwritable ON score_results');
    await t.db.query('DROP FUNCTION IF EXISTS test_unwritable()');
    await t.db.query('DROP SEQUENCE IF EXISTS test_unwritable_count');
  }, 30_000);
  afterAll(async () => {
    await workers.killAll();
    redis?.disconnect();
    await t?.close();
  }, 30_000);

  it.each([
    ['while it loads the inputs', (p: number) => p < 30],
    ['while it writes the results, between two batches', (p: number) => p > 40 && p < 100],
  ])(
    'a worker killed with SIGKILL %s: the job is taken again by another worker after its lock expires, with the hash of an undisturbed run and one row per unit',
    async (_when, inTheMiddle) => {
      await addUnits(t, framework, BIG, [{ id: c.cycleId, year: 2022 }]);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
      const shortLock = { SCORING_LOCK_MS: String(SHORT_LOCK_MS) };
      const first = workers.start('first', shortLock);
      await workersReady(1);

      const { run } = await runOf(c.cycleId);
      const jobId = jobIdOf(c.cycleId, run.inputsHash);
      const seen = await workers.until(
        'the run to be in the middle',
        async () => {
          const r = await getRun(run.id);
          if (r.status === 'succeeded' || r.status === 'failed') throw new Error(`the run ended (${r.status}) before the worker could be killed`);
          return r.status === 'running' && inTheMiddle(r.progress) ? r : undefined;
        },
        30_000,
        5,
      );
      // The first worker holds the job, with a lock of the configured length (production's would be 30 s).
      const held = (await queue.getJob(jobId))!;
      expect(held.processedBy).toBe(first.label);
      const ttl = await lockTtlOf(jobId);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(SHORT_LOCK_MS);
      await workers.kill(first);
      // The kill left the run as it was; the open transaction is gone with the process, nothing of it is visible.
      // The job is still active and locked by the dead worker: no worker may take it before that lock expires.
      expect(await (await queue.getJob(jobId))!.getState()).toBe('active');
      expect(await lockTtlOf(jobId)).toBeGreaterThan(0);
      const left = await getRun(run.id);
      expect(left).toMatchObject({ status: 'running', attempts: 1 });
      expect(inTheMiddle(left.progress)).toBe(true);
      expect(await stored(run.id)).toMatchObject({ rows: 0 });
      expect(seen.progress).toBeLessThan(100);

      // The run's view says so before the job is retried: the worker holding it is gone, when its lock runs out, and
      // that no worker is connected to take it again; the attempt is the first of the job's four.
      const lost = await workers.until('the view to report the lost worker', async () => {
        const view = (await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200)).body;
        return view.job?.workerLost ? view : undefined;
      }, 10_000, 200);
      expect(lost).toMatchObject({ status: 'running', attempts: 1, job: { state: 'active', worker: first.label, workersConnected: 0, retryBy: null, attempt: 1, maxAttempts: 4 } });
      expect(Date.parse(lost.job.lockExpiresAt)).toBeLessThanOrEqual(Date.now() + SHORT_LOCK_MS);
      expect(await (await queue.getJob(jobId))!.getState()).toBe('active');

      const second = workers.start('second', shortLock);
      // With a worker connected, the view says by when it takes the job: the lock's end plus one stall check (5 s).
      // (The lock may have run out meanwhile and the job been taken: then the retry below is what there is to see.)
      const waiting = await workers.until('the view to count the second worker', async () => {
        const view = (await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200)).body;
        return view.job?.workersConnected === 1 ? view : undefined;
      }, 30_000, 200);
      if (waiting.job.worker === first.label) {
        expect(waiting.job).toMatchObject({ workerLost: true, retryBy: new Date(Date.parse(waiting.job.lockExpiresAt) + 5000).toISOString() });
      }
      // Then the retry: the second worker holds the job, its second attempt of four, nothing lost.
      const retried = await workers.until('the view to show the retry', async () => {
        const view = (await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200)).body;
        return view.job?.worker === second.label ? view : undefined;
      }, 30_000, 200);
      expect(retried).toMatchObject({ status: 'running', job: { state: 'active', workerLost: false, lockExpiresAt: null, retryBy: null, attempt: 2, maxAttempts: 4 } });
      const done = await finished(run.id, 60_000);
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, attempts: 2, error: null, unitCount: 63 + BIG });
      expect((await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200)).body).toMatchObject({ status: 'succeeded', job: null });

      // Once the lock expired, the second worker's stalled check gave the job back, and the second worker ran it to the
      // end: one stall (not a failed attempt), two starts.
      const job = (await queue.getJob(jobId))!;
      expect(await job.getState()).toBe('completed');
      expect(job).toMatchObject({ processedBy: second.label, stalledCounter: 1, attemptsStarted: 2, attemptsMade: 1 });
      const events = (await eventsOf(jobId)).map((e) => e.event).filter((e) => ['active', 'stalled', 'failed', 'completed'].includes(e));
      expect(events).toEqual(['active', 'stalled', 'active', 'completed']);

      const expected = await undisturbed(c.cycleId);
      expect(expected.inputsHash).toBe(run.inputsHash);
      expect(done.resultsHash).toBe(expected.resultsHash);
      expect(await stored(run.id)).toEqual({ rows: 63 + BIG, units: 63 + BIG, hash: expected.resultsHash });
    },
    150_000,
  );

  it('two workers on one Redis and one PostgreSQL give the same results hashes as one worker', async () => {
    const second = await openNextProvinceCycle(t, c);
    const cycles = [{ id: c.cycleId, year: 2022 }, { id: second, year: 2023 }];
    await addUnits(t, framework, 1000, cycles);
    for (const cycle of cycles) await moveCycle(t, c.admin.auth, cycle.id, 'review', 'scoring');

    // One worker scores both cycles, one after the other.
    const solo = workers.start('solo');
    await workersReady(1);
    const one = [];
    for (const cycle of cycles) one.push((await runOf(cycle.id)).run);
    const soloRuns = await Promise.all(one.map((r) => finished(r.id)));
    expect(soloRuns.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    await workers.kill(solo);

    // Forgotten, then asked again of two workers: each takes one run, at the same time.
    await t.db.query('DELETE FROM score_results WHERE run_id = ANY($1)', [one.map((r) => r.id)]);
    await t.db.query('DELETE FROM score_runs WHERE id = ANY($1)', [one.map((r) => r.id)]);
    for (const [i, r] of one.entries()) await queue.remove(jobIdOf(cycles[i].id, r.inputsHash));
    workers.start('p');
    workers.start('q');
    await workersReady(2);
    const two = [];
    for (const cycle of cycles) {
      const asked = await runOf(cycle.id);
      expect(asked.created).toBe(true);
      two.push(asked.run);
    }
    const pairRuns = await Promise.all(two.map((r) => finished(r.id)));
    expect(pairRuns.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // Each ran in its own process: with one job at a time per worker, overlapping runs mean two workers.
    const [a, b] = pairRuns;
    expect(a.startedAt!.getTime()).toBeLessThan(b.finishedAt!.getTime());
    expect(b.startedAt!.getTime()).toBeLessThan(a.finishedAt!.getTime());

    for (const [i, cycle] of cycles.entries()) {
      expect(two[i].inputsHash).toBe(one[i].inputsHash);
      expect(pairRuns[i].resultsHash).toBe(soloRuns[i].resultsHash);
      const expected = await undisturbed(cycle.id);
      expect(pairRuns[i].resultsHash).toBe(expected.resultsHash);
      expect(await stored(two[i].id)).toEqual({ rows: 63 + 1000, units: 63 + 1000, hash: expected.resultsHash });
    }
    expect(soloRuns[0].resultsHash).not.toBe(soloRuns[1].resultsHash);
  }, 150_000);

  it('bad input fails the run at once, without retries, naming the unit and the indicator', async () => {
    const leaf = frameworkLeaves(framework).find(
      ({ node }) => answeredByUnit(node) && node.scoring?.rule !== 'manual' && ['number', 'integer', 'percent'].includes(node.input?.type ?? ''),
    )!.node;
    await t.db.query(
      `UPDATE answers SET value = '"khoảng một nửa"'::jsonb
        WHERE indicator_code = $1 AND submission_id = (SELECT id FROM submissions WHERE cycle_id = $2 AND unit_id = $3)`,
      [leaf.code, c.cycleId, c.unitA],
    );
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    workers.start('only');
    await workersReady(1);

    const { run } = await runOf(c.cycleId);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, resultsHash: null });
    expect(done.error).toContain('48');
    expect(done.error).toContain(leaf.code);
    const view = await t.http.get(`/api/v1/score-runs/${run.id}`).set(c.admin.auth).expect(200);
    expect(view.body).toMatchObject({ status: 'failed', error: done.error });

    const job = (await queue.getJob(jobIdOf(c.cycleId, run.inputsHash)))!;
    expect(await job.getState()).toBe('failed');
    expect(job).toMatchObject({ attemptsMade: 1, attemptsStarted: 1, failedReason: done.error });
    const events = (await eventsOf(job.id!)).map((e) => e.event);
    expect(events.filter((e) => e === 'active')).toHaveLength(1);
    expect(events).not.toContain('delayed');
    expect(await stored(run.id)).toMatchObject({ rows: 0 });
  }, 60_000);

  it('a crash (score_results unwritable for two attempts) is retried with exponential backoff, then succeeds', async () => {
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    // Each attempt writes its 63 rows in one statement: the first two statements fail. The counter is a sequence,
    // which a rolled-back transaction does not roll back.
    await t.db.query('CREATE SEQUENCE test_unwritable_count');
    await t.db.query(`CREATE FUNCTION test_unwritable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('test_unwritable_count') <= 2 THEN RAISE EXCEPTION 'injected: score_results is not writable'; END IF;
        RETURN NULL;
      END $$`);
    await t.db.query('CREATE TRIGGER test_unwritable BEFORE INSERT ON score_results FOR EACH STATEMENT EXECUTE FUNCTION test_unwritable()');
    workers.start('only');
    await workersReady(1);

    const { run } = await runOf(c.cycleId);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3, error: null, progress: 100 });
    const job = (await queue.getJob(jobIdOf(c.cycleId, run.inputsHash)))!;
    expect(await job.getState()).toBe('completed');
    expect(job.stacktrace).toHaveLength(2);
    expect((job.stacktrace ?? []).join('\n')).toContain('injected: score_results is not writable');
    // The job's backoff: 2 s, then 4 s (exponential), between the starts of its attempts.
    const starts = (await eventsOf(job.id!)).filter((e) => e.event === 'active').map((e) => e.at);
    expect(starts).toHaveLength(3);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(2000);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(4000);

    const expected = await undisturbed(c.cycleId);
    expect(done.resultsHash).toBe(expected.resultsHash);
    expect(await stored(run.id)).toEqual({ rows: 63, units: 63, hash: expected.resultsHash });
  }, 60_000);
});
