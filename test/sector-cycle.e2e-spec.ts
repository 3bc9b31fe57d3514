import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/auth/role';
import { PublicationsService } from '../src/publications/publications.service';
import type { PublicRanking } from '../src/publications/public-results.service';
import type { RankingRow } from '../src/scoring/score-run.view';
import { moveCycle } from './utils/fill-submissions';
import { registryAndAdmin } from './utils/published-level';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * A sectoral index (ngành): its units are not ministries but one sector's departments in several provinces — the
 * Sở Thông tin và Truyền thông — scored by a small framework of our own (test/fixtures/frameworks/sector-ict-2022.yaml)
 * through a cycle of the department level, and published.
 */

interface Answers {
  lgsp: boolean;
  online: number;
  security: 'none' | 'some' | 'all';
  trained: number;
}

/** The sector's departments: province code → the department's answers (two of them tie). */
const DEPARTMENTS: Record<string, { province: string; answers: Answers }> = {
  '01.STTTT': { province: '01', answers: { lgsp: true, online: 72, security: 'all', trained: 95 } },
  '79.STTTT': { province: '79', answers: { lgsp: true, online: 80, security: 'all', trained: 60 } },
  '48.STTTT': { province: '48', answers: { lgsp: true, online: 100, security: 'all', trained: 50 } },
  '31.STTTT': { province: '31', answers: { lgsp: false, online: 40, security: 'some', trained: 90 } },
  '92.STTTT': { province: '92', answers: { lgsp: true, online: 30, security: 'none', trained: 10 } },
};

/** The fixture's points by hand, from its rules: HT.01 20, HT.02 40 × min(1, % / 80), NL.01 0/10/25, NL.02 bands 0/8/15. */
function expectedIndex(a: Answers): number {
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
    const province = async (code: string): Promise<{ id: string; nameVi: string }> =>
      (await t.http.get(`/api/v1/units?level=province&code=${code}&validOn=2022-12-31`).set(admin.auth).expect(200)).body.items[0];
    // The sector's units, under their provinces, through the units API; and a department of another sector.
    const department = async (code: string, nameVi: string, parent: string) =>
      (
        await t.http
          .post('/api/v1/units')
          .set(admin.auth)
          .send({ level: 'department', code, nameVi, validFrom: '2020-01-01', validTo: '2025-06-30', parentId: parent })
          .expect(201)
      ).body.id as string;
    for (const [code, d] of Object.entries(DEPARTMENTS)) {
      const p = await province(d.province);
      ids.set(code, await department(code, `Sở Thông tin và Truyền thông ${p.nameVi}`, p.id));
    }
    const health = await department('01.SYT', 'Sở Y tế Hà Nội', (await province('01')).id);

    const fw = await t.http
      .post('/api/v1/frameworks')
      .set(admin.auth)
      .type('application/yaml')
      .send(readFileSync(join(process.cwd(), 'test', 'fixtures', 'frameworks', 'sector-ict-2022.yaml'), 'utf8'))
      .expect(201);
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({
        year: 2022,
        level: 'department',
        frameworkId: fw.body.id,
        nameVi: 'Đánh giá chuyển đổi số ngành Thông tin và Truyền thông năm 2022',
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 30 * 86_400_000).toISOString(),
        participants: [...ids.values()].map((unitId) => ({ unitId })),
      })
      .expect(201);
    const cycleId = cycle.body.id as string;
    const participants = (await t.http.get(`/api/v1/cycles/${cycleId}/participants`).set(admin.auth).expect(200)).body as { unitId: string }[];
    expect(participants.map((p) => p.unitId).sort()).toEqual([...ids.values()].sort());
    expect(participants.map((p) => p.unitId)).not.toContain(health);
    await moveCycle(t, admin.auth, cycleId, 'open');

    // Each department's officer answers and submits.
    for (const [code, d] of Object.entries(DEPARTMENTS)) {
      const officer = await signedInUser(t, Role.Officer, `officer.${code.toLowerCase()}@dti.test`, ids.get(code));
      const url = `/api/v1/cycles/${cycleId}/units/${ids.get(code)}/submission`;
      const read = await t.http.get(url).set(officer.auth).expect(200);
      const a = d.answers;
      const saved = await t.http
        .patch(`${url}/answers`)
        .set(officer.auth)
        .set('If-Match', read.headers.etag)
        .send({
          answers: [
            { indicatorCode: 'HT.01', value: a.lgsp },
            { indicatorCode: 'HT.02', value: a.online },
            { indicatorCode: 'NL.01', value: a.security },
            { indicatorCode: 'NL.02', value: a.trained },
          ],
        })
        .expect(200);
      await t.http.post(`${url}/submit`).set(officer.auth).set('If-Match', saved.headers.etag).send({}).expect(200);
    }

    await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    const ranking = (await t.http.get(`/api/v1/score-runs/${run.body.run.id}/ranking`).set(admin.auth).expect(200)).body as RankingRow[];
    const pub = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
    const published = (await t.http.get('/api/v1/public/rankings/2022/department').expect(200)).body as PublicRanking;

    const codes = Object.keys(DEPARTMENTS);
    const indices = codes.map((code) => expectedIndex(DEPARTMENTS[code].answers));
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
