import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { UnrecoverableError } from '../src/queue/unrecoverable-error';
import { PublicationsService } from '../src/publications/publications.service';
import { runVerifyProcess } from '../src/publications/verify-process';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { bypassingFrozen } from './utils/snapshot-chunks';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { buildWorker } from './utils/worker-processes';

const ROOT = join(__dirname, '..');

/**
 * A publication verified as deployed (VERIFY_HEAP_MB above 0): by the compiled verify process whose heap is capped,
 * reached from the compiled CLI's publication:verify, with the same report as a verify in the asking process.
 */
describe('publications verified by a verify process with a capped heap', () => {
  const HEAP_MB = 128;
  let t: TestApp;
  let c: OpenCycle;
  let build: string;
  let publicationId: string;

  /** The compiled CLI's `--json publication:verify <id>` with the verify heap set: its exit code and JSON document. */
  const cliVerify = (id: string): Promise<{ code: number; document: { ok: boolean; problems: string[] }; stderr: string }> =>
    new Promise((resolve) =>
      execFile(
        process.execPath,
        [join(build, 'src', 'cli.js'), '--json', 'publication:verify', id],
        { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test', VERIFY_HEAP_MB: String(HEAP_MB), LOG_LEVEL: 'warn' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, document: JSON.parse(stdout || '{}'), stderr }),
      ),
    );

  beforeAll(async () => {
    build = dirname(dirname(await buildWorker('test-verify-dist')));
    t = await startTestApp();
    const worker = await startTestWorker();
    try {
      await resetState(t);
      c = await openProvinceCycle(t);
      await fillSubmissions(t, c.cycleId, c.units, 2022);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
      const runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id;
      await drainQueues(t);
      publicationId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId }).expect(201)).body.id;
    } finally {
      await worker.close();
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  }, 60_000);

  const script = () => join(build, 'src', 'publications', 'verify-child.js');

  it('verifies in a process whose heap is the configured one, with the report of a verify in the asking process', async () => {
    const inProcess = await t.app.get(PublicationsService).verify(publicationId);
    expect(inProcess).toEqual({ publicationId, ok: true, problems: [] });
    const result = await runVerifyProcess(publicationId, { heapMb: HEAP_MB, script: script() });
    expect(result.report).toEqual(inProcess);
    // V8's limit is the old space asked for plus the young generation; without the flag it would be gigabytes.
    expect(result.heapLimitMb).toBeGreaterThanOrEqual(HEAP_MB);
    expect(result.heapLimitMb).toBeLessThan(HEAP_MB + 100);
    expect(result.maxRssBytes).toBeGreaterThan(0);
    expect(result.seconds).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a publication that does not exist as unrecoverable, naming it', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const failure = runVerifyProcess(missing, { heapMb: HEAP_MB, script: script() });
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(missing);
  }, 60_000);

  it('is what the compiled publication:verify runs: exit 0 when intact, 1 with the unit and field of a changed frozen result', async () => {
    const intact = await cliVerify(publicationId);
    expect({ code: intact.code, ok: intact.document.ok, stderr: intact.stderr }).toEqual({ code: 0, ok: true, stderr: '' });

    const code = Object.keys(c.units).sort()[0];
    await bypassingFrozen(t, ['UPDATE publication_results SET index_rounded = index_rounded + 0.01 WHERE publication_id = $1 AND unit_code = $2', [publicationId, code]]);
    try {
      const inProcess = await t.app.get(PublicationsService).verify(publicationId);
      expect(inProcess.problems).toEqual([expect.stringContaining(`${code}.indexRounded: snapshot `)]);
      const changed = await cliVerify(publicationId);
      expect(changed.code).toBe(1);
      expect(changed.document).toMatchObject({ ok: false, problems: inProcess.problems });
    } finally {
      await bypassingFrozen(t, ['UPDATE publication_results SET index_rounded = index_rounded - 0.01 WHERE publication_id = $1 AND unit_code = $2', [publicationId, code]]);
    }
  }, 120_000);
});
