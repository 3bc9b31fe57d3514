import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/auth/role';
import { signedInUser, type SignedInUser, type TestApp } from './test-app';

/** A department's answers to the ICT sector fixtures (test/fixtures/frameworks/sector-ict*-2022.yaml). */
export interface SectorAnswers {
  lgsp: boolean;
  online: number;
  security: 'none' | 'some' | 'all';
  trained: number;
}

/** Department code → its province's code and its answers. */
export type SectorDepartments = Record<string, { province: string; answers: SectorAnswers }>;

/** The sector's departments, by province: each one's answers (48 and 79 tie at 93 points on sector-ict-2022.yaml). */
export const ICT_DEPARTMENTS: SectorDepartments = {
  '01.STTTT': { province: '01', answers: { lgsp: true, online: 72, security: 'all', trained: 95 } },
  '31.STTTT': { province: '31', answers: { lgsp: false, online: 40, security: 'some', trained: 90 } },
  '48.STTTT': { province: '48', answers: { lgsp: true, online: 100, security: 'all', trained: 50 } },
  '79.STTTT': { province: '79', answers: { lgsp: true, online: 80, security: 'all', trained: 60 } },
  '92.STTTT': { province: '92', answers: { lgsp: true, online: 30, security: 'none', trained: 10 } },
};

/** The province of `code` valid in 2022, as the units API lists it. */
export async function province2022(t: TestApp, admin: SignedInUser, code: string): Promise<{ id: string; nameVi: string }> {
  return (await t.http.get(`/api/v1/units?level=province&code=${code}&validOn=2022-12-31`).set(admin.auth).expect(200)).body.items[0];
}

/** A department unit under its province, through the units API; its id. */
export async function createDepartment(t: TestApp, admin: SignedInUser, code: string, nameVi: string, parentId: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/units')
    .set(admin.auth)
    .send({ level: 'department', code, nameVi, validFrom: '2020-01-01', validTo: '2025-06-30', parentId })
    .expect(201);
  return res.body.id as string;
}

/** The sector's departments (Sở Thông tin và Truyền thông of each province): department code → unit id. */
export async function createSectorDepartments(t: TestApp, admin: SignedInUser, departments: SectorDepartments): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [code, d] of Object.entries(departments)) {
    const p = await province2022(t, admin, d.province);
    ids.set(code, await createDepartment(t, admin, code, `Sở Thông tin và Truyền thông ${p.nameVi}`, p.id));
  }
  return ids;
}

/** A department-level cycle of 2022 scored by the framework fixture `fixture` (posted here), not yet open: its id. */
export async function createSectorCycle(t: TestApp, admin: SignedInUser, fixture: string, nameVi: string, unitIds: Iterable<string>): Promise<string> {
  const text = readFileSync(join(process.cwd(), 'test', 'fixtures', 'frameworks', fixture), 'utf8');
  const fw = await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(text).expect(201);
  const now = Date.now();
  const cycle = await t.http
    .post('/api/v1/cycles')
    .set(admin.auth)
    .send({
      year: 2022,
      level: 'department',
      frameworkId: fw.body.id,
      nameVi,
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
      participants: [...unitIds].map((unitId) => ({ unitId })),
    })
    .expect(201);
  return cycle.body.id as string;
}

/** Each department's officer saves its four answers and submits, through the submissions API (the cycle open). */
export async function answerAndSubmit(t: TestApp, cycleId: string, departments: SectorDepartments, ids: ReadonlyMap<string, string>): Promise<void> {
  for (const [code, d] of Object.entries(departments)) {
    const officer = await signedInUser(t, Role.Officer, `officer.${code.toLowerCase()}@dti.test`, ids.get(code));
    const url = `/api/v1/cycles/${cycleId}/units/${ids.get(code)}/submission`;
    const read = await t.http.get(url).set(officer.auth).expect(200);
    const a = d.answers;
    const answers = [
      { indicatorCode: 'HT.01', value: a.lgsp },
      { indicatorCode: 'HT.02', value: a.online },
      { indicatorCode: 'NL.01', value: a.security },
      { indicatorCode: 'NL.02', value: a.trained },
    ];
    const saved = await t.http.patch(`${url}/answers`).set(officer.auth).set('If-Match', read.headers.etag).send({ answers }).expect(200);
    await t.http.post(`${url}/submit`).set(officer.auth).set('If-Match', saved.headers.etag).send({}).expect(200);
  }
}
