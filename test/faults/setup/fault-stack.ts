import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../../src/config/load-config';
import { ensureDatabase } from '../../../src/database/ensure-database';
import { runMigrations } from '../../../src/database/migrate';
import { QueueName } from '../../../src/queue/queue-name';
import type { OpenCycle } from '../../utils/cycle-fixture';
import { startTestApp, type TestApp } from '../../utils/test-app';
import { buildWorker, WorkerProcesses, type WorkerProcess } from '../../utils/worker-processes';
import { freePort, PrivatePostgres, PrivateRedis } from './private-services';

/**
 * How long the app may take to answer /health with 200 again once a service it lost is back (or once a new API
 * process is started): the suite's stated recovery time. Generous on purpose: this machine's 2 cores are shared.
 */
export const RECOVERY_MS = 60_000;

/**
 * The scoring lock of the workers here (SCORING_LOCK_MS; production's is 30 s): a killed worker's job goes to another
 * worker once it expires, and province-scale runs keep it renewed (as in test/scoring-workers.e2e-spec.ts).
 */
export const FAULT_LOCK_MS = 8000;

/** What the fault scenarios share: the stack, its open (later scoring) cycle, and a new seed for each import. */
export interface FaultContext {
  stack: FaultStack;
  c: OpenCycle;
  nextSeed: () => number;
}

/**
 * One fault spec's whole system: its own PostgreSQL cluster and Redis (private-services.ts), migrated; the API
 * (`node <build>/src/main.js`) and workers (`<build>/src/worker.js`) as child processes of the compiled sources, on
 * them; and `t`, a harness in this process on the same database and Redis whose `http` goes to the child API, so
 * that the project's fixtures (test/utils) make their cycles through the API that is under test, and the checks
 * read the database and the queues directly.
 */
export class FaultStack {
  readonly api: WorkerProcesses;
  readonly workers: WorkerProcesses;
  /** The API process now answering, once startApi has run. */
  apiProcess?: WorkerProcess;
  redisClient!: Redis;

  private constructor(
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly uploadDir: string,
    readonly port: number,
    readonly t: TestApp,
    build: string,
  ) {
    this.api = new WorkerProcesses(join(build, 'src', 'main.js'), 'fault-api');
    this.workers = new WorkerProcesses(join(build, 'src', 'worker.js'), 'fault-worker');
  }

