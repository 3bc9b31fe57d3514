import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../../src/auth/actor';
import { UnitRegistryLoader } from '../../src/units/unit-registry.loader';
import { Role } from '../../src/auth/role';
import { fillSubmissions } from './fill-submissions';
import { signedInUser, type SignedInUser, type TestApp } from './test-app';

export interface OpenCycle {
  cycleId: string;
  frameworkId: string;
  /** unit code → id, for the 63 provinces of 2022 */
  units: Record<string, string>;
  admin: SignedInUser;
  /** Officers of 48 Đà Nẵng and 01 Hà Nội. */
  officerA: SignedInUser;
  officerB: SignedInUser;
  unitA: string;
  unitB: string;
}

/** The registry, PDTI 2022, an open 2022 province cycle whose window contains the real now, and two officers. */
export async function openProvinceCycle(t: TestApp): Promise<OpenCycle> {
  await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
  const admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
  const framework = await t.http
    .post('/api/v1/frameworks')
    .set(admin.auth)
    .type('application/yaml')
    .send(readFileSync(join(process.cwd(), 'config', 'frameworks', 'pdti-2022.yaml'), 'utf8'))
    .expect(201);
  const now = Date.now();
  const cycle = await t.http
    .post('/api/v1/cycles')
    .set(admin.auth)
    .send({
      year: 2022,
      level: 'province',
      frameworkId: framework.body.id,
      nameVi: 'Đánh giá DTI cấp tỉnh năm 2022',
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    })
    .expect(201);
  await t.http.post(`/api/v1/cycles/${cycle.body.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: cycle.body.rowVersion }).expect(200);
  const rows: { id: string; code: string }[] = await t.db.query(
    `SELECT u.id, u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1`,
    [cycle.body.id],
  );
  const units = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  const officerA = await signedInUser(t, Role.Officer, 'officer@danang.test', units['48']);
  const officerB = await signedInUser(t, Role.Officer, 'officer@hanoi.test', units['01']);
  return { cycleId: cycle.body.id, frameworkId: framework.body.id, units, admin, officerA, officerB, unitA: units['48'], unitB: units['01'] };
}

/** The next year's province cycle (2023, the same framework) of `c`, open, with the demo's 2023 answers for its units. */
export async function openNextProvinceCycle(t: TestApp, c: OpenCycle): Promise<string> {
  const now = Date.now();
  const cycle = await t.http
    .post('/api/v1/cycles')
    .set(c.admin.auth)
    .send({
      year: 2023,
      level: 'province',
      frameworkId: c.frameworkId,
      nameVi: 'Đánh giá DTI cấp tỉnh năm 2023',
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    })
    .expect(201);
  await t.http.post(`/api/v1/cycles/${cycle.body.id}/phase`).set(c.admin.auth).send({ to: 'open', rowVersion: cycle.body.rowVersion }).expect(200);
  const rows: { id: string; code: string }[] = await t.db.query(
    'SELECT u.id, u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1',
    [cycle.body.id],
  );
  await fillSubmissions(t, cycle.body.id, Object.fromEntries(rows.map((r) => [r.code, r.id])), 2023);
  return cycle.body.id as string;
}
