import { analyseRun, analysisModel } from '../src/analysis/analysis-model';
import { keyedByUnitCode, reviewerCandidates } from '../src/reviews/reviewer-candidates.queries';
import { loadScoreInputs } from '../src/scoring/score-inputs';
import { moveCycle } from './utils/fill-submissions';
import { reviewCycle, type DecisionInput, type ReviewCycle } from './utils/review-fixture';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

/**
 * The reviewers' spread an uncertainty analysis draws from (issue #22): per unit and indicator whose final value is in
 * force, the numbers the assigned reviewers decided, read from the review tables after real reviews through the API.
 */
describe('analysis: the reviewers\u2019 spread from the review tables', () => {
  let t: TestApp;
  let c: ReviewCycle;
  let an: SignedInUser;
  let binh: SignedInUser;
  let chi: SignedInUser;

  const base = () => `/api/v1/cycles/${c.cycleId}/review`;
  const assign = (unitId: string, reviewer: SignedInUser, isLead = false) =>
    t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId, reviewerId: reviewer.id, isLead }).expect(201);
  const decide = (reviewer: SignedInUser, unitId: string, decisions: DecisionInput[]) =>
    t.http.post(`${base()}/units/${unitId}/decisions`).set(reviewer.auth).send({ decisions }).expect(201);
  // NT.05 is scored by hand (max 10): the reviewers give points.
  const points = (p: number): DecisionInput => ({ indicatorCode: 'NT.05', decision: 'adjust', points: p, comment: 'Theo minh chứng' });
  const sorted = (m: Map<string, number[]> | undefined, code: string) => [...(m?.get(code) ?? [])].sort((a, b) => a - b);

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await reviewCycle(t);
    [an, binh, chi] = c.reviewers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives the assigned reviewers\u2019 numbers of the finals in force that they disagree on, and an analysis draws among them', async () => {
    const now = await t.http.get(`${base()}/settings`).set(c.admin.auth).expect(200);
    await t.http.put(`${base()}/settings`).set(c.admin.auth).set('If-Match', String(now.body.version)).send({ policy: 'median', disagreementShare: 0.2 }).expect(200);
    // Đà Nẵng (48): three reviewers; Hà Nội (01): two; Hồ Chí Minh (79): two who agree.
    await assign(c.unitA, an);
    await assign(c.unitA, binh, true);
    await assign(c.unitA, chi);
    await assign(c.unitB, an);
    await assign(c.unitB, binh, true);
    await assign(c.unitC, an);
    await assign(c.unitC, chi, true);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');

    // 48: 4, 6, 5 (median 5, spread 2 of 10: not flagged); NT.06 adjusted by one (false: 0) and clarified by another.
    await decide(an, c.unitA, [points(4), { indicatorCode: 'NT.06', decision: 'adjust', value: false, comment: 'Chưa ban hành' }]);
    await decide(binh, c.unitA, [points(6), { indicatorCode: 'NT.06', decision: 'clarify', comment: 'Gửi lại minh chứng' }]);
    await decide(chi, c.unitA, [points(5)]);
    // 01: 5 and 7.5, spread 2.5 > 2: flagged, waiting for the lead, so not in force.
    await decide(an, c.unitB, [points(5)]);
    await decide(binh, c.unitB, [points(7.5)]);
    // 79: both give 3: nothing to draw.
    await decide(an, c.unitC, [points(3)]);
    await decide(chi, c.unitC, [points(3)]);

    const waiting = await reviewerCandidates(t.db.manager, c.cycleId);
    expect([...waiting.keys()]).toEqual([c.unitA]);
    expect([...waiting.get(c.unitA)!.keys()]).toEqual(['NT.05']);
    expect(sorted(waiting.get(c.unitA), 'NT.05')).toEqual([4, 5, 6]);

    // The lead settles 01: its final is in force, and the two reviewers' points are its candidates.
    await t.http.post(`${base()}/units/${c.unitB}/finals/NT.05/lead-decision`).set(binh.auth).send({ points: 6.5, reason: 'Kế hoạch có nhưng chưa đủ lộ trình' }).expect(201);
    const byId = await reviewerCandidates(t.db.manager, c.cycleId);
    expect(new Set(byId.keys())).toEqual(new Set([c.unitA, c.unitB]));
    expect(sorted(byId.get(c.unitB), 'NT.05')).toEqual([5, 7.5]);

    // The analysis of the cycle's inputs draws the two cells among those points, the official ones being the finals.
    const inputs = await loadScoreInputs(t.db.manager, c.cycleId);
    const candidates = keyedByUnitCode(await reviewerCandidates(t.db.manager, c.cycleId), inputs.units);
    expect([...candidates.keys()].sort()).toEqual(['01', '48']);
    const spec = { sources: { reviewers: true }, samples: 50, seed: 3, top: 2, sensitivitySamples: 8 };
    const input = { framework: inputs.framework, units: inputs.units, parameters: inputs.parameters, reviewerCandidates: candidates };
    const model = analysisModel(input, spec);
    expect(Array.from(model.sources.reviewers.nominal as Float64Array)).toEqual([6.5, 5]);
    const result = analyseRun(input, spec, { runId: 'run' });
    expect(result.units.map((u) => u.code).sort()).toEqual(['01', '48', '79']);
    expect(result.sensitivity!.map((s) => s.source)).toEqual(['reviewers']);
    expect(JSON.stringify(analyseRun(input, spec, { runId: 'run' }))).toBe(JSON.stringify(result));
  });
});
