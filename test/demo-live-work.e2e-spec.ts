import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { systemActor } from '../src/auth/actor';
import { demoUnits, DEMO_ADMIN, DEMO_OFFICER_PASSWORD, ensureDemoAdmin, officerEmail2025 } from '../src/cli/demo/demo-people';
import { DEMO_REVIEWER_PASSWORD, demoReviewers } from '../src/cli/demo/demo-review';
import { runLiveWork, type LiveWork } from '../src/cli/demo/demo-live';
import { DEMO_LEVELS } from '../src/cli/demo/demo-unit';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { resetState, startTestApp, type TestApp } from './utils/test-app';

// The live part of the demo: two provincial cycles' self-assessments (34 and 63 units) and a review, on the test app.
jest.setTimeout(600_000);

describe('demo: the live part leaves work for every demo account', () => {
  let t: TestApp;
  let origin: string;
  let live: LiveWork;
  let again: LiveWork;
  let decisionsBefore: number;
  let decisionsAfter: number;
  let unitIdOf2025: (code: string) => string;

  const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  /** Signed in through the login form, as a person would; its home page is the link the /app page gives its role. */
  const signIn = async (email: string, password: string): Promise<request.Agent> => {
    const agent = request.agent(origin);
    const login = await agent.get('/app/login').expect(200);
    await agent.post('/app/login').set('Origin', origin).type('form').send({ _csrf: csrfOf(login.text), email, password }).expect(303);
    return agent;
  };
  const rowOf = (html: string, cycleId: string): string => new RegExp(`<tr data-cycle="${cycleId}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    // As demo.command.ts does it: the registry, the administrator, the officers of both province lists, the reviewers.
    const cli = systemActor('demo');
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), cli);
    const admin = await ensureDemoAdmin(t.app, cli);
    const provinces = await demoUnits(t.app, admin, DEMO_LEVELS.province, '2023-12-31');
    const provinces2025 = await demoUnits(t.app, admin, DEMO_LEVELS.province, '2025-07-01', officerEmail2025);
    const reviewers = await demoReviewers(t.app, admin, provinces);
    unitIdOf2025 = (code) => provinces2025.get(code)!.id;
    live = await runLiveWork(t.app, admin, { provinces, provinces2025, reviewers });
    const decisions = async () => (await t.db.query(`SELECT count(*)::int AS n FROM review_decisions WHERE cycle_id = $1`, [live.review.cycle.id]))[0].n as number;
    decisionsBefore = await decisions();
    again = await runLiveWork(t.app, admin, { provinces, provinces2025, reviewers });
    decisionsAfter = await decisions();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('leaves the 2024 cycle open on the 34 provinces: 8 submitted, 17 partly filled, 9 not started, Hà Nội partly filled', async () => {
    expect(live.open.cycle.phase).toBe('open');
    const statuses: { status: string; n: number }[] = await t.db.query(
      `SELECT s.status, count(*)::int AS n FROM submissions s WHERE s.cycle_id = $1 GROUP BY 1 ORDER BY 1`,
      [live.open.cycle.id],
    );
    const submitted = statuses.find((s) => s.status === 'submitted')?.n ?? 0;
    expect(submitted).toBe(8);
    expect(live.open.partlyFilled).toHaveLength(17);
    expect(live.open.untouched).toHaveLength(9);
    expect(live.open.partlyFilled[0].code).toBe('01');
  });

  it('leaves the 2020 cycle in review with the reviewers assigned and some decisions made, some pending', () => {
    expect(live.review.cycle.phase).toBe('review');
    expect(live.review.decided).toBeGreaterThan(0);
    expect(live.review.pending).toBeGreaterThan(0);
  });

  it('skips what is done when run again: the same cycles, the same split, no decision added', async () => {
    expect(again.open.cycle.id).toBe(live.open.cycle.id);
    expect(again.review.cycle.id).toBe(live.review.cycle.id);
    expect(again.open.submitted.map((u) => u.code)).toEqual(live.open.submitted.map((u) => u.code));
    expect(again.review).toMatchObject({ decided: live.review.decided, pending: live.review.pending });
    expect(decisionsBefore).toBeGreaterThan(0);
    expect(decisionsAfter).toBe(decisionsBefore);
  });

  it("an officer's home shows the open 2024 form to go on with, a form they may still write", async () => {
    const unitId = unitIdOf2025('01');
    const agent = await signIn(officerEmail2025('01'), DEMO_OFFICER_PASSWORD);
    const home = `/app/units/${unitId}/cycles`;
    expect((await agent.get('/app').expect(200)).text).toContain(`href="${home}"`);
    const row = rowOf((await agent.get(home).expect(200)).text, live.open.cycle.id);
    expect(row).toContain('Đang nhận phiếu');
    expect(row).toContain('Bản nháp');
    const form = `/app/cycles/${live.open.cycle.id}/units/${unitId}`;
    expect(row).toContain(`href="${form}"`);
    const page = (await agent.get(form).expect(200)).text;
    expect(page).toContain('id="submit-form"');
  });

  it("an officer of a province not started sees the 2024 form not started", async () => {
    const code = live.open.untouched[0].code;
    const agent = await signIn(officerEmail2025(code), DEMO_OFFICER_PASSWORD);
    const row = rowOf((await agent.get(`/app/units/${unitIdOf2025(code)}/cycles`).expect(200)).text, live.open.cycle.id);
    expect(row).toContain('Đang nhận phiếu');
    expect(row).toMatch(/Chưa bắt đầu|Bản nháp/);
  });

  it("a reviewer's home shows the 2020 cycle's units to review, not all decided", async () => {
    const agent = await signIn('tham-dinh.01@demo.dti.vn', DEMO_REVIEWER_PASSWORD);
    expect((await agent.get('/app').expect(200)).text).toContain('href="/app/review"');
    const row = rowOf((await agent.get('/app/review').expect(200)).text, live.review.cycle.id);
    expect(row).toContain('Thẩm định');
    const [, decided, total] = /(\d+)\/(\d+) chỉ tiêu/.exec(row) ?? [];
    expect(Number(total)).toBeGreaterThan(0);
    expect(Number(decided)).toBeLessThan(Number(total));
    expect(Number(decided)).toBeGreaterThan(0);
  });

  it("the administrator's home shows the open 2024 cycle with its move to review", async () => {
    const agent = await signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect((await agent.get('/app').expect(200)).text).toContain('href="/app/admin/cycles"');
    const row = rowOf((await agent.get('/app/admin/cycles').expect(200)).text, live.open.cycle.id);
    expect(row).toContain('Đang nhận phiếu');
    const page = (await agent.get(`/app/admin/cycles/${live.open.cycle.id}`).expect(200)).text;
    expect(page).toContain('id="move-review"');
  });
});
