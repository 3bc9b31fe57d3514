import { analyseRun } from '../src/analysis/analysis-model';
import type { AnalysisRequestSpec } from '../src/analysis/analysis-result';
import { analysisSpecHash } from '../src/analysis/analysis-spec';
import { AnalysisProducer } from '../src/analysis/analysis.producer';
import type { AnalysisView } from '../src/analysis/analysis.view';
import { canonicalJson } from '../src/common/canonical-json';
import { loadScoreInputs } from '../src/scoring/score-inputs';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { buildWorker, WorkerProcesses } from './utils/worker-processes';

/**
 * A compiled worker process, as deployed: each analysis runs in a thread of its own (src/analysis/analysis-run.ts),
 * which the TypeScript sources of the other tests cannot start. Its result is the one the model gives here, bit for
 * bit; its progress reaches the row as the thread reports it; a spec the model refuses in the thread fails the job at
 * once, with why.
 */
describe('analyses computed in a thread of a compiled worker', () => {
  let t: TestApp;
  let workers: WorkerProcesses;
  let c: OpenCycle;
  let runId: string;

  const state = async (id: string, status: string, seen?: number[]): Promise<AnalysisView | undefined> => {
    const view = (await t.http.get(`/api/v1/analyses/${id}`).set(c.admin.auth).expect(200)).body as AnalysisView;
    seen?.push(view.progress);
    return view.status === status ? view : undefined;
  };

  beforeAll(async () => {
    workers = new WorkerProcesses(await buildWorker('test-analysis-worker-dist'), 'test-analysis');
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    // Scored by a worker in this process, which then stops: the analyses are left to the worker process.
    const scorer = await startTestWorker();
    try {
      runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id as string;
      await drainQueues(t, 120_000);
    } finally {
      await scorer.close();
    }
    workers.start('analysis');
  }, 300_000);
  afterAll(async () => {
    await workers?.killAll();
    await t?.close();
  }, 60_000);

  it("gives the model's result bit for bit, its progress rising to 100", async () => {
    const asked = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/analyses`)
      .set(c.admin.auth)
      .send({ samples: 2000, seed: 4, sensitivitySamples: 50, sources: { weights: { kind: 'dirichlet', concentration: 40 }, aggregation: true } })
      .expect(202);
    const seen: number[] = [];
    const done = await workers.until('the analysis to succeed', () => state(asked.body.id as string, 'succeeded', seen), 180_000, 50);
    expect(done.progress).toBe(100);
    expect(seen.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= seen[i - 1]))).toBe(true);

    const inputs = await loadScoreInputs(t.db.manager, c.cycleId);
    const here = analyseRun({ framework: inputs.framework, units: inputs.units, parameters: inputs.parameters }, done.spec, { runId });
    expect(canonicalJson(done.result)).toBe(canonicalJson(here));
    expect(done.result!.sensitivity!.map((s) => s.source)).toEqual(['weights', 'aggregation']);
  }, 240_000);

  it('fails a spec the model refuses in the thread at once, with its message', async () => {
    const spec = { sources: { weights: { kind: 'range', factor: 0.2, level: 9 } }, samples: 100, seed: 1, top: 10, sensitivitySamples: 0 } as AnalysisRequestSpec;
    const [{ id }] = (await t.db.query('INSERT INTO analyses (cycle_id, run_id, spec, spec_hash) VALUES ($1, $2, $3, $4) RETURNING id', [
      c.cycleId,
      runId,
      spec,
      analysisSpecHash(spec),
    ])) as { id: string }[];
    await t.app.get(AnalysisProducer).ensureQueued(id, runId, analysisSpecHash(spec));
    const failed = await workers.until('the analysis to fail', () => state(id, 'failed'), 60_000, 100);
    expect(failed).toMatchObject({ error: 'sources.weights.level: the framework has no node at level 9', attempts: 1, result: null });
  }, 90_000);
});
