import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportJob } from '../../../src/exports/export-job.entity';
import { exportQueueJobId } from '../../../src/exports/exports.producer';
import { writeExport } from '../../../src/exports/export-writer';
import { QueueName } from '../../../src/queue/queue-name';
import { ScoreResult } from '../../../src/scoring/score-result.entity';
import { ScoreRun } from '../../../src/scoring/score-run.entity';
import { hashInputs, loadScoreInputs } from '../../../src/scoring/score-inputs';
import { computeScores, hashResults, toUnitScore } from '../../../src/scoring/score-results';
import { ScoringProducer } from '../../../src/scoring/scoring.producer';
import { ImportJob } from '../../../src/submissions/import-job.entity';
import { binaryBody } from '../../utils/binary-body';
import type { OpenCycle } from '../../utils/cycle-fixture';
import { frameworkFile } from '../../utils/framework-files';
import { frameworkLeaves } from '../../../src/frameworks/framework-tree';
import { RECOVERY_MS, type FaultStack } from './fault-stack';

/**
 * The three kinds of job the fault specs disturb, each asked for through the child API: a score run, a cycle-data
 * export and a system-values import. Each says when it is "in the middle" (read from the job's own progress in its
 * row, so that a fault lands while it writes), waits for its end, and checks the end against an undisturbed result
 * of the same inputs: the job finished exactly once, nothing lost or doubled.
 */
export interface Operation {
  name: string;
  /** Asks for it; returns its row id. */
  start(): Promise<string>;
  /** Its row shows it writing (and, for a write to the database, a worker's session is in that statement); throws if it ended before. */
  inTheMiddle(id: string): Promise<boolean>;
  /** Its row is not final (nothing of a killed worker's open transaction shows). */
  unfinished(id: string): Promise<void>;
  /** Waits until its row and its BullMQ job are both final, then checks everything. */
  verify(id: string): Promise<void>;
  /** Forgets it (row and queue job), so that the next test may ask for the same again. */
  forget(id: string): Promise<void>;
}

/** How long a disturbed job may take to end, from the fault: its retries (with backoff) and the run itself. */
const FINISH_MS = RECOVERY_MS + 90_000;

/**
 * How long a score run's or an import's write to the database lasts here (FaultStack.slowWrites spreads it over the
 * rows): a few dozen rows would otherwise be written in milliseconds, before any fault could land among them.
 */
const WRITE_MS = 4000;

function final<T>(stack: FaultStack, what: string, queue: QueueName, read: () => Promise<{ row: T; jobId: string } | undefined>) {
  return stack.workers.until(
    what,
    async () => {
      const found = await read();
      if (!found) return undefined;
      const state = await (await stack.queue(queue).getJob(found.jobId))?.getState();
      return state === 'completed' || state === 'failed' ? found.row : undefined;
    },
    FINISH_MS,
    100,
  );
}

/** The job ran to its end once: completed (not failed), one `completed` event, as many starts as its row says. */
async function expectCompletedOnce(stack: FaultStack, queue: QueueName, jobId: string): Promise<void> {
  const job = (await stack.queue(queue).getJob(jobId))!;
  expect(await job.getState()).toBe('completed');
  const events = await stack.eventsOf(queue, jobId);
  expect(events.filter((e) => e === 'completed')).toHaveLength(1);
  // Each start is an `active` event; a retry (failed attempt) or a stall gave it back before each later one.
  const starts = events.filter((e) => e === 'active').length;
  expect(starts).toBe(job.attemptsStarted);
  expect(events.filter((e) => e === 'retries-exhausted')).toHaveLength(0);
}

