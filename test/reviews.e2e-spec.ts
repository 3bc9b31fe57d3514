import type { INestApplicationContext } from '@nestjs/common';
import { openNextProvinceCycle } from './utils/cycle-fixture';
import { moveCycle } from './utils/fill-submissions';
import { acceptAll, reviewCycle, type DecisionInput, type ReviewCycle } from './utils/review-fixture';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

describe('expert review: conflicts, scoping, reconciliation, provenance, completion, scoring', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: ReviewCycle;
  let an: SignedInUser;
  let binh: SignedInUser;
  let chi: SignedInUser;

  const base = () => `/api/v1/cycles/${c.cycleId}/review`;
  const assign = (unitId: string, reviewer: SignedInUser, isLead = false) =>
    t.http.post(`${base()}/assignments`).set(c.admin.auth).send({ unitId, reviewerId: reviewer.id, isLead });
  const decide = (reviewer: SignedInUser, unitId: string, decisions: DecisionInput[]) =>
    t.http.post(`${base()}/units/${unitId}/decisions`).set(reviewer.auth).send({ decisions });
  const final = async (unitId: string, code: string) => (await t.http.get(`${base()}/units/${unitId}/finals/${code}`).set(c.admin.auth).expect(200)).body;
  /** The version of the reviewer's own decision on an indicator, which changing it sends. */
  const versionOf = async (reviewer: SignedInUser, unitId: string, code: string): Promise<number> => {
    const view = await t.http.get(`${base()}/units/${unitId}`).set(reviewer.auth).expect(200);
    return view.body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === code).myDecision.version;
  };
  const settings = async (body: Record<string, unknown>, status = 200) => {
    const now = await t.http.get(`${base()}/settings`).set(c.admin.auth).expect(200);
    return t.http.put(`${base()}/settings`).set(c.admin.auth).set('If-Match', String(now.body.version)).send(body).expect(status);
  };
  /** Three reviewers on unit A, Bình the lead, the cycle in review. */
  const threeOnA = async (policy: string) => {
    await settings({ policy });
    await assign(c.unitA, an).expect(201);
    await assign(c.unitA, binh, true).expect(201);
    await assign(c.unitA, chi).expect(201);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review');
  };

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await resetState(t);
    c = await reviewCycle(t);
    [an, binh, chi] = c.reviewers;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  describe('conflicts of interest and scoping', () => {
    it('refuses to assign a reviewer to its own unit or a declared conflict, with the reason; bulk spreads around them', async () => {
      await t.http.post(`/api/v1/reviewers/${an.id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitA, reason: 'own unit' }).expect(201);
      await t.http.post(`/api/v1/reviewers/${binh.id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitB, reason: 'Vợ công tác tại Sở TT&TT Hà Nội' }).expect(201);
      await t.http.post(`/api/v1/reviewers/${an.id}/conflicts`).set(an.auth).send({ unitId: c.unitB, reason: 'x' }).expect(403);
      const own = await assign(c.unitA, an).expect(409);
      expect(own.body.message).toContain('own unit');
      expect(own.body.details).toMatchObject({ rule: 'conflictOfInterest', reason: 'own unit' });
      const declared = await assign(c.unitB, binh).expect(409);
      expect(declared.body.message).toContain('Vợ công tác tại Sở TT&TT Hà Nội');
      expect((await t.http.get(`/api/v1/reviewers/${an.id}/conflicts`).set(an.auth).expect(200)).body).toEqual([
        expect.objectContaining({ unitId: c.unitA, unitCode: '48', reason: 'own unit' }),
      ]);
      await t.http.get(`/api/v1/reviewers/${an.id}/conflicts`).set(binh.auth).expect(403);

      // Bulk, two per unit over the three reviewers: never a conflict, the load even (2, 2, 2).
      const bulk = await t.http.post(`${base()}/assignments/bulk`).set(c.admin.auth).send({ reviewerIds: [an.id, binh.id, chi.id], perUnit: 2 }).expect(201);
      expect(bulk.body).toHaveLength(6);
      const pairs = bulk.body.map((a: { unitId: string; reviewerId: string }) => `${a.unitId}|${a.reviewerId}`);
      expect(pairs).not.toContain(`${c.unitA}|${an.id}`);
      expect(pairs).not.toContain(`${c.unitB}|${binh.id}`);
      for (const r of [an, binh, chi]) expect(bulk.body.filter((a: { reviewerId: string }) => a.reviewerId === r.id)).toHaveLength(2);
      for (const unitId of [c.unitA, c.unitB, c.unitC]) expect(bulk.body.filter((a: { unitId: string; isLead: boolean }) => a.unitId === unitId && a.isLead)).toHaveLength(1);
      // A conflict declared on an existing assignment is refused until the assignment goes.
      const chiOnA = bulk.body.find((a: { unitId: string; reviewerId: string }) => a.unitId === c.unitA && a.reviewerId === chi.id);
      await t.http.post(`/api/v1/reviewers/${chi.id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitA, reason: 'own unit' }).expect(409);
      await t.http.delete(`${base()}/assignments/${chiOnA.id}`).set(c.admin.auth).expect(204);
      await t.http.post(`/api/v1/reviewers/${chi.id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitA, reason: 'own unit' }).expect(201);
      // Three per unit cannot be staffed without a conflict: refused whole, naming the units.
      const refused = await t.http.post(`${base()}/assignments/bulk`).set(c.admin.auth).send({ reviewerIds: [an.id, binh.id, chi.id], perUnit: 3 }).expect(422);
      expect(refused.body.message).toContain('48');
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE action LIKE 'review%' OR action LIKE 'reviewer%' ORDER BY id`);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['reviewer.conflict.add', 'review.assign-bulk', 'review.unassign']));
      // The log filters by these actions (three segments, a hyphen): exactly their entries, newest first.
      for (const [action, count] of [['reviewer.conflict.add', 3], ['review.assign-bulk', 1]] as const) {
        const found = (await t.http.get(`/api/v1/audit?pageSize=500&action=${action}`).set(c.admin.auth).expect(200)).body;
        const rows: { id: string }[] = await t.db.query(`SELECT id::text AS id FROM audit_log WHERE action = $1 ORDER BY id DESC`, [action]);
        expect(rows).toHaveLength(count);
        expect(found.total).toBe(count);
        expect(found.items.map((e: { id: string; action: string }) => [String(e.id), e.action])).toEqual(rows.map((r) => [r.id, action]));
      }
    });

    /**
     * An assignment in a published cycle is history: it no longer stands in the way of a declaration (it could not be
     * removed there, so the reviewer stayed assignable to that unit for good). One in a cycle whose review is still to
     * come or under way (draft to scoring, which can go back to review) still does, naming the cycles.
     */
    it('a conflict is declared over a review in a published year, and refuses the next year; an assignment still in review or scoring blocks it', async () => {
      const declare = () => t.http.post(`/api/v1/reviewers/${an.id}/conflicts`).set(c.admin.auth).send({ unitId: c.unitA, reason: 'Nhận công tác tại Sở TT&TT Đà Nẵng' });
      const lastYear = { cycleId: c.cycleId, year: 2022, level: 'province' };
      await assign(c.unitA, an).expect(201);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      await acceptAll(t, an, c.cycleId, c.unitA);
      const inReview = await declare().expect(409);
      expect(inReview.body).toMatchObject({ error: 'CONFLICT', details: { reason: 'conflictAssignedInReview', cycles: [{ ...lastYear, phase: 'review' }] } });
      expect(inReview.body.message).toContain('2022 province (review)');
      const cycle = await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200);
      await t.http.post(`${base()}/override`).set(c.admin.auth).send({ rowVersion: cycle.body.rowVersion, reason: 'Hai đơn vị còn lại chấm sau' }).expect(200);
      expect((await declare().expect(409)).body.details.cycles).toEqual([{ ...lastYear, phase: 'scoring' }]);

      const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
      await drainQueues(t);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId: run.body.run.id }).expect(201);
      const declared = await declare().expect(201);
      expect(declared.body).toMatchObject({ unitId: c.unitA, reason: 'Nhận công tác tại Sở TT&TT Đà Nẵng', reviewedIn: [{ ...lastYear, phase: 'published' }] });
      expect((await t.http.get(`/api/v1/reviewers/${an.id}/conflicts`).set(c.admin.auth).expect(200)).body).toEqual([expect.objectContaining({ unitId: c.unitA, reviewedIn: declared.body.reviewedIn })]);
      // The 2022 review stays as it was: the assignment listed, the reviewer's view of the unit readable.
      const history = await t.http.get(`${base()}/assignments?unitId=${c.unitA}`).set(c.admin.auth).expect(200);
      expect(history.body).toEqual([expect.objectContaining({ reviewerId: an.id, unitId: c.unitA })]);
      await t.http.get(`${base()}/units/${c.unitA}`).set(an.auth).expect(200);

      // 2023: the declared conflict refuses An on Đà Nẵng, as any conflict does; Bình is assigned.
      const next = await openNextProvinceCycle(t, c);
      const refused = await t.http.post(`/api/v1/cycles/${next}/review/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: an.id }).expect(409);
      expect(refused.body.details).toMatchObject({ rule: 'conflictOfInterest', reason: 'Nhận công tác tại Sở TT&TT Đà Nẵng' });
      await t.http.post(`/api/v1/cycles/${next}/review/assignments`).set(c.admin.auth).send({ unitId: c.unitA, reviewerId: binh.id }).expect(201);
    }, 180_000);

    it('a reviewer reads only its assigned units (403), and their submission through the read grant', async () => {
      await assign(c.unitA, an).expect(201);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      await t.http.get(`${base()}/units/${c.unitA}`).set(an.auth).expect(200);
      await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(an.auth).expect(200);
      await t.http.get(`${base()}/units/${c.unitB}`).set(an.auth).expect(403);
      await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitB}/submission`).set(an.auth).expect(403);
      await t.http.get(`${base()}/units/${c.unitB}/finals`).set(an.auth).expect(403);
      await t.http.get(`${base()}/units/${c.unitB}/clarifications`).set(an.auth).expect(403);
      await decide(an, c.unitB, [{ indicatorCode: 'NT.06', decision: 'accept' }]).expect(403);
      await decide(binh, c.unitA, [{ indicatorCode: 'NT.06', decision: 'accept' }]).expect(403);
      // An officer sees the threads of its own unit only, and never the reviewers' side-by-side view.
      await t.http.get(`${base()}/units/${c.unitA}/clarifications`).set(c.officerA.auth).expect(200);
      await t.http.get(`${base()}/units/${c.unitB}/clarifications`).set(c.officerA.auth).expect(403);
      await t.http.get(`${base()}/units/${c.unitA}`).set(c.officerA.auth).expect(403);
      // The workload: the reviewer's own units only.
      const workload = await t.http.get(`${base()}/workload`).set(an.auth).expect(200);
      expect(workload.body.map((u: { unitCode: string }) => u.unitCode)).toEqual(['48']);
      expect(workload.body[0]).toMatchObject({ indicators: 64, decided: 0, finals: 0, complete: false, submissionStatus: 'submitted' });
    });
  });

  describe('reconciliation (NT.05 is scored by hand, max 10: the reviewers give points)', () => {
    const points = (p: number, comment = 'Theo minh chứng') => ({ indicatorCode: 'NT.05', decision: 'adjust' as const, points: p, comment });

    it('median of 4, 6 and 5 is 5; provenance keeps the self points and every reviewer', async () => {
      await threeOnA('median');
      await decide(an, c.unitA, [points(4, 'Thiếu kế hoạch năm')]).expect(201);
      await decide(binh, c.unitA, [points(6)]).expect(201);
      expect((await t.http.get(`${base()}/units/${c.unitA}/finals`).set(c.admin.auth).expect(200)).body).toEqual([]);
      const last = await decide(chi, c.unitA, [points(5)]).expect(201);
      expect(last.body.finals).toEqual([{ indicatorCode: 'NT.05', outcome: 'set', points: 5 }]);
      const f = await final(c.unitA, 'NT.05');
      const self = (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.admin.auth)).body.answers['NT.05'];
      expect(f).toMatchObject({ points: 5, method: 'median', flagged: false, pending: false, decidedById: null, self: { value: self.value, points: self.selfPoints } });
      expect(f.reason).toBe('median of 3 reviewer(s): points 6, 4, 5');
      expect(f.reviews).toEqual([
        expect.objectContaining({ reviewerId: binh.id, isLead: true, decision: 'adjust', points: 6, comment: 'Theo minh chứng' }),
        expect.objectContaining({ reviewerId: an.id, isLead: false, decision: 'adjust', points: 4, comment: 'Thiếu kế hoạch năm' }),
        expect.objectContaining({ reviewerId: chi.id, decision: 'adjust', points: 5 }),
      ]);
      // The lead and admins see everyone's decisions side by side; the others only their own.
      const lead = await t.http.get(`${base()}/units/${c.unitA}`).set(binh.auth).expect(200);
      const row = lead.body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.05');
      expect(row.decisions).toHaveLength(3);
      expect(row.self).toMatchObject({ points: self.selfPoints });
      const plain = await t.http.get(`${base()}/units/${c.unitA}`).set(an.auth).expect(200);
      const mine = plain.body.indicators.find((i: { indicatorCode: string }) => i.indicatorCode === 'NT.05');
      expect(mine.decisions).toBeUndefined();
      expect(mine.myDecision).toMatchObject({ points: 4, version: 1 });
      // A reviewer changes its mind: with the version read, else refused; the final follows.
      await decide(an, c.unitA, [points(6)]).expect(422);
      await decide(an, c.unitA, [{ ...points(6), version: 2 }]).expect(422);
      await decide(an, c.unitA, [{ ...points(6), version: 1 }]).expect(201);
      expect((await final(c.unitA, 'NT.05')).points).toBe(6);
    });

    it('mean of 4, 5 and 6 is 5; of 5 and 5.5 and 6 is 5.5', async () => {
      await threeOnA('mean');
      await decide(an, c.unitA, [points(4)]).expect(201);
      await decide(binh, c.unitA, [points(5)]).expect(201);
      await decide(chi, c.unitA, [points(6)]).expect(201);
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ points: 5, method: 'mean', flagged: false });
      await decide(an, c.unitA, [{ ...points(5.5), version: 1 }]).expect(201);
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ points: 5.5 });
    });

    it('lead: the lead reviewer\'s points (4), not the median (5)', async () => {
      await threeOnA('lead');
      await decide(an, c.unitA, [points(5)]).expect(201);
      await decide(chi, c.unitA, [points(6)]).expect(201);
      await decide(binh, c.unitA, [points(4)]).expect(201);
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ points: 4, method: 'lead', flagged: false });
    });

    it('disagreement: max − min equal to 20% of max (2 of 10) is not flagged; 2.5 is, and the lead settles it with a reason', async () => {
      await settings({ policy: 'median', disagreementShare: 0.2 });
      await assign(c.unitA, an).expect(201);
      await assign(c.unitA, binh, true).expect(201);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      await decide(an, c.unitA, [points(5)]).expect(201);
      await decide(binh, c.unitA, [points(7)]).expect(201);
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ points: 6, flagged: false });
      await decide(binh, c.unitA, [{ ...points(7.5), version: 1 }]).expect(201);
      const flagged = await final(c.unitA, 'NT.05');
      expect(flagged).toMatchObject({ points: null, value: null, flagged: true, pending: true });
      expect(flagged.reason).toContain('spread 2.5 > 2');
      // Only the lead (or an admin) settles, with points in range and a reason.
      await t.http.post(`${base()}/units/${c.unitA}/finals/NT.05/lead-decision`).set(an.auth).send({ points: 6, reason: 'x' }).expect(403);
      await t.http.post(`${base()}/units/${c.unitA}/finals/NT.05/lead-decision`).set(binh.auth).send({ points: 11, reason: 'x' }).expect(400);
      await t.http.post(`${base()}/units/${c.unitA}/finals/NT.05/lead-decision`).set(binh.auth).send({ points: 6 }).expect(400);
      await t.http.post(`${base()}/units/${c.unitA}/finals/NT.06/lead-decision`).set(binh.auth).send({ value: true, reason: 'x' }).expect(409);
      const settled = await t.http
        .post(`${base()}/units/${c.unitA}/finals/NT.05/lead-decision`)
        .set(binh.auth)
        .send({ points: 6.5, reason: 'Kế hoạch có nhưng chưa đủ lộ trình' })
        .expect(201);
      expect(settled.body).toMatchObject({ points: 6.5, method: 'lead', flagged: true, pending: false, decidedById: binh.id, reason: 'Kế hoạch có nhưng chưa đủ lộ trình' });
      expect(settled.body.reviews.map((r: { points: number }) => r.points)).toEqual([7.5, 5]);
      // A decision of a rule leaf: the value is checked and its points come from the rule.
      await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'adjust', value: 'có', comment: 'x' }]).expect(422);
      await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'adjust', value: false, points: 3, comment: 'x' }]).expect(422);
      await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'adjust', value: false }]).expect(422);
      const adj = await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'adjust', value: false, comment: 'Chưa ban hành' }]).expect(201);
      expect(adj.body.decisions[0]).toMatchObject({ decision: 'adjust', value: false, points: 0 });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE action = 'review.lead-decide'`);
      expect(audit).toHaveLength(1);
    });
  });

  describe('completion and scoring', () => {
    it('review → scoring waits for every unit; an admin overrides with a reason (stored, audited)', async () => {
      await t.http.post(`${base()}/assignments/bulk`).set(c.admin.auth).send({ reviewerIds: [an.id, binh.id], perUnit: 1 }).expect(201);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      const byUnit = (await t.http.get(`${base()}/assignments`).set(c.admin.auth).expect(200)).body as { unitId: string; reviewerId: string }[];
      const reviewerOf = (unitId: string) => [an, binh].find((r) => r.id === byUnit.find((a) => a.unitId === unitId)!.reviewerId)!;
      for (const unitId of [c.unitA, c.unitB]) await acceptAll(t, reviewerOf(unitId), c.cycleId, unitId);
      const cycle = await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200);
      const refused = await t.http.post(`/api/v1/cycles/${c.cycleId}/phase`).set(c.admin.auth).send({ to: 'scoring', rowVersion: cycle.body.rowVersion }).expect(409);
      expect(refused.body.message).toContain('the review of 1 unit(s) is incomplete: 79 (0/64)');
      const state = await t.http.get(`${base()}/completion`).set(c.admin.auth).expect(200);
      expect(state.body).toMatchObject({ reviewed: true, units: 3, complete: 2, override: null });
      const workload = await t.http.get(`${base()}/workload`).set(c.admin.auth).expect(200);
      expect(workload.body.map((u: { unitCode: string; complete: boolean }) => [u.unitCode, u.complete])).toEqual([
        ['01', true],
        ['48', true],
        ['79', false],
      ]);
      // A reviewer cannot override; an admin can, with a reason.
      await t.http.post(`${base()}/override`).set(an.auth).send({ rowVersion: cycle.body.rowVersion, reason: 'x' }).expect(403);
      await t.http.post(`${base()}/override`).set(c.admin.auth).send({ rowVersion: cycle.body.rowVersion }).expect(400);
      const moved = await t.http
        .post(`${base()}/override`)
        .set(c.admin.auth)
        .send({ rowVersion: cycle.body.rowVersion, reason: 'Hồ Chí Minh nộp muộn; hội đồng chấm bổ sung sau' })
        .expect(200);
      expect(moved.body.phase).toBe('scoring');
      const after = await t.http.get(`${base()}/completion`).set(c.admin.auth).expect(200);
      expect(after.body.override).toMatchObject({ reason: 'Hồ Chí Minh nộp muộn; hội đồng chấm bổ sung sau', byId: c.admin.id });
      const audit = await t.db.query(`SELECT after FROM audit_log WHERE action = 'review.completion-override'`);
      expect(audit[0].after).toMatchObject({ incompleteUnits: 1, units: ['79'] });
    });

    /**
     * Đà Nẵng reviewed by An and Bình (lead), the others by An, all accepted; then back to open, where Đà Nẵng's
     * submission is returned and its officer flips NT.06 (boolean) and changes NT.05's own points; back to review.
     * beforeReopen runs while everything is settled, before the move back to open.
     */
    const settleThenChange = async (beforeReopen?: () => Promise<void>) => {
      await assign(c.unitA, an).expect(201);
      await assign(c.unitA, binh, true).expect(201);
      for (const unitId of [c.unitB, c.unitC]) await assign(unitId, an).expect(201);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      for (const reviewer of [an, binh]) await acceptAll(t, reviewer, c.cycleId, c.unitA);
      for (const unitId of [c.unitB, c.unitC]) await acceptAll(t, an, c.cycleId, unitId);
      expect((await t.http.get(`${base()}/completion`).set(c.admin.auth).expect(200)).body).toMatchObject({ complete: 3 });
      const settled = await final(c.unitA, 'NT.06');
      expect(settled).toMatchObject({ stale: false, pending: false });
      await beforeReopen?.();
      let flipped = false;
      let nt05 = 0;
      const saved = await reopenAndChange((answers) => {
        flipped = !answers['NT.06'].value;
        nt05 = answers['NT.05'].selfPoints === 1 ? 2 : 1;
        return [{ indicatorCode: 'NT.06', value: flipped }, { indicatorCode: 'NT.05', value: answers['NT.05'].value, selfPoints: nt05 }];
      });
      return { settled, flipped, nt05, selfScore: saved.selfScore };
    };
    type Answers = Record<string, { value: unknown; selfPoints: number | null }>;
    /**
     * Back to open, Đà Nẵng's submission returned, its officer writes the answers change() gives (from the ones stored),
     * submitted again, back to review; the saved submission.
     */
    const reopenAndChange = async (change: (answers: Answers) => Record<string, unknown>[]) => {
      await moveCycle(t, c.admin.auth, c.cycleId, 'open');
      const submissionUrl = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
      const read = await t.http.get(submissionUrl).set(c.admin.auth).expect(200);
      await t.http.post(`${submissionUrl}/return`).set(c.admin.auth).set('If-Match', read.headers.etag).send({ reason: 'Cập nhật số liệu' }).expect(200);
      const returned = await t.http.get(submissionUrl).set(c.officerA.auth).expect(200);
      const saved = await t.http.patch(`${submissionUrl}/answers`).set(c.officerA.auth).set('If-Match', returned.headers.etag).send({ answers: change(returned.body.answers) }).expect(200);
      // Submitted again as the fixture does (the submit rules are the submissions spec's business).
      await t.db.query(`UPDATE submissions SET status = 'submitted', version = version + 1 WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, c.unitA]);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      return saved.body;
    };

    it('back to open: a final value whose answer the unit changed is stale until every reviewer decides again; the rest stay', async () => {
      const { settled, flipped, nt05 } = await settleThenChange();

      // The two changed answers' finals are stale (kept with their provenance, no longer in force); the rest stand.
      const stale = await final(c.unitA, 'NT.06');
      expect(stale).toMatchObject({ stale: true, pending: true, value: settled.value, self: settled.self });
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ stale: true, pending: true });
      expect(await final(c.unitA, 'NT.02')).toMatchObject({ stale: false, pending: false });
      expect(await final(c.unitB, 'NT.06')).toMatchObject({ stale: false, pending: false });
      const audit = await t.db.query(`SELECT after FROM audit_log WHERE action = 'review.finals-stale'`);
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ count: 2, finals: [{ unitCode: '48', indicatorCode: 'NT.05' }, { unitCode: '48', indicatorCode: 'NT.06' }] });
      // The completion gate counts them as missing: 62 of 64 for Đà Nẵng, and the move to scoring is refused.
      expect((await t.http.get(`${base()}/completion`).set(c.admin.auth).expect(200)).body).toMatchObject({
        complete: 2,
        incomplete: [{ unitCode: '48', finals: 62, indicators: 64 }],
      });
      // So does the reviewers' workload: 62 final values in force, not complete; for each reviewer, 62 of 64 decided
      // (the two decisions on the old answers are to be made again).
      const workload = (await t.http.get(`${base()}/workload`).set(c.admin.auth).expect(200)).body as { unitCode: string; finals: number; complete: boolean }[];
      expect(workload.find((u) => u.unitCode === '48')).toMatchObject({ finals: 62, complete: false });
      const own = (await t.http.get(`${base()}/workload`).set(an.auth).expect(200)).body as { unitCode: string; decided: number; indicators: number }[];
      expect(own.find((u) => u.unitCode === '48')).toMatchObject({ decided: 62, indicators: 64 });
      const cycle = await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/phase`).set(c.admin.auth).send({ to: 'scoring', rowVersion: cycle.body.rowVersion }).expect(409);

      // One reviewer deciding again is not enough: the other's decision was on the old answer.
      const again = await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'accept', version: await versionOf(an, c.unitA, 'NT.06') }]).expect(201);
      expect(again.body.finals).toEqual([{ indicatorCode: 'NT.06', outcome: 'stale' }]);
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: true });
      // Once both have, the final is made afresh from the new answer.
      await decide(binh, c.unitA, [{ indicatorCode: 'NT.06', decision: 'accept', version: await versionOf(binh, c.unitA, 'NT.06') }]).expect(201);
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: false, pending: false, value: flipped, self: { value: flipped } });
      for (const reviewer of [an, binh]) {
        await decide(reviewer, c.unitA, [{ indicatorCode: 'NT.05', decision: 'adjust', points: 3, comment: 'Chấm lại theo điểm tự đánh giá mới', version: await versionOf(reviewer, c.unitA, 'NT.05') }]).expect(201);
      }
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ stale: false, points: 3, self: { points: nt05 } });
      await moveCycle(t, c.admin.auth, c.cycleId, 'scoring');
    });

    it('stale twice: an answer changed again in a later reopen makes its final stale from then on (a decision in between no longer counts); an unchanged one keeps its decisions', async () => {
      const { flipped } = await settleThenChange();
      const first = await final(c.unitA, 'NT.06');
      // An decides both again on the changed answers; Bình not yet, so both stay stale.
      for (const code of ['NT.06', 'NT.05']) {
        const again = await decide(an, c.unitA, [{ indicatorCode: code, decision: 'accept', version: await versionOf(an, c.unitA, code) }]).expect(201);
        expect(again.body.finals).toEqual([{ indicatorCode: code, outcome: 'stale' }]);
      }
      // Reopened again: the unit sets NT.06 back as it was when settled; NT.05 stays as An decided it.
      await reopenAndChange(() => [{ indicatorCode: 'NT.06', value: !flipped }]);
      const second = await final(c.unitA, 'NT.06');
      expect(second).toMatchObject({ stale: true, self: first.self });
      expect(new Date(second.staleSince).getTime()).toBeGreaterThan(new Date(first.staleSince).getTime());
      const audit = await t.db.query(`SELECT after FROM audit_log WHERE action = 'review.finals-stale' ORDER BY id`);
      expect(audit.map((a: { after: unknown }) => a.after)).toMatchObject([{ count: 2 }, { count: 1, finals: [{ unitCode: '48', indicatorCode: 'NT.06' }] }]);

      // Bình decides both: NT.05 is settled on An's decision in between (its answer did not change since); NT.06 is not,
      // An's decision there was on the answer before the second change.
      for (const code of ['NT.06', 'NT.05']) {
        await decide(binh, c.unitA, [{ indicatorCode: code, decision: 'accept', version: await versionOf(binh, c.unitA, code) }]).expect(201);
      }
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ stale: false, pending: false });
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: true, pending: true });
      await decide(an, c.unitA, [{ indicatorCode: 'NT.06', decision: 'accept', version: await versionOf(an, c.unitA, 'NT.06') }]).expect(201);
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: false, pending: false, value: !flipped, self: { value: !flipped } });
    });

    it('a stale final is not scored: moved on by an override, the run takes the changed answer', async () => {
      const { selfScore } = await settleThenChange();
      const cycle = await t.http.get(`/api/v1/cycles/${c.cycleId}`).set(c.admin.auth).expect(200);
      await t.http.post(`${base()}/override`).set(c.admin.auth).send({ rowVersion: cycle.body.rowVersion, reason: 'Chấm theo số liệu mới' }).expect(200);
      const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
      await drainQueues(t);
      expect((await t.http.get(`/api/v1/score-runs/${run.body.run.id}`).set(c.admin.auth).expect(200)).body.status).toBe('succeeded');
      const [result] = await t.db.query(`SELECT nodes FROM score_results WHERE run_id = $1 AND unit_code = '48'`, [run.body.run.id]);
      // NT.06 scores the flipped answer, NT.05 the unit's new points: every final of Đà Nẵng was an accept, so its
      // whole index is its self score.
      expect(result.nodes['NT.06'].points).toBe(selfScore.nodes['NT.06'].points);
      expect(result.nodes['NT.05'].points).toBe(selfScore.nodes['NT.05'].points);
    });

    it('an objection to a final that went stale, or the lead settling one, waits for the reviewers to decide on the new answer (409 with the reason)', async () => {
      const flaggedPending = async () =>
        ((await t.http.get(`${base()}/workload`).set(c.admin.auth).expect(200)).body as { unitCode: string; flaggedPending: number }[]).find((u) => u.unitCode === '48')!.flaggedPending;
      let objectionId = '';
      const { flipped } = await settleThenChange(async () => {
        await settings({ objectionsOpenAt: '2020-01-01T00:00:00', objectionsCloseAt: '2099-01-01T00:00:00', disagreementShare: 0.2 });
        const objected = await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.06', reason: 'Đã ban hành kế hoạch' }).expect(201);
        objectionId = objected.body.id;
        // And NT.05 flagged: An's points are far from the unit's own, which Bình accepted.
        const far = (await final(c.unitA, 'NT.05')).self.points >= 5 ? 0 : 10;
        await decide(an, c.unitA, [{ indicatorCode: 'NT.05', decision: 'adjust', points: far, comment: 'Đối chiếu minh chứng', version: await versionOf(an, c.unitA, 'NT.05') }]).expect(201);
        expect(await final(c.unitA, 'NT.05')).toMatchObject({ flagged: true, pending: true });
        expect(await flaggedPending()).toBe(1);
      });
      expect(await final(c.unitA, 'NT.05')).toMatchObject({ flagged: true, stale: true });
      // Stale, it no longer waits for the lead (who is refused it) but for the reviewers: the workload says so.
      expect(await flaggedPending()).toBe(0);
      const lead = await t.http.post(`${base()}/units/${c.unitA}/finals/NT.05/lead-decision`).set(binh.auth).send({ points: 5, reason: 'Lấy mức giữa' }).expect(409);
      expect(lead.body.details).toMatchObject({ reason: 'finalStale', indicatorCode: 'NT.05' });
      // Neither the lead nor an administrator decides it, either way: a value given now would not be in force.
      const decideObjection = (who: SignedInUser, body: Record<string, unknown>) => t.http.post(`${base()}/objections/${objectionId}/decision`).set(who.auth).send(body);
      for (const [who, body] of [
        [binh, { outcome: 'accept', value: !flipped, answer: 'Chấp nhận theo minh chứng' }],
        [c.admin, { outcome: 'reject', answer: 'Giữ kết quả thẩm định' }],
      ] as const) {
        const refused = await decideObjection(who, body).expect(409);
        expect(refused.body).toMatchObject({ error: 'CONFLICT', details: { reason: 'finalStale', indicatorCode: 'NT.06' } });
        expect(refused.body.message).toContain('the reviewers must decide again first');
      }
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: true, method: 'median', decidedById: null });
      expect((await t.http.get(`${base()}/objections`).set(c.admin.auth).expect(200)).body).toEqual([expect.objectContaining({ id: objectionId, status: 'open' })]);

      // Once both reviewers have decided on the new answer, the objection is decided on the final made from it.
      for (const reviewer of [an, binh]) {
        await decide(reviewer, c.unitA, [{ indicatorCode: 'NT.06', decision: 'accept', version: await versionOf(reviewer, c.unitA, 'NT.06') }]).expect(201);
      }
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: false, value: flipped });
      const accepted = await decideObjection(binh, { outcome: 'accept', value: !flipped, answer: 'Chấp nhận theo minh chứng' }).expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', oldValue: flipped, newValue: !flipped });
      expect(await final(c.unitA, 'NT.06')).toMatchObject({ stale: false, pending: false, method: 'objection', value: !flipped, decidedById: binh.id });

      // An objection whose final value is gone since (a reviewer asked the unit to clarify) waits for the reviewers too.
      const other = await t.http.post(`${base()}/units/${c.unitA}/objections`).set(c.officerA.auth).send({ indicatorCode: 'NT.02', reason: 'Đã có minh chứng' }).expect(201);
      await decide(an, c.unitA, [{ indicatorCode: 'NT.02', decision: 'clarify', comment: 'Bổ sung văn bản', version: await versionOf(an, c.unitA, 'NT.02') }]).expect(201);
      const gone = await t.http.post(`${base()}/objections/${other.body.id}/decision`).set(c.admin.auth).send({ outcome: 'reject', answer: 'Giữ kết quả' }).expect(409);
      expect(gone.body).toMatchObject({ error: 'CONFLICT', details: { reason: 'finalUnsettled', indicatorCode: 'NT.02' } });
    });

    it('complete reviews let the cycle move; the score run uses the final values (an adjustment changes the points)', async () => {
      await settings({ policy: 'single' });
      await t.http.post(`${base()}/assignments/bulk`).set(c.admin.auth).send({ reviewerIds: [an.id], perUnit: 1 }).expect(201);
      await assign(c.unitA, binh).expect(409);
      await moveCycle(t, c.admin.auth, c.cycleId, 'review');
      // NT.06 (boolean, 10 points) of Đà Nẵng adjusted to "no"; NT.05 (by hand) given 2 points.
      const selfA = (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.admin.auth)).body;
      await acceptAll(t, an, c.cycleId, c.unitA, ['NT.06', 'NT.05']);
      await decide(an, c.unitA, [
        { indicatorCode: 'NT.06', decision: 'adjust', value: !selfA.answers['NT.06'].value, comment: 'Đối chiếu minh chứng' },
        { indicatorCode: 'NT.05', decision: 'adjust', points: 2, comment: 'Minh chứng sơ sài' },
      ]).expect(201);
      for (const unitId of [c.unitB, c.unitC]) await acceptAll(t, an, c.cycleId, unitId);
      await moveCycle(t, c.admin.auth, c.cycleId, 'scoring');
      const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
      await drainQueues(t);
      const done = await t.http.get(`/api/v1/score-runs/${run.body.run.id}`).set(c.admin.auth).expect(200);
      expect(done.body.status).toBe('succeeded');
      const [result] = await t.db.query(`SELECT nodes FROM score_results WHERE run_id = $1 AND unit_code = '48'`, [run.body.run.id]);
      expect(result.nodes['NT.05'].points).toBe(2);
      expect(result.nodes['NT.06'].points).toBe(selfA.answers['NT.06'].value ? 0 : 10);
      expect(result.nodes['NT.06'].points).not.toBe(selfA.selfScore.nodes['NT.06'].points);
      // Units whose every indicator was accepted score as they assessed themselves.
      const [hanoi] = await t.db.query(`SELECT index FROM score_results WHERE run_id = $1 AND unit_code = '01'`, [run.body.run.id]);
      const selfB = (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitB}/submission`).set(c.admin.auth)).body;
      expect(hanoi.index).toBeCloseTo(selfB.selfScore.index, 10);
    });
  });
});
