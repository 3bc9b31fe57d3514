import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { copyRows } from '../src/database/copy-rows';
import { withEntityFiles } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/migrate';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { compareVietnamese } from '../src/units/vietnamese-collation';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { buildSrc, serveEmbedded, stopServing, type Served } from './utils/embedded-served';

// Compiling src, starting PGlite (WebAssembly) and running every migration on it take a minute or two on a loaded machine.
jest.setTimeout(300_000);

/** pg_control's DBState at byte 16 (after system_identifier and two version numbers): DB_SHUTDOWNED, DB_IN_PRODUCTION. */
const SHUT_DOWN = 1;
const IN_PRODUCTION = 6;
const databaseState = (dataDir: string): number => readFileSync(join(dataDir, 'global', 'pg_control')).readInt32LE(16);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface UnitRow {
  code: string;
  nameVi: string;
}

/** The app on DATABASE_URL=url (the rest of config/test.yaml as the other specs have it), with the registry and a reader. */
async function appOn(url: string): Promise<{ t: TestApp; reader: SignedInUser }> {
  const real = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    const t = await startTestApp();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    return { t, reader: await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local') };
  } finally {
    process.env.DATABASE_URL = real;
  }
}

describe('the embedded PostgreSQL (DATABASE_URL=embedded: PGlite served on a loopback port)', () => {
  let dataDir: string;
  let srcDir: string;
  let served: Served;
  let embedded: { url: string };
  let migrations: string[];
  let onEmbedded: { t: TestApp; reader: SignedInUser };
  let onReal: { t: TestApp; reader: SignedInUser };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dti-embedded-'));
    srcDir = await buildSrc('h7-embedded-build');
    served = serveEmbedded(srcDir, dataDir);
    embedded = { url: await served.url };
    migrations = await runMigrations({ DATABASE_URL: embedded.url });
    onEmbedded = await appOn(embedded.url);
    onReal = await appOn(process.env.DATABASE_URL!);
  });

  afterAll(async () => {
    await onEmbedded?.t.close();
    await onReal?.t.close();
    await stopServing(served);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const list = async (on: { t: TestApp; reader: SignedInUser }, query: string): Promise<UnitRow[]> =>
    (await on.t.http.get(`/api/v1/units?pageSize=500&${query}`).set(on.reader.auth).expect(200)).body.items.map(
      (u: UnitRow) => ({ code: u.code, nameVi: u.nameVi }),
    );

  it('runs every migration of migrations/ on it, the Vietnamese collation, pg_trgm and the generated column among them', async () => {
    const real = await onReal.t.db.query(`SELECT name FROM migrations ORDER BY id`);
    expect(migrations).toEqual(real.map((m: { name: string }) => m.name));
    const [index] = await onEmbedded.t.db.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_units_name_search'`);
    expect(index.indexdef).toContain('gin_trgm_ops');
  });

  it.each([
    ['the 63 provinces (2024-12-31)', 'level=province&validOn=2024-12-31', 63],
    ['the 34 provinces (2025-07-01)', 'level=province&validOn=2025-07-01', 34],
    ['the ministries', 'level=ministry', 16],
  ])('lists %s through GET /api/v1/units in the same Vietnamese order as the real PostgreSQL', async (_, query, count) => {
    const fromEmbedded = await list(onEmbedded, query);
    const fromReal = await list(onReal, query);
    expect(fromEmbedded).toHaveLength(count);
    expect(fromEmbedded).toEqual(fromReal);
    const names = fromEmbedded.map((u) => u.nameVi);
    expect(names).toEqual([...names].sort(compareVietnamese));
  });

  it('orders every unit name by the column\'s collation exactly as PostgreSQL\'s vi-x-icu does (ORDER BY name_vi)', async () => {
    const sql = `SELECT name_vi FROM units ORDER BY name_vi, code`;
    const fromEmbedded = (await onEmbedded.t.db.query(sql)).map((r: { name_vi: string }) => r.name_vi);
    const fromReal = (await onReal.t.db.query(sql)).map((r: { name_vi: string }) => r.name_vi);
    expect(fromEmbedded).toHaveLength(1 + 16 + 63 + 34);
    expect(fromEmbedded).toEqual(fromReal);
    // PGlite's ICU alone (the root order) would put Đ among the D's: "Đà Nẵng" before "Điện Biên" before "Đắk Lắk".
    expect(fromEmbedded.indexOf('Đắk Lắk')).toBeLessThan(fromEmbedded.indexOf('Điện Biên'));
    expect(fromEmbedded.indexOf('Đồng Nai')).toBeGreaterThan(fromEmbedded.indexOf('Điện Biên'));
  });

  it('finds units by a part of the name through the trigram-indexed search, as the real PostgreSQL does', async () => {
    for (const q of ['đăk', 'HA NOI', 'bộ tài']) {
      const query = `q=${encodeURIComponent(q)}`;
      const fromEmbedded = await list(onEmbedded, query);
      expect(fromEmbedded.length).toBeGreaterThan(0);
      expect(fromEmbedded).toEqual(await list(onReal, query));
    }
  });

  it('takes COPY FROM STDIN (pg-copy-streams) inside a transaction: rolled back with it, kept once committed', async () => {
    const db = await new DataSource(withEntityFiles({ DATABASE_URL: embedded.url })).initialize();
    try {
      await db.query(`CREATE TABLE copy_probe (n int, label text)`);
      const rows = [
        [1, 'Hà Nội\tthủ đô'],
        [2, null],
      ];
      await db
        .transaction(async (manager) => {
          await copyRows(manager, 'copy_probe', ['n', 'label'], rows);
          expect(await manager.query(`SELECT count(*)::int AS n FROM copy_probe`)).toEqual([{ n: 2 }]);
          throw new Error('roll back');
        })
        .catch((error: Error) => expect(error.message).toBe('roll back'));
      expect(await db.query(`SELECT count(*)::int AS n FROM copy_probe`)).toEqual([{ n: 0 }]);
      await db.transaction((manager) => copyRows(manager, 'copy_probe', ['n', 'label'], rows));
      expect(await db.query(`SELECT n, label FROM copy_probe ORDER BY n`)).toEqual([
        { n: 1, label: 'Hà Nội\tthủ đô' },
        { n: 2, label: null },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('gives the one backend to one transaction at a time: another connection\'s transaction waits, then sees the commit', async () => {
    const a = new Client({ connectionString: embedded.url });
    const b = new Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query(`CREATE TABLE turn_probe (n int)`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO turn_probe VALUES (1)`);
      let answered = false;
      const fromB = (async () => {
        await b.query('BEGIN');
        const { rows } = await b.query(`SELECT count(*)::int AS n FROM turn_probe`);
        await b.query('COMMIT');
        answered = true;
        return rows;
      })();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // On one backend B's BEGIN would land inside A's transaction, were it not held back.
      expect(answered).toBe(false);
      await a.query('COMMIT');
      expect(await fromB).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('runs another connection\'s read (after 50 ms) or write (after 250 ms) inside a transaction left idle, so that a query awaited inside it returns', async () => {
    // ConflictsService.add reads through the DataSource inside its transaction: on one backend that read can only run
    // in the transaction itself (and sees its rows), or never.
    const a = new Client({ connectionString: embedded.url });
    const b = new Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query(`CREATE TABLE guest_probe (n int)`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO guest_probe VALUES (1)`);
      expect((await b.query(`SELECT count(*)::int AS n FROM guest_probe`)).rows).toEqual([{ n: 1 }]);
      // A write waits longer, then runs inside the transaction too (as a job's progress, mirrored into its row from
      // inside the system values import's transaction, must), and is undone with it.
      await a.query('SELECT 1'); // the owner's idle time starts again here
      const startedAt = Date.now();
      await b.query(`INSERT INTO guest_probe VALUES (2)`);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(200);
      expect((await a.query(`SELECT n FROM guest_probe ORDER BY n`)).rows).toEqual([{ n: 1 }, { n: 2 }]);
      await a.query('ROLLBACK');
      expect((await b.query(`SELECT count(*)::int AS n FROM guest_probe`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('keeps a READ ONLY transaction writable for the guests run inside it: a save during an export\'s snapshot succeeds', async () => {
    // withSnapshot (src/exports/export-data.ts) holds a REPEATABLE READ, READ ONLY transaction while it writes a
    // workbook; on one backend another connection's write can only run inside it.
    const a = new Client({ connectionString: embedded.url });
    const b = new Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query(`CREATE TABLE read_only_probe (n int)`);
      await a.query('START TRANSACTION');
      await a.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await a.query('SET TRANSACTION READ ONLY');
      await a.query('SELECT 1');
      await b.query(`INSERT INTO read_only_probe VALUES (1)`);
      await a.query('COMMIT');
      await a.query('BEGIN READ ONLY');
      await a.query(`INSERT INTO read_only_probe VALUES (2)`);
      await a.query('COMMIT');
      expect((await b.query(`SELECT n FROM read_only_probe ORDER BY n`)).rows).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('undoes a guest\'s refused statement alone: the transaction it ran in goes on and commits', async () => {
    const a = new Client({ connectionString: embedded.url });
    const b = new Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query(`CREATE TABLE refused_probe (n int CHECK (n > 0))`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO refused_probe VALUES (1)`);
      await expect(b.query(`INSERT INTO refused_probe VALUES (-1)`)).rejects.toThrow(/refused_probe_n_check/);
      await expect(b.query(`SELECT n FROM refused_probe WHERE n = $1`, [0])).resolves.toMatchObject({ rows: [] });
      await a.query(`INSERT INTO refused_probe VALUES (2)`);
      await a.query('COMMIT');
      expect((await b.query(`SELECT n FROM refused_probe ORDER BY n`)).rows).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('rolls back the transaction of a connection that went away, and serves the next one', async () => {
    const a = new Client({ connectionString: embedded.url });
    await a.connect();
    await a.query(`CREATE TABLE gone_probe (n int)`);
    await a.query('BEGIN');
    await a.query(`INSERT INTO gone_probe VALUES (1)`);
    await a.end();
    const b = new Client({ connectionString: embedded.url });
    await b.connect();
    try {
      expect((await b.query(`SELECT count(*)::int AS n FROM gone_probe`)).rows).toEqual([{ n: 0 }]);
    } finally {
      await b.end();
    }
  });

  it('npm start on the embedded drivers, stopped by SIGTERM: the worker, the API, then PGlite closed, its folder left shut down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dti-embedded-stop-'));
    try {
      const port = await freePort();
      const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: 'embedded', REDIS_URL: 'embedded', EMBEDDED_DATA_DIR: dir, PORT: String(port) };
      const child = spawn(process.execPath, [join(srcDir, 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const exited = once(child, 'exit');
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      for (const deadline = Date.now() + 120_000; !stderr.includes('DTI platform API on'); ) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not serve: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      expect(databaseState(dir)).toBe(IN_PRODUCTION);
      child.kill('SIGTERM');
      expect(await exited).toEqual([null, 'SIGTERM']);
      expect(databaseState(dir)).toBe(SHUT_DOWN);
      expect(existsSync(join(dir, 'dti-embedded.pid'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a data folder that another live process holds, naming it', async () => {
    const second = serveEmbedded(srcDir, dataDir);
    await expect(second.url).rejects.toThrow(`is in use by process ${served.child.pid}`);
    expect(second.child.exitCode).toBe(1);
  });
});