export function scoreRun(stack: FaultStack, c: () => OpenCycle): Operation {
  const { t } = stack;
  const getRun = (id: string) => t.db.getRepository(ScoreRun).findOneByOrFail({ id });
  return {
    name: 'a score run',
    async start() {
      const [{ n }]: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM cycle_units WHERE cycle_id = $1', [c().cycleId]);
      await stack.slowWrites('score_results', WRITE_MS / n);
      const res = await t.http.post(`/api/v1/cycles/${c().cycleId}/score-runs`).set(c().admin.auth).expect(202);
      expect(res.body.created).toBe(true);
      return res.body.run.id as string;
    },
    async inTheMiddle(id) {
      const run = await getRun(id);
      if (run.status === 'succeeded' || run.status === 'failed') throw new Error(`the run ended (${run.status}) before the fault`);
      // Writing the results: between 40 % (scored) and 95 % (all rows sent, the commit next), in its COPY.
      return run.status === 'running' && run.progress >= 40 && run.progress < 95 && (await stack.writing(/^COPY score_results\b/));
    },
    async unfinished(id) {
      expect(await getRun(id)).toMatchObject({ status: 'running', resultsHash: null });
      expect(await t.db.getRepository(ScoreResult).countBy({ runId: id })).toBe(0);
    },
    async verify(id) {
      const run = await final(stack, `score run ${id} and its job to end`, QueueName.Scoring, async () => {
        const r = await getRun(id);
        return r.status === 'succeeded' || r.status === 'failed' ? { row: r, jobId: ScoringProducer.jobId(r.cycleId, r.inputsHash) } : undefined;
      });
      expect(run).toMatchObject({ status: 'succeeded', progress: 100, error: null });
      const jobId = ScoringProducer.jobId(run.cycleId, run.inputsHash);
      await expectCompletedOnce(stack, QueueName.Scoring, jobId);
      const job = (await stack.queue(QueueName.Scoring).getJob(jobId))!;
      expect(run.attempts).toBe(job.attemptsStarted);
      // One run of these inputs; its rows are those of an undisturbed run of the same inputs, each unit once.
      expect(await t.db.getRepository(ScoreRun).countBy({ cycleId: run.cycleId, inputsHash: run.inputsHash })).toBe(1);
      const inputs = await loadScoreInputs(t.db.manager, run.cycleId);
      expect(hashInputs(inputs)).toBe(run.inputsHash);
      const expected = hashResults(computeScores(inputs).units);
      expect(run.resultsHash).toBe(expected);
      const rows = await t.db.getRepository(ScoreResult).findBy({ runId: id });
      expect({ rows: rows.length, units: new Set(rows.map((r) => r.unitId)).size, hash: hashResults(rows.map(toUnitScore)) }).toEqual({
        rows: inputs.units.length,
        units: inputs.units.length,
        hash: expected,
      });
    },
    async forget(id) {
      const run = await t.db.getRepository(ScoreRun).findOneBy({ id });
      if (!run) return;
      await t.db.query('DELETE FROM score_results WHERE run_id = $1', [id]);
      await t.db.query('DELETE FROM score_runs WHERE id = $1', [id]);
      await stack.queue(QueueName.Scoring).remove(ScoringProducer.jobId(run.cycleId, run.inputsHash));
    },
  };
}

/** Every sheet's rows, hashed, but for the one cell that says when the file was made. */
async function workbookHash(file: string): Promise<{ rows: number; hash: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const hash = createHash('sha256');
  let rows = 0;
  workbook.eachSheet((sheet) => {
    hash.update(`\u0000sheet ${sheet.name}\n`);
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[];
      if (typeof values[1] === 'string' && values[1].startsWith('Tạo tệp lúc')) return;
      rows++;
      hash.update(JSON.stringify(values) + '\n');
    });
  });
  return { rows, hash: hash.digest('hex') };
}

