import type { INestApplicationContext } from '@nestjs/common';
import { Role } from '../src/auth/role';
import { analyseRun } from '../src/analysis/analysis-model';
import type { AnalysisRequestSpec, AnalysisResult } from '../src/analysis/analysis-result';
import { analysisSpecHash } from '../src/analysis/analysis-spec';
import { AnalysisProducer } from '../src/analysis/analysis.producer';
import { AnalysisService } from '../src/analysis/analysis.service';
import type { AnalysisView } from '../src/analysis/analysis.view';
import { canonicalJson } from '../src/common/canonical-json';
import { keyedByUnitCode, reviewerCandidates } from '../src/reviews/reviewer-candidates.queries';
import { loadScoreInputs } from '../src/scoring/score-inputs';
import { openNextProvinceCycle, openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { reviewCycle, type ReviewCycle } from './utils/review-fixture';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/** Few samples: the test checks what an analysis is, not how long 1,000 samples take (npm run bench). */
const SAMPLES = 200;
const WEIGHTS_AND_AGGREGATION = { weights: { kind: 'range', factor: 0.25 }, aggregation: true };

describe('uncertainty analyses of a score run (#22 point 2)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;
  let runId: string;

  const ask = (body: object, cycleId = c.cycleId, auth = c.admin.auth) => t.http.post(`/api/v1/cycles/${cycleId}/analyses`).set(auth).send(body);
  const read = async (id: string): Promise<AnalysisView> => (await t.http.get(`/api/v1/analyses/${id}`).set(c.admin.auth).expect(200)).body as AnalysisView;
  const count = async (): Promise<number> => Number((await t.db.query('SELECT count(*)::int AS n FROM analyses'))[0].n);
  /** A succeeded score run of the cycle's current inputs, scored on the queue. */
  const scored = async (): Promise<string> => {
    const id = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id as string;
    await drainQueues(t);
    expect((await t.http.get(`/api/v1/score-runs/${id}`).set(c.admin.auth).expect(200)).body.status).toBe('succeeded');
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  describe('of a 63-province run', () => {
    beforeAll(async () => {
      await resetState(t);
      c = await openProvinceCycle(t);
      await fillSubmissions(t, c.cycleId, c.units, 2022);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
      runId = await scored();
    }, 120_000);

    it("analyses the cycle's latest run on the queue: one row per unit, the run's ranks as the official ones, each median within its 5-95 % interval", async () => {
      const asked = await ask({ samples: SAMPLES, sources: WEIGHTS_AND_AGGREGATION }).expect(202);
      expect(asked.body).toMatchObject({
        runId,
        cycleId: c.cycleId,
        status: 'queued',
        progress: 0,
        result: null,
        // The defaults filled in: the stored spec is the one the result says.
        spec: { samples: SAMPLES, seed: 2026, top: 10, sensitivitySamples: 0, sources: { weights: { kind: 'range', factor: 0.25, level: 1 }, aggregation: true } },
      });
      await drainQueues(t);

      const done = await read(asked.body.id as string);
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, error: null, attempts: 1 });
      const result = done.result!;
      expect(result).toMatchObject({ format: 'dti-analysis/1', runId, spec: done.spec, nodeVersion: process.version, sensitivity: null });
      const ranking = (await t.http.get(`/api/v1/score-runs/${runId}/ranking`).set(c.admin.auth).expect(200)).body as { code: string; rank: number | null }[];
      expect(result.units).toHaveLength(63);
      expect(new Set(result.units.map((u) => u.code))).toEqual(new Set(Object.keys(c.units)));
      expect(Object.fromEntries(result.units.map((u) => [u.code, u.official]))).toEqual(Object.fromEntries(ranking.map((r) => [r.code, r.rank ?? 0])));
      for (const u of result.units) {
        expect(u.q05).not.toBeNull();
        expect(u.q05!).toBeLessThanOrEqual(u.median!);
        expect(u.median!).toBeLessThanOrEqual(u.q95!);
        expect(u.pKeep).toBeGreaterThanOrEqual(0);
        expect(u.pKeep).toBeLessThanOrEqual(1);
        expect(u.pTop).toBeGreaterThanOrEqual(0);
        expect(u.pTop).toBeLessThanOrEqual(1);
      }
      // Noise moves some ranks: not every unit keeps its rank in every sample.
      expect(result.units.some((u) => u.pKeep < 1)).toBe(true);

      // The list shows it without its result; the service gives it to the features that show or freeze it.
      const list = (await t.http.get(`/api/v1/cycles/${c.cycleId}/analyses`).set(c.admin.auth).expect(200)).body as AnalysisView[];
      expect(list.find((a) => a.id === done.id)).toMatchObject({ status: 'succeeded', result: null });
      const service = t.app.get(AnalysisService);
      expect((await service.byId(done.id))?.result).toEqual(result);
      expect((await service.latestSucceededForRun(runId))?.id).toBe(done.id);
    });

    it('the same request twice is one analysis; another seed is another analysis with other draws; the same seed again gives the same result bit for bit', async () => {
      const body = { samples: SAMPLES, seed: 11, sources: WEIGHTS_AND_AGGREGATION };
      const first = await ask({ ...body, runId }).expect(202);
      // The same spec written otherwise (defaults spelt out, the run named or not) is the same analysis: 200, same id.
      const again = await ask({ ...body, top: 10, sensitivitySamples: 0, sources: { ...WEIGHTS_AND_AGGREGATION, weights: { ...WEIGHTS_AND_AGGREGATION.weights, level: 1 } } }).expect(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await ask({ ...body, seed: 12 }).expect(202);
      expect(other.body.id).not.toBe(first.body.id);
      await drainQueues(t);

      const a = (await read(first.body.id as string)).result!;
      const b = (await read(other.body.id as string)).result!;
      expect(a.units.map((u) => u.official)).toEqual(b.units.map((u) => u.official));
      expect(JSON.stringify(a.units)).not.toBe(JSON.stringify(b.units));

      // Asked again from scratch (its row gone), the same seed gives the same result, bit for bit (JSON equal); and so
      // does the model called directly on the run's inputs (canonical JSON: jsonb keeps no key order).
      await t.db.query('DELETE FROM analyses WHERE id = $1', [first.body.id]);
      const fresh = await ask(body).expect(202);
      expect(fresh.body.id).not.toBe(first.body.id);
      await drainQueues(t);
      const c2 = (await read(fresh.body.id as string)).result!;
      expect(JSON.stringify(c2)).toBe(JSON.stringify(a));
      const inputs = await loadScoreInputs(t.db.manager, c.cycleId);
      const direct: AnalysisResult = analyseRun({ framework: inputs.framework, units: inputs.units, parameters: inputs.parameters }, a.spec, { runId });
      expect(canonicalJson(direct)).toBe(canonicalJson(a));
    });

    it('refuses a request with no source, a bad number, an unknown normalisation or one the framework cannot take, naming the field; nothing is stored', async () => {
      const before = await count();
      const refused = async (body: object, field: string, rule?: string) => {
        const res = await ask(body).expect(400);
        expect(res.body.error).toBe('VALIDATION_FAILED');
        expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, ...(rule ? { rule } : {}) })]));
      };
      await refused({ sources: {} }, 'sources', 'atLeastOneSource');
      await refused({ sources: { aggregation: false, reviewers: false } }, 'sources', 'atLeastOneSource');
      await refused({ samples: SAMPLES }, 'sources');
      await refused({ samples: 0, sources: { aggregation: true } }, 'samples', 'min');
      await refused({ samples: 10_001, sources: { aggregation: true } }, 'samples', 'max');
      await refused({ seed: 1.5, sources: { aggregation: true } }, 'seed', 'isInt');
      await refused({ sensitivitySamples: 5001, sources: { aggregation: true } }, 'sensitivitySamples', 'max');
      await refused({ sources: { normalisation: ['rank'] } }, 'sources.normalisation', 'isIn');
      await refused({ sources: { weights: { kind: 'range', factor: 1 } } }, 'sources.weights.factor', 'max');
      await refused({ sources: { weights: { kind: 'range' } } }, 'sources.weights.factor');
      await refused({ sources: { weights: { kind: 'dirichlet', concentration: 0 } } }, 'sources.weights.concentration');
      await refused({ sources: { weights: { kind: 'dirichlet', concentration: 50, factor: 0.2 } } }, 'sources.weights.factor', 'forbidden');
      await refused({ sources: { weights: { kind: 'uniform', factor: 0.2 } } }, 'sources.weights.kind', 'isIn');
      await refused({ sources: { aggregation: true, extra: 1 } }, 'sources.extra', 'unknownField');
      // Known names the run's framework cannot take (the model's refusals, checked before anything is stored): PDTI
      // 2022 scores its leaves by rules (no normalised leaf), and has no node at depth 9.
      await refused({ sources: { normalisation: ['minmax'] } }, 'sources.normalisation', 'noNormalisedLeaf');
      await refused({ sources: { weights: { kind: 'range', factor: 0.2, level: 9 } } }, 'sources.weights.level', 'noNodes');
      // The cycle was not reviewed: no reviewers' values to draw among (test/analysis-reviewers.e2e-spec.ts draws some).
      await refused({ sources: { reviewers: true } }, 'sources.reviewers', 'noReviews');
      expect(await count()).toBe(before);
    });

    it('stores a failure with its message: a job whose spec the model refuses fails at once, and is computed anew when asked again', async () => {
      // A row the API would have refused (its check runs before anything is stored), put on the queue as a job.
      const spec = { sources: { weights: { kind: 'range', factor: 0.2, level: 9 } }, samples: SAMPLES, seed: 5, top: 10, sensitivitySamples: 0 };
      const [{ id }] = (await t.db.query(
        `INSERT INTO analyses (cycle_id, run_id, spec, spec_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [c.cycleId, runId, spec, analysisSpecHash(spec as AnalysisRequestSpec)],
      )) as { id: string }[];
      await t.app.get(AnalysisProducer).ensureQueued(id, runId, analysisSpecHash(spec as AnalysisRequestSpec));
      await drainQueues(t);
      const failed = await read(id);
      expect(failed).toMatchObject({ status: 'failed', result: null, attempts: 1, error: 'sources.weights.level: the framework has no node at level 9' });
      expect(failed.finishedAt).not.toBeNull();

      // The same spec asked through the API finds the failed analysis (200) and queues it again; it fails again.
      const again = await ask({ samples: SAMPLES, seed: 5, sources: spec.sources }).expect(200);
      expect(again.body).toMatchObject({ id, status: 'queued', progress: 0, error: null });
      await drainQueues(t);
      expect(await read(id)).toMatchObject({ status: 'failed', error: 'sources.weights.level: the framework has no node at level 9' });
    });

    it("refuses a run of another cycle, one not succeeded, a cycle with no succeeded run and a stale run (naming runId), and anyone but an admin", async () => {
      const before = await count();
      const body = { samples: SAMPLES, sources: { aggregation: true } };
      const next = await openNextProvinceCycle(t, c);
      const foreign = await ask({ ...body, runId }, next).expect(404);
      expect(foreign.body.details).toEqual([expect.objectContaining({ field: 'runId', rule: 'runOfCycle' })]);
      const none = await ask(body, next).expect(409);
      expect(none.body).toMatchObject({ error: 'WRONG_PHASE', details: [expect.objectContaining({ field: 'runId' })] });
      await ask({ ...body, runId: '00000000-0000-4000-8000-000000000000' }).expect(404);
      const [failedRun] = (await t.db.query(
        `INSERT INTO score_runs (cycle_id, inputs_hash, status, framework_id, framework_version, parameters, error)
         SELECT cycle_id, repeat('0', 64), 'failed', framework_id, framework_version, parameters, 'test' FROM score_runs WHERE id = $1 RETURNING id`,
        [runId],
      )) as { id: string }[];
      const unfinished = await ask({ ...body, runId: failedRun.id }).expect(409);
      expect(unfinished.body).toMatchObject({ error: 'WRONG_PHASE', details: [expect.objectContaining({ field: 'runId', rule: 'succeededRun' })] });
      await ask(body, '00000000-0000-4000-8000-000000000000').expect(404);

      const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@analysis.test');
      for (const who of [c.officerA.auth, reviewer.auth]) {
        await ask(body, c.cycleId, who).expect(403);
        await t.http.get(`/api/v1/cycles/${c.cycleId}/analyses`).set(who).expect(403);
      }
      await t.http.get('/api/v1/analyses/00000000-0000-4000-8000-000000000000').set(c.officerA.auth).expect(403);

      // Last, as it spoils the run for anything after it: an answer changed after the run (in the database, as nothing
      // in phase scoring may change one) makes it stale, and its inputs are no longer the run's to analyse.
      await t.db.query(
        `UPDATE answers SET value = NULL WHERE (submission_id, indicator_code) IN (
           SELECT a.submission_id, a.indicator_code FROM answers a JOIN submissions s ON s.id = a.submission_id
            WHERE s.cycle_id = $1 AND jsonb_typeof(a.value) = 'boolean' ORDER BY a.indicator_code LIMIT 1)`,
        [c.cycleId],
      );
      const stale = await ask({ ...body, seed: 99, runId }).expect(409);
      expect(stale.body).toMatchObject({ error: 'CONFLICT', details: [expect.objectContaining({ field: 'runId', rule: 'currentInputs' })] });
      expect(await count()).toBe(before);
    });
  });

  describe("of a reviewed run, drawing each final value among its reviewers' decisions", () => {
    let r: ReviewCycle;

    beforeAll(async () => {
      await resetState(t);
      r = await reviewCycle(t);
      c = r;
      const base = `/api/v1/cycles/${r.cycleId}/review`;
      const [an, binh, chi] = r.reviewers;
      const settings = await t.http.get(`${base}/settings`).set(r.admin.auth).expect(200);
      await t.http.put(`${base}/settings`).set(r.admin.auth).set('If-Match', String(settings.body.version)).send({ policy: 'median', disagreementShare: 0.2 }).expect(200);
      const assign = (unitId: string, reviewer: SignedInUser, isLead = false) =>
        t.http.post(`${base}/assignments`).set(r.admin.auth).send({ unitId, reviewerId: reviewer.id, isLead }).expect(201);
      await assign(r.unitA, an);
      await assign(r.unitA, binh, true);
      await assign(r.unitA, chi);
      await assign(r.unitB, an);
      await assign(r.unitB, binh, true);
      await moveCycle(t, r.admin.auth, r.cycleId, 'review');
      // NT.05 is scored by hand (max 10): Đà Nẵng's reviewers give 4, 6 and 5 (final: the median), Hà Nội's 5 and 7.5
      // (flagged; the lead settles it at 6.5). The other indicators stay unreviewed: scoring is reached by an override.
      const decide = (reviewer: SignedInUser, unitId: string, points: number) =>
        t.http
          .post(`${base}/units/${unitId}/decisions`)
          .set(reviewer.auth)
          .send({ decisions: [{ indicatorCode: 'NT.05', decision: 'adjust', points, comment: 'Theo minh chứng' }] })
          .expect(201);
      await decide(an, r.unitA, 4);
      await decide(binh, r.unitA, 6);
      await decide(chi, r.unitA, 5);
      await decide(an, r.unitB, 5);
      await decide(binh, r.unitB, 7.5);
      await t.http.post(`${base}/units/${r.unitB}/finals/NT.05/lead-decision`).set(binh.auth).send({ points: 6.5, reason: 'Kế hoạch có nhưng chưa đủ lộ trình' }).expect(201);
      const cycle = await t.http.get(`/api/v1/cycles/${r.cycleId}`).set(r.admin.auth).expect(200);
      await t.http
        .post(`/api/v1/cycles/${r.cycleId}/phase`)
        .set(r.admin.auth)
        .send({ to: 'scoring', rowVersion: cycle.body.rowVersion, reason: 'Chỉ thẩm định NT.05 trong bài kiểm thử' })
        .expect(200);
      runId = await scored();
    }, 120_000);

    it("reads the reviewers' spread in the job and gives the model's result for it, the reviewers a source of the sensitivity indices", async () => {
      const asked = await ask({ samples: SAMPLES, sensitivitySamples: 20, top: 2, sources: { reviewers: true } }).expect(202);
      await drainQueues(t);
      const done = await read(asked.body.id as string);
      expect(done).toMatchObject({ status: 'succeeded', progress: 100, spec: { sources: { reviewers: true } } });
      expect(done.result!.units.map((u) => u.code).sort()).toEqual(['01', '48', '79']);
      expect(done.result!.sensitivity!.map((s) => s.source)).toEqual(['reviewers']);

      const inputs = await loadScoreInputs(t.db.manager, r.cycleId);
      const reviewerValues = keyedByUnitCode(await reviewerCandidates(t.db.manager, r.cycleId), inputs.units);
      expect([...reviewerValues.keys()].sort()).toEqual(['01', '48']);
      const direct = analyseRun({ framework: inputs.framework, units: inputs.units, parameters: inputs.parameters, reviewerCandidates: reviewerValues }, done.spec, { runId });
      expect(canonicalJson(done.result)).toBe(canonicalJson(direct));
    });
  });
});
