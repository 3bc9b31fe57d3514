import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { dropDatabase } from '../src/database/ensure-database';
import { runMigrations } from '../src/database/migrate';
import { openProvinceCycle } from './utils/cycle-fixture';
import { buildSrc, serveEmbedded, stopServing, type Served } from './utils/embedded-served';
import { fillSubmissions } from './utils/fill-submissions';
import { resetState, startTestApp } from './utils/test-app';

// Compiling src, starting PGlite (WebAssembly) and running every migration on it take a minute or two on a loaded machine.
jest.setTimeout(300_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every row of every table of the public schema, hashed per table in one order and one time zone on either server. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    const { rows: tables } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const prints: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ print: string }>(
        `SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text COLLATE "C")), '') AS print FROM "${name}" x`,
      );
      prints[name] = rows[0].print;
    }
    return prints;
  } finally {
    await client.end();
  }
}

describe('embedded:copy: moving the embedded data into a real PostgreSQL', () => {
  let srcDir: string;
  let dataDir: string;
  let served: Served | undefined;
  let target: string;

  const copy = async (to: string, ...flags: string[]): Promise<Run> =>
    promisify(execFile)(process.execPath, [join(srcDir, 'cli.js'), ...flags, 'embedded:copy', '--to', to], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'test', EMBEDDED_DATA_DIR: dataDir, DATABASE_URL: 'embedded', DTI_LANG: 'vi' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  beforeAll(async () => {
    srcDir = await buildSrc('embedded-copy-build');
    dataDir = mkdtempSync(join(tmpdir(), 'dti-embedded-copy-'));
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${url.pathname.slice(1)}_copy`;
    target = url.toString();
    await dropDatabase(target);
    // The embedded data: the registry, PDTI 2022, an open cycle with two units' answers, their users and audit rows.
    served = serveEmbedded(srcDir, dataDir);
    const embeddedUrl = await served.url;
    await runMigrations({ DATABASE_URL: embeddedUrl });
    const real = process.env.DATABASE_URL;
    process.env.DATABASE_URL = embeddedUrl;
    try {
      const t = await startTestApp();
      try {
        await resetState(t);
        const c = await openProvinceCycle(t);
        await fillSubmissions(t, c.cycleId, { '48': c.unitA, '01': c.unitB }, 2022);
      } finally {
        await t.close();
      }
    } finally {
      process.env.DATABASE_URL = real;
    }
    // The copy opens the data folder itself: the server must let go of it first.
    await stopServing(served);
  });

  afterAll(async () => {
    await stopServing(served);
    await dropDatabase(target);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates and migrates the target, copies every row of every table, and the two databases then hold the same rows', async () => {
    const run = await copy(target);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/đã chép [\d.]+ dòng của \d+ bảng sang postgres:/);
    expect(run.stdout).toMatch(/answers: [\d.]+ dòng/);

    served = serveEmbedded(srcDir, dataDir);
    const fromEmbedded = await fingerprint(await served.url);
    await stopServing(served);
    const fromTarget = await fingerprint(target);
    expect(Object.keys(fromTarget).sort()).toEqual(Object.keys(fromEmbedded).sort());
    // Each side's migration wrote its own typeorm_metadata row, which names that side's database.
    delete fromTarget.typeorm_metadata;
    delete fromEmbedded.typeorm_metadata;
    expect(fromTarget).toEqual(fromEmbedded);
    // Not an empty copy of an empty database.
    for (const table of ['units', 'framework_versions', 'cycles', 'answers', 'system_values', 'users', 'audit_log']) expect(fromTarget[table]).not.toMatch(/^0:/);
  });

  it('moves each sequence past the copied ids, so that the next audit row of the real database takes a new id', async () => {
    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      await client.query('BEGIN');
      const { rows: before } = await client.query<{ max: string }>(`SELECT max(id)::text AS max FROM audit_log`);
      const { rows: inserted } = await client.query<{ id: string }>(
        `INSERT INTO audit_log (actor_label, action, entity_type, entity_id) VALUES ('test', 'test.probe', 'probe', '1') RETURNING id::text`,
      );
      expect(BigInt(inserted[0].id)).toBeGreaterThan(BigInt(before[0].max));
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });

  it('refuses a target that already holds data, naming a table, and leaves it as it was (also as JSON with --json)', async () => {
    const before = await fingerprint(target);
    const run = await copy(target);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/không chép: cơ sở dữ liệu đích đã có dữ liệu \(bảng \w+\); hãy chép vào một cơ sở dữ liệu mới/);
    const asJson = await copy(target, '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, error: { code: 'targetNotEmpty' } });
    expect(await fingerprint(target)).toEqual(before);
  });

  it('refuses a --to that is not a postgres:// address, saying what it must be', async () => {
    const run = await copy('mysql://localhost/dti', '--lang', 'en');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--to must be the postgres://[user@]host[:port]/name address of a real PostgreSQL');
  });
});
