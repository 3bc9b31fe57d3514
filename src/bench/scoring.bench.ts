import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { hashInputs, loadScoreInputs } from '../scoring/score-inputs';
import { computeScores, hashResults } from '../scoring/score-results';
import { createTableLikeRunResults, runResultRowsSql, runResultsSize } from '../scoring/score-results.queries';
import { ScoringService } from '../scoring/scoring.service';
import { cycleAnswerValues } from '../submissions/answers.queries';
import { copyFile, copyQueryTo, withPgClient, type BenchFixture } from './bench-fixture';
import type { BenchFigure } from './bench-figure';

/**
 * A score run end to end at commune scale, through the real path: ScoringService.requestRun (what POST .../score-runs
 * does: load the inputs, hash them, record the run, enqueue), then the scoring queue's ScoreRunProcessor in this
 * process (load the inputs again, check their hash, score, write the results with COPY in one transaction, hashing
 * each row as it is written), timed from the request until the run reads succeeded.
 *
 * The floor is the I/O such a run cannot avoid: the same answer rows read with one SELECT (cycleAnswerValues, one row
 * per answer; loadScoreInputs reads them as one JSON row per unit since #23, which the floor does not get to use),
 * and the same number of result rows, byte for byte the ones the run stored, written with COPY into a table like
 * score_results (same columns, jsonb, keys and indexes), in one transaction; nothing computed.
 */

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

const RESULT_COLUMNS = ['run_id', 'unit_id', 'unit_code', 'unit_group', 'ranked', 'status', 'index', 'index_rounded', 'rank', 'group_rank', 'nodes', 'pillars', 'notes'];

async function waitForRun(scoring: ScoringService, runId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let missed = 0;
  for (;;) {
    // The worker scores in this process: a long synchronous step (or a full collection of millions of input objects)
    // can outlast a new connection's 5 s timeout, which fails that one poll, not the run: ask again, a few times.
    const run = await scoring.getRun(runId).catch((error: unknown) => {
      if (!(error instanceof Error) || !/connection timeout/i.test(error.message) || ++missed > 5) throw error;
      return null;
    });
    if (!run) continue;
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`score run ${runId} still ${run.status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Scores the fixture's cycle once through the queue; the figures of that run (used by the workbook suite too). */
export async function scoreRun(fixture: BenchFixture): Promise<{ requestToDone: number; requestOnly: number; processor: number; attempts: number }> {
  const scoring = fixture.app.get(ScoringService);
  const t0 = process.hrtime.bigint();
  const { run } = await scoring.requestRun(fixture.admin, fixture.scoredCycleId);
  const requestOnly = seconds(t0);
  const done = await waitForRun(scoring, run.id, 30 * 60_000);
  const requestToDone = seconds(t0);
  if (done.status !== 'succeeded') throw new Error(`the bench score run failed: ${done.error}`);
  fixture.runId = done.id;
  return { requestToDone, requestOnly, processor: (done.durationMs ?? 0) / 1000, attempts: done.attempts };
}

/** The I/O floor: one SELECT of the answers, one COPY of the run's result rows (from a file made beforehand). */
async function ioFloor(fixture: BenchFixture, runId: string): Promise<{ seconds: number; select: number; answers: number; results: number; resultMegabytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'dti-bench-'));
  const file = join(dir, 'results.copy');
  try {
    await fixture.db.query('DROP TABLE IF EXISTS bench_floor_results');
    await createTableLikeRunResults(fixture.db.manager, 'bench_floor_results');
    await withPgClient(fixture.db, (client) =>
      copyQueryTo(client, runResultRowsSql(RESULT_COLUMNS.join(', '), `'${runId}'`), createWriteStream(file)),
    );
    const { bytes, n } = await runResultsSize(fixture.db.manager, runId);
    const runner = fixture.db.createQueryRunner();
    await runner.connect();
    try {
      const t0 = process.hrtime.bigint();
      await runner.startTransaction();
      const rows = await cycleAnswerValues(runner.manager, fixture.scoredCycleId);
      const selected = seconds(t0);
      await copyFile((await runner.connect()) as PoolClient, 'bench_floor_results', RESULT_COLUMNS, file);
      await runner.commitTransaction();
      return { seconds: seconds(t0), select: selected, answers: rows.length, results: n, resultMegabytes: bytes / 1e6 };
    } finally {
      await runner.release();
    }
  } finally {
    await fixture.db.query('DROP TABLE IF EXISTS bench_floor_results');
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Where a run's time goes: the processor's steps, each timed alone with the same functions (results not stored);
 * hashResults too, which the processor does row by row while writing.
 */
async function steps(fixture: BenchFixture): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let t0 = process.hrtime.bigint();
  const inputs = await loadScoreInputs(fixture.db.manager, fixture.scoredCycleId);
  out.load = seconds(t0);
  t0 = process.hrtime.bigint();
  hashInputs(inputs);
  out.hashInputs = seconds(t0);
  t0 = process.hrtime.bigint();
  const scores = computeScores(inputs);
  out.compute = seconds(t0);
  t0 = process.hrtime.bigint();
  hashResults(scores.units);
  out.hashResults = seconds(t0);
  return out;
}

export async function benchScoring(fixture: BenchFixture): Promise<BenchFigure[]> {
  const { units, indicators } = fixture.options;
  const run = await scoreRun(fixture);
  const floor = await ioFloor(fixture, fixture.runId!);
  const parts = await steps(fixture);
  // The processor hashes the results while it writes them: hashResults, timed alone, is part of the write.
  const write = Math.max(0, run.processor - parts.load - parts.hashInputs - parts.compute);
  const scale = { units, indicators };
  return [
    { key: 'scoring.requestToDone', params: scale, value: round(run.requestToDone), unit: 's', floor: round(floor.seconds), ratio: round(run.requestToDone / floor.seconds) },
    { key: 'scoring.processor', params: scale, value: round(run.processor), unit: 's', floor: round(floor.seconds), ratio: round(run.processor / floor.seconds) },
    { key: 'scoring.requestRun', value: round(run.requestOnly), unit: 's' },
    { key: 'scoring.loadScoreInputs', value: round(parts.load), unit: 's' },
    { key: 'scoring.hashInputs', value: round(parts.hashInputs), unit: 's' },
    { key: 'scoring.computeScores', value: round(parts.compute), unit: 's' },
    { key: 'scoring.hashResults', value: round(parts.hashResults), unit: 's' },
    { key: 'scoring.write', value: round(write), unit: 's' },
    { key: 'scoring.floorSelect', params: { answers: floor.answers }, value: round(floor.select), unit: 's' },
    { key: 'scoring.floorCopy', params: { results: floor.results, megabytes: Math.round(floor.resultMegabytes) }, value: round(floor.seconds - floor.select), unit: 's' },
    { key: 'scoring.attempts', value: run.attempts, unit: '' },
  ];
}