export function cycleDataExport(stack: FaultStack, c: () => OpenCycle): Operation {
  const { t } = stack;
  const getRow = (id: string) => t.db.getRepository(ExportJob).findOneByOrFail({ id });
  return {
    name: "a cycle's data export",
    async start() {
      const res = await t.http.post('/api/v1/exports').set(c().admin.auth).send({ kind: 'cycle_data', cycleId: c().cycleId }).expect(202);
      expect(res.body.status).toBe('queued');
      return res.body.id as string;
    },
    async inTheMiddle(id) {
      const row = await getRow(id);
      if (row.status === 'succeeded' || row.status === 'failed') throw new Error(`the export ended (${row.status}) before the fault`);
      return row.status === 'running' && row.progress >= 10 && row.progress < 90;
    },
    async unfinished(id) {
      expect(await getRow(id)).toMatchObject({ status: 'running', sha256: null });
    },
    async verify(id) {
      const row = await final(stack, `export ${id} and its job to end`, QueueName.Exports, async () => {
        const r = await getRow(id);
        return r.status === 'succeeded' || r.status === 'failed' ? { row: r, jobId: exportQueueJobId(r.requestKey) } : undefined;
      });
      expect(row).toMatchObject({ status: 'succeeded', progress: 100, error: null });
      await expectCompletedOnce(stack, QueueName.Exports, exportQueueJobId(row.requestKey));
      expect(await t.db.getRepository(ExportJob).countBy({ requestKey: row.requestKey })).toBe(1);
      // The file served is the one recorded, and it holds what an undisturbed export of the same data holds.
      const dir = mkdtempSync(join(tmpdir(), 'dti-fault-export-'));
      try {
        const res = await t.http.get(`/api/v1/exports/${id}/download`).set(c().admin.auth).buffer(true).parse(binaryBody).expect(200);
        const served = join(dir, 'served.xlsx');
        writeFileSync(served, res.body as Buffer);
        expect(createHash('sha256').update(res.body as Buffer).digest('hex')).toBe(row.sha256);
        const clean = join(dir, 'clean.xlsx');
        await writeExport(t.db, { kind: row.kind, params: row.params }, clean);
        const [got, want] = [await workbookHash(served), await workbookHash(clean)];
        expect(got.rows).toBeGreaterThan(1000);
        expect(got).toEqual(want);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async forget(id) {
      const row = await t.db.getRepository(ExportJob).findOneBy({ id });
      if (!row) return;
      await t.db.query('DELETE FROM export_jobs WHERE id = $1', [id]);
      await stack.queue(QueueName.Exports).remove(exportQueueJobId(row.requestKey));
    },
  };
}

/**
 * A CSV of every percent-typed system indicator for every unit of the cycle, with values of its own (`seed`), so
 * that each row is a change the import must write.
 */
export function systemValuesImport(stack: FaultStack, c: () => OpenCycle, seed: () => number): Operation {
  const { t } = stack;
  const getRow = (id: string) => t.db.getRepository(ImportJob).findOneByOrFail({ id });
  const percents = frameworkLeaves(frameworkFile('pdti-2022.yaml'))
    .map((l) => l.node)
    .filter((n) => n.source === 'system' && n.input?.type === 'percent')
    .map((n) => n.code);
  let sent: Map<string, number> | undefined;
  /** How many of the values sent differ from those stored before: what one run of the import applies. */
  let changes = 0;
  return {
    name: 'a system-values import',
    async start() {
      const units: { code: string }[] = await t.db.query(
        'SELECT u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1 ORDER BY u.code',
        [c().cycleId],
      );
      const before: { code: string; indicator_code: string; value: unknown }[] = await t.db.query(
        `SELECT u.code, v.indicator_code, v.value FROM system_values v JOIN units u ON u.id = v.unit_id
          WHERE v.cycle_id = $1 AND v.indicator_code = ANY($2)`,
        [c().cycleId, percents],
      );
      const stored = new Map(before.map((b) => [`${b.code} ${b.indicator_code}`, Number(b.value)]));
      sent = new Map();
      const lines = ['unit,indicator,value'];
      for (const [i, u] of units.entries()) {
        for (const [j, code] of percents.entries()) {
          const value = ((i * 7 + j * 13 + seed() * 31) % 1000) / 10;
          sent.set(`${u.code} ${code}`, value);
          lines.push(`${u.code},${code},${value}`);
        }
      }
      changes = [...sent].filter(([key, value]) => stored.get(key) !== value).length;
      expect(changes).toBeGreaterThan(sent.size / 2);
      await stack.slowWrites('system_values', WRITE_MS / sent.size);
      const res = await t.http
        .post(`/api/v1/cycles/${c().cycleId}/system-values`)
        .set(c().admin.auth)
        .attach('file', Buffer.from(lines.join('\n') + '\n'), 'gia-tri-he-thong.csv')
        .expect(202);
      return res.body.id as string;
    },
    async inTheMiddle(id) {
      const row = await getRow(id);
      if (!['queued', 'running'].includes(row.status)) throw new Error(`the import ended (${row.status}) before the fault`);
      // Read and checked the file (60 %), writing the values in its transaction (before 90 %).
      return row.status === 'running' && row.progress >= 60 && row.progress < 90 && (await stack.writing(/^INSERT INTO "system_values"/));
    },
    async unfinished(id) {
      expect(await getRow(id)).toMatchObject({ status: 'running', report: null });
    },
    async verify(id) {
      const row = await final(stack, `import ${id} and its job to end`, QueueName.Imports, async () => {
        const r = await getRow(id);
        return ['succeeded', 'rejected', 'failed'].includes(r.status) ? { row: r, jobId: `import-${r.id}` } : undefined;
      });
      expect(row).toMatchObject({ status: 'succeeded', progress: 100 });
      await expectCompletedOnce(stack, QueueName.Imports, `import-${id}`);
      // Every value sent is stored once, and the report counts each change as applied (a second run of the job
      // after a commit would have found them unchanged and reported 0).
      expect(row.report).toMatchObject({ read: sent!.size, applied: changes, problems: [] });
      const stored: { code: string; indicator_code: string; value: unknown; import_job_id: string }[] = await t.db.query(
        `SELECT u.code, v.indicator_code, v.value, v.import_job_id FROM system_values v JOIN units u ON u.id = v.unit_id
          WHERE v.cycle_id = $1 AND v.indicator_code = ANY($2)`,
        [c().cycleId, percents],
      );
      expect(stored).toHaveLength(sent!.size);
      const got = new Map(stored.map((s) => [`${s.code} ${s.indicator_code}`, Number(s.value)]));
      expect(got).toEqual(sent);
    },
    async forget() {
      // An import is not asked for again: each has its own id and job.
    },
  };
}
