import type { INestApplicationContext } from '@nestjs/common';
import { PublicationsService } from '../src/publications/publications.service';
import type { PublicRanking } from '../src/publications/public-results.service';
import type { RankingRow } from '../src/scoring/score-run.view';
import { moveCycle } from './utils/fill-submissions';
import { registryAndAdmin } from './utils/published-level';
import { answerAndSubmit, createDepartment, createSectorCycle, createSectorDepartments, province2022, ICT_DEPARTMENTS, type SectorAnswers } from './utils/sector-cycle';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * A sectoral index (ngành): its units are not ministries but one sector's departments in several provinces — the
 * Sở Thông tin và Truyền thông — scored by a small framework of our own (test/fixtures/frameworks/sector-ict-2022.yaml)
 * through a cycle of the department level, and published.
 */

/** The fixture's points by hand, from its rules: HT.01 20, HT.02 40 × min(1, % / 80), NL.01 0/10/25, NL.02 bands 0/8/15. */
function expectedIndex(a: SectorAnswers): number {
  const points = (a.lgsp ? 20 : 0) + 40 * Math.min(1, a.online / 80) + { none: 0, some: 10, all: 25 }[a.security] + (a.trained >= 90 ? 15 : a.trained >= 50 ? 8 : 0);
  return Math.round(points * 100) / 100;
}

const competition = (values: number[]): number[] => values.map((v) => 1 + values.filter((w) => w > v).length);

describe('a sectoral index: the information and communications departments of five provinces, ranked together', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    admin = await registryAndAdmin(t);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('scores and publishes a department-level cycle of the sector; the ranking is its departments by index, ties shared', async () => {
    // The sector's units, under their provinces, through the units API; and a department of another sector.
    for (const [code, id] of await createSectorDepartments(t, admin, ICT_DEPARTMENTS)) ids.set(code, id);
    const health = await createDepartment(t, admin, '01.SYT', 'Sở Y tế Hà Nội', (await province2022(t, admin, '01')).id);
    const cycleId = await createSectorCycle(t, admin, 'sector-ict-2022.yaml', 'Đánh giá chuyển đổi số ngành Thông tin và Truyền thông năm 2022', ids.values());
    const participants = (await t.http.get(`/api/v1/cycles/${cycleId}/participants`).set(admin.auth).expect(200)).body as { unitId: string }[];
    expect(participants.map((p) => p.unitId).sort()).toEqual([...ids.values()].sort());
    expect(participants.map((p) => p.unitId)).not.toContain(health);
    await moveCycle(t, admin.auth, cycleId, 'open');

    // Each department's officer answers and submits.
    await answerAndSubmit(t, cycleId, ICT_DEPARTMENTS, ids);

    await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    const ranking = (await t.http.get(`/api/v1/score-runs/${run.body.run.id}/ranking`).set(admin.auth).expect(200)).body as RankingRow[];
    const pub = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
    const published = (await t.http.get('/api/v1/public/rankings/2022/department').expect(200)).body as PublicRanking;

    const codes = Object.keys(ICT_DEPARTMENTS);
    const indices = codes.map((code) => expectedIndex(ICT_DEPARTMENTS[code].answers));
    const ranks = competition(indices);
    const expected = codes.map((code, i) => [code, indices[i], ranks[i]]).sort((a, b) => (a[2] as number) - (b[2] as number) || String(a[0]).localeCompare(String(b[0])));
    // Two departments tie (93 points): they share rank 2 and the next is 4.
    expect(ranks.filter((r) => r === 2)).toHaveLength(2);
    expect(ranks).toContain(4);
    for (const rows of [ranking.map((r) => [r.code, r.value, r.rank]), published.rows.map((r) => [r.code, r.index, r.rank])]) {
      expect([...rows].sort((a, b) => (a[2] as number) - (b[2] as number) || String(a[0]).localeCompare(String(b[0])))).toEqual(expected);
    }
    expect(published.rows.every((r) => r.unitGroup === null && r.groupRank === null)).toBe(true);
    expect(published.rows.find((r) => r.code === '79.STTTT')!.nameVi).toBe('Sở Thông tin và Truyền thông Hồ Chí Minh');
    expect(await t.app.get(PublicationsService).verify(pub.body.id)).toMatchObject({ ok: true, problems: [] });
  }, 180_000);
});
