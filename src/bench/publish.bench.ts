import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { vacuumRunResults } from '../scoring/score-results.queries';
import { BenchFixture } from './bench-fixture';
import type { BenchFigure } from './bench-figure';
import { childReport, publishFigures, type PublishChildReport } from './publish-figures';
import { scoreRun } from './scoring.bench';

/**
 * Publishing a large edition (#23): 20,000 communes × 400 indicators by default, data of its own (a database and a
 * queue prefix beside the other suites', made as theirs: the answers by COPY, 8,000,000 of them, scored by the real
 * score run through the queue). Then, each in a process of its own (publish-child.ts), so that its peak RSS (VmHWM)
 * is its own and not the bench's with the fixture in memory:
 *
 * - the floor: the rows a snapshot holds, the cycle's answers and the run's results, read with COPY … TO STDOUT and
 *   hashed with sha256 as they come, nothing else;
 * - the publish: PublicationsService.publish of the run, timed, against the floor (aim ≤ 1.5×, peak RSS < 500 MB);
 * - the design's own work on the rows that publication was made of (publish-child.ts `work`): read, parse, hash and
 *   write as canonical JSON, nothing stored; publishing against it is what publishing adds to that work;
 * - the verify: PublicationsService.verify of that publication, timed, its peak RSS.
 *
 * A side that cannot complete (a snapshot beyond V8's longest string) is a failed figure with its reason, not the end
 * of the bench.
 */

/** The scoring lock of the suite's own worker, unless SCORING_LOCK_MS is set: 10 minutes. */
const SCORING_LOCK_MS = 600_000;

export interface PublishBenchOptions {
  units: number;
  indicators: number;
  keepDatabase: boolean;
}

/** One side in its own process; its report, or a failed one naming how the process ended. */
function child(args: string[], env: NodeJS.ProcessEnv): Promise<PublishChildReport> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(__dirname, 'publish-child.js'), ...args], { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
      resolve(childReport(stdout, { code, signal: error?.signal ?? null, stderr }));
    });
  });
}

export async function benchPublish(options: PublishBenchOptions): Promise<BenchFigure[]> {
  // BenchFixture points this process's settings at its database; the shared fixture's are put back after.
  const saved = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX, SCORING_LOCK_MS: process.env.SCORING_LOCK_MS };
  // Scoring 8,000,000 answers blocks the worker longer than the default 30 s lock on a busy machine, and a lost lock
  // runs the job again: a deployment of this size sets a longer lock, as the bench does for its own worker.
  process.env.SCORING_LOCK_MS ??= String(SCORING_LOCK_MS);
  let fixture: BenchFixture | null = null;
  let score: { requestToDone: number } | null = null;
  try {
    fixture = await BenchFixture.create({ ...options, name: 'bench_publish' });
    score = await scoreRun(fixture);
  } catch (error) {
    // Its data not made or not scored (a busy machine: the framework's 10 s check, a connection timed out while the
    // worker in this process scored): a failed figure, not the end of the other suites' table.
    await fixture?.close().catch(() => undefined);
    restore(saved);
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [{ key: 'publish.publish', params: { units: options.units, indicators: options.indicators }, value: NaN, unit: 's', failed: `its data not made and scored: ${reason.slice(0, 300)}` }];
  }
  try {
    const env = { ...process.env };
    const cycleId = fixture.scoredCycleId;
    const runId = fixture.runId!;
    // The results were just written: let statistics and the visibility map catch up before either side reads them.
    await vacuumRunResults(fixture.db.manager);
    const floor = await child(['floor', cycleId, runId], env);
    const publish = await child(['publish', cycleId, runId], env);
    const work = publish.publicationId ? await child(['work', cycleId, runId, publish.publicationId], env) : null;
    const verify = publish.publicationId ? await child(['verify', publish.publicationId], env) : null;
    return publishFigures({
      units: options.units,
      indicators: options.indicators,
      generateSeconds: fixture.timings.generate ?? NaN,
      scoreSeconds: score.requestToDone,
      floor,
      publish,
      work,
      verify,
    });
  } finally {
    await fixture.close();
    restore(saved);
  }
}

function restore(saved: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
