import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/role';
import type { ExportJobResult } from '../src/exports/export.processor';
import { ExportsProducer } from '../src/exports/exports.producer';
import { PublicationsService } from '../src/publications/publications.service';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { buildWorker, WorkerProcesses } from './utils/worker-processes';
import { binaryBody } from './utils/binary-body';

/**
 * A compiled worker process with EXPORT_HEAP_MB set, as deployed: each workbook is written by an export process of
 * its own whose heap is capped, and the result is the same file the API serves.
 */
describe('export workbooks written by an export process with a capped heap', () => {
  const HEAP_MB = 160;
  let t: TestApp;
  let workers: WorkerProcesses;
  let c: OpenCycle;
  let publicationId: string;
  let queue: Queue;

  const exportState = async (id: string, status: string) => {
    const res = await t.http.get(`/api/v1/exports/${id}`).set(c.admin.auth).expect(200);
    return res.body.status === status ? (res.body as { status: string; error: string | null; fileName: string }) : undefined;
  };

  beforeAll(async () => {
    workers = new WorkerProcesses(await buildWorker('test-export-worker-dist'), 'test-export');
    t = await startTestApp();
    queue = t.app.get<Queue>(getQueueToken('exports'));
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    // Scored by a worker in this process, which then stops: the export is left to the worker process.
    const scorer = await startTestWorker();
    let runId: string;
    try {
      runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id;
      await drainQueues(t, 120_000);
    } finally {
      await scorer.close();
    }
    // Published by the service in this process once the in-process worker is gone (through the API, a worker would
    // publish and write the workbook itself): the ranking workbook that publishing asks for is left to the export
    // process worker below (the tests' own worker writes exports in itself, EXPORT_HEAP_MB 0).
    const admin = { userId: c.admin.id, label: c.admin.email, role: Role.Admin, unitId: null };
    publicationId = (await t.app.get(PublicationsService).publish(admin, c.cycleId, runId)).id;
    workers.start('exports', { EXPORT_HEAP_MB: String(HEAP_MB) });
  }, 240_000);
  afterAll(async () => {
    await workers?.killAll();
    await queue?.obliterate({ force: true });
    await t?.close();
  }, 60_000);

  it('writes the ranking workbook in a process whose heap is the configured one, every index equal to the stored results', async () => {
    const asked = await t.http.post('/api/v1/exports').set(c.admin.auth).send({ kind: 'ranking', publicationId }).expect(202);
    const done = await workers.until('the ranking export to succeed', () => exportState(asked.body.id, 'succeeded'), 120_000, 200);
    expect(done.fileName).toBe('dti-2022-province-v1.xlsx');

    const [job] = (await queue.getJobs(['completed'])).filter((j) => j.data.exportJobId === asked.body.id);
    const result = job.returnvalue as ExportJobResult;
    // V8's limit is the old space asked for plus the young generation; without the flag it would be gigabytes.
    expect(result.process?.heapLimitMb).toBeGreaterThanOrEqual(HEAP_MB);
    expect(result.process?.heapLimitMb).toBeLessThan(HEAP_MB + 100);
    expect(result.process?.maxRssBytes).toBeGreaterThan(0);

    const file = await t.http.get(`/api/v1/exports/${asked.body.id}/download`).set(c.admin.auth).buffer(true).parse(binaryBody).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as ExcelJS.Buffer);
    const ranking = wb.getWorksheet('Xếp hạng')!;
    const header = new Map<string, number>();
    ranking.getRow(3).eachCell((cell, col) => header.set(String(cell.value), col));
    const shown = new Map<string, unknown>();
    ranking.eachRow((row, n) => {
      if (n > 3) shown.set(String(row.getCell(header.get('Mã')!).value), row.getCell(header.get('Chỉ số DTI')!).value ?? null);
    });
    const stored: { unit_code: string; index_rounded: number | null }[] = await t.db.query(
      'SELECT r.unit_code, r.index_rounded FROM score_results r JOIN publications p ON p.run_id = r.run_id WHERE p.id = $1',
      [publicationId],
    );
    expect(stored).toHaveLength(63);
    expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(stored.map((s) => [s.unit_code, s.index_rounded])));
  }, 180_000);

  it('fails an export of something that does not exist at once, with the reason the export process gave', async () => {
    const missing = randomUUID();
    const requestKey = randomUUID().replace(/-/g, '').padEnd(64, '0');
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO export_jobs (kind, params, request_key) VALUES ('ranking', $1, $2) RETURNING id`,
      [{ publicationId: missing }, requestKey],
    );
    await t.app.get(ExportsProducer).enqueue(row.id, requestKey);
    const failed = await workers.until('the export to fail', () => exportState(row.id, 'failed'), 60_000, 200);
    expect(failed.error).toBe(`publication ${missing} not found`);
    const [job] = (await queue.getJobs(['failed'])).filter((j) => j.data.exportJobId === row.id);
    // Not retried: what was asked for will not appear by trying again.
    expect(job.attemptsMade).toBe(1);
  }, 90_000);
});
