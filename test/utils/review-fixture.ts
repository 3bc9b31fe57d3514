import { Role } from '../../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './cycle-fixture';
import { fillSubmissions } from './fill-submissions';
import { signedInUser, type SignedInUser, type TestApp } from './test-app';

export interface ReviewCycle extends OpenCycle {
  /** Three reviewer accounts, none assigned yet. */
  reviewers: SignedInUser[];
  /** The third unit kept in the cycle (79 Hồ Chí Minh), without an officer. */
  unitC: string;
}

/**
 * An open 2022 province cycle cut down to three units (48 Đà Nẵng, 01 Hà Nội, 79 Hồ Chí Minh) so that reviews stay
 * small, each with the demo's answers and marked submitted, and three reviewers. The cycle is left open: the spec
 * sets reviews up and moves it to review.
 */
export async function reviewCycle(t: TestApp): Promise<ReviewCycle> {
  const c = await openProvinceCycle(t);
  const keep = ['48', '01', '79'];
  const remove = Object.entries(c.units)
    .filter(([code]) => !keep.includes(code))
    .map(([, id]) => id);
  await t.http.post(`/api/v1/cycles/${c.cycleId}/participants`).set(c.admin.auth).send({ remove }).expect(201);
  const units = Object.fromEntries(keep.map((code) => [code, c.units[code]]));
  await fillSubmissions(t, c.cycleId, units, 2022);
  // Submitted as the officers would after adding evidence: the submit rules are the submissions spec's business.
  await t.db.query(`UPDATE submissions SET status = 'submitted', submitted_at = now(), version = version + 1 WHERE cycle_id = $1`, [c.cycleId]);
  const reviewers: SignedInUser[] = [];
  for (const name of ['an', 'binh', 'chi']) reviewers.push(await signedInUser(t, Role.Reviewer, `reviewer.${name}@dti.test`));
  return { ...c, units, reviewers, unitC: c.units['79'] };
}

export interface DecisionInput {
  indicatorCode: string;
  decision: 'accept' | 'adjust' | 'clarify';
  value?: unknown;
  points?: number;
  comment?: string;
  version?: number;
}

/** Indicator codes the units answer in PDTI 2022 (self and expert sources), in framework order. */
export async function reviewedCodes(t: TestApp, reviewer: SignedInUser, cycleId: string, unitId: string): Promise<string[]> {
  const res = await t.http.get(`/api/v1/cycles/${cycleId}/review/units/${unitId}`).set(reviewer.auth).expect(200);
  return (res.body.indicators as { indicatorCode: string }[]).map((i) => i.indicatorCode);
}

/** The reviewer accepts every indicator of the unit but the ones given. */
export async function acceptAll(t: TestApp, reviewer: SignedInUser, cycleId: string, unitId: string, except: string[] = []): Promise<void> {
  const codes = (await reviewedCodes(t, reviewer, cycleId, unitId)).filter((c) => !except.includes(c));
  await t.http
    .post(`/api/v1/cycles/${cycleId}/review/units/${unitId}/decisions`)
    .set(reviewer.auth)
    .send({ decisions: codes.map((indicatorCode) => ({ indicatorCode, decision: 'accept' })) })
    .expect(201);
}
