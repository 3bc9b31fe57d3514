/**
 * The platform on the in-process queues and key store (REDIS_URL=embedded), against the real PostgreSQL: a score
 * run asked for through HTTP and run by the worker of this process, the login limits and sign-out kept in memory,
 * and /health. The API and the worker are two applications of this one process, as `npm start` runs them.
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import { Role } from '../src/auth/role';
import { QUEUE_DRIVER, type QueueDriver } from '../src/queue/queue-driver';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { PASSWORD, resetState, signedInUser, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

describe('the embedded queues (REDIS_URL=embedded)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const redisUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    process.env.REDIS_URL = 'embedded';
    t = await startTestApp();
    worker = await startTestWorker();
  });
  beforeEach(() => resetState(t));
  afterAll(async () => {
    await worker.close();
    await t.close();
    if (redisUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = redisUrl;
  });

  it('runs the in-process driver in the API and the worker, and /health says Redis is embedded, not down', async () => {
    expect(t.app.get<QueueDriver>(QUEUE_DRIVER).kind).toBe('in-process');
    expect(worker.get<QueueDriver>(QUEUE_DRIVER).kind).toBe('in-process');
    // No BullMQ queue is made: nothing connects to Redis.
    expect(t.app.get(getQueueToken('scoring'))).toBeNull();
    const health = await t.http.get('/health').expect(200);
    expect(health.body.details.redis).toEqual({ status: 'up', mode: 'embedded' });
  });

  it('scores a cycle asked for through HTTP: one run for the same inputs, run by the worker, succeeded with its results', async () => {
    const c: OpenCycle = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const ask = async () => (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body;
    const [first, second] = [await ask(), await ask()];
    expect([first.created, second.created, second.run.id]).toEqual([true, false, first.run.id]);
    await drainQueues(t);
    const done = await t.http.get(`/api/v1/score-runs/${first.run.id}`).set(c.admin.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100, unitCount: 63 });
    expect(done.body.resultsHash).toMatch(/^[0-9a-f]{64}$/);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM score_results WHERE run_id = $1', [first.run.id]);
    expect(n).toBe(63);
    // Done and kept under its business key: asked again, the same run, not queued anew.
    expect((await ask()).run).toMatchObject({ id: first.run.id, status: 'succeeded' });
  }, 120_000);

  it('limits failed logins and ends a signed-out session in memory', async () => {
    const user = await signedInUser(t, Role.Admin, 'nhung.nho@dti.local');
    const login = (password: string) => t.http.post('/api/v1/auth/login').send({ email: user.email, password });
    for (const attempt of [1, 2, 3]) await login(`wrong password ${attempt}`).expect(401);
    const refused = await login(PASSWORD).expect(429);
    expect(refused.body).toMatchObject({ error: 'TOO_MANY_LOGIN_FAILURES' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    await t.http.post('/api/v1/auth/logout').set(user.auth).send({ everywhere: false }).expect(204);
    expect((await t.http.get('/api/v1/users/me').set(user.auth).expect(401)).body.error).toBe('UNAUTHENTICATED');
  });
});