  /**
   * Starts everything but the workers (which a spec starts as it needs them). Sets this test file's process.env (its
   * own copy under Jest) to the private services, which the child processes inherit.
   */
  static async start(): Promise<FaultStack> {
    const cleanups: Array<() => Promise<void>> = [];
    try {
      // Compiled while the services start: both take seconds.
      const [build, pg, redis] = await Promise.all([
        buildWorker('fault-dist').then((workerJs) => join(workerJs, '..', '..')),
        PrivatePostgres.start().then((s) => (cleanups.push(() => s.stop()), s)),
        PrivateRedis.start().then((s) => (cleanups.push(() => s.stop()), s)),
      ]);
      const uploadDir = mkdtempSync(join(tmpdir(), 'dti-fault-uploads-'));
      cleanups.push(async () => rmSync(uploadDir, { recursive: true, force: true }));
      Object.assign(process.env, {
        NODE_ENV: 'test',
        DATABASE_URL: pg.url('dti_fault'),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: `dti-fault-${randomBytes(3).toString('hex')}`,
        UPLOAD_DIR: uploadDir,
        SCORING_LOCK_MS: String(FAULT_LOCK_MS),
      });
      const config = loadConfig();
      await ensureDatabase(config.DATABASE_URL, { recreate: true });
      await runMigrations(config);
      const harness = await startTestApp();
      cleanups.push(() => harness.close());
      const port = await freePort();
      const t: TestApp = { ...harness, http: request(`http://127.0.0.1:${port}`) as unknown as TestApp['http'] };
      const stack = new FaultStack(pg, redis, uploadDir, port, t, build);
      stack.redisClient = new Redis(redis.url, { maxRetriesPerRequest: null });
      await stack.startApi();
      return stack;
    } catch (error) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      throw error;
    }
  }

  /** The child API on this stack's port; resolves once /health answers 200 (RECOVERY_MS at most). */
  async startApi(): Promise<WorkerProcess> {
    this.apiProcess = this.track(this.api.start('api', { PORT: String(this.port), HOST: '127.0.0.1' }));
    await this.healthy('the new API process');
    return this.apiProcess;
  }

  /** Stops the API process: SIGTERM (Nest's shutdown hooks close it) or SIGKILL. */
  async stopApi(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const api = this.apiProcess;
    if (!api) return;
    if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill(signal);
    await api.exited;
  }

  /** A worker process; exports are written in an export process of their own, as in production. */
  startWorker(name: string, env: Record<string, string> = {}): WorkerProcess {
    return this.track(this.workers.start(name, { EXPORT_HEAP_MB: '192', ...env }));
  }

  /** Killed with the test process too, should it exit without afterAll. */
  private track(child: WorkerProcess): WorkerProcess {
    const kill = () => child.child.kill('SIGKILL');
    process.once('exit', kill);
    void child.exited.then(() => process.off('exit', kill));
    return child;
  }

  queue(name: QueueName): Queue {
    return this.t.app.get<Queue>(getQueueToken(name));
  }

  /** Waits until `n` workers listen on the queue. */
  workersReady(name: QueueName, n: number): Promise<true> {
    return this.workers.until(`${n} workers on the ${name} queue`, async () => ((await this.queue(name).getWorkersCount()) >= n ? true : undefined), RECOVERY_MS, 50);
  }

  /** /health answers 200 within RECOVERY_MS (the suite's stated recovery time), else the wait fails naming `after`. */
  async healthy(after: string): Promise<void> {
    await this.api.until(
      `/health to answer 200 within ${RECOVERY_MS} ms after ${after}`,
      async () => {
        const res = await this.t.http.get('/health').timeout(5000).then((r) => r.status, () => 0);
        return res === 200 ? true : undefined;
      },
      RECOVERY_MS,
      100,
    );
  }

  /**
   * A slow disk for one table of this stack's database: each row written to it waits `msPerRow` before it is written
   * (a trigger, in the private database only), so that a job's write of a few dozen rows lasts long enough for a
   * fault to land in the middle of it, with some rows written in its open transaction and others not yet.
   */
  async slowWrites(table: 'score_results' | 'system_values', msPerRow: number): Promise<void> {
    await this.t.db.query(`CREATE OR REPLACE FUNCTION fault_slow_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(${(msPerRow / 1000).toFixed(3)}); RETURN NEW; END $$`);
    await this.t.db.query(`CREATE OR REPLACE TRIGGER fault_slow_write BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION fault_slow_${table}()`);
  }

  /** A worker's session is running this statement now (pg_stat_activity): the job is in the middle of that write. */
  async writing(statement: RegExp): Promise<boolean> {
    const rows: { query: string }[] = await this.t.db.query(
      `SELECT query FROM pg_stat_activity WHERE state = 'active' AND application_name LIKE 'fault-worker-%'`,
    );
    return rows.some((r) => statement.test(r.query));
  }

  /** A job's events on its queue's event stream (active, stalled, failed, completed, ...), oldest first. */
  async eventsOf(name: QueueName, jobId: string): Promise<string[]> {
    const entries = await this.redisClient.xrange(`${process.env.QUEUE_PREFIX}:${name}:events`, '-', '+');
    return entries
      .map(([, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        return f;
      })
      .filter((f) => f.jobId === jobId)
      .map((f) => f.event);
  }

  /** Stops every process and service this stack started and removes their folders; safe after a failed start. */
  async stop(): Promise<void> {
    await this.workers.killAll();
    await this.api.killAll();
    this.redisClient?.disconnect();
    await this.t.close().catch(() => undefined);
    await this.redis.stop();
    await this.pg.stop();
    rmSync(this.uploadDir, { recursive: true, force: true });
  }
}
