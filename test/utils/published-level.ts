import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActor } from '../../src/auth/actor';
import { Role } from '../../src/auth/role';
import { UnitRegistryLoader } from '../../src/units/unit-registry.loader';
import { fillSubmissions, moveCycle } from './fill-submissions';
import { signedInUser, type SignedInUser, type TestApp } from './test-app';
import { drainQueues } from './test-worker';

/** One published edition of a level, as the API made it. */
export interface PublishedLevel {
  cycleId: string;
  runId: string;
  publicationId: string;
  /** unit code → id, the cycle's participants */
  units: Record<string, string>;
}

/** The registry loaded and an administrator signed in: what publishLevel needs first, once per spec. */
export async function registryAndAdmin(t: TestApp): Promise<SignedInUser> {
  await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
  return signedInUser(t, Role.Admin, 'admin@dti.test');
}

/** Uploads a shipped framework file (config/frameworks/<file>) through the API; its stored id. */
export async function uploadFramework(t: TestApp, admin: SignedInUser, file: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/frameworks')
    .set(admin.auth)
    .type('application/yaml')
    .send(readFileSync(join(process.cwd(), 'config', 'frameworks', file), 'utf8'))
    .expect(201);
  return res.body.id as string;
}

/**
 * A cycle of `level` for data `year` on the framework, taken through the API from draft to published: open (the
 * level's units valid that year, the registry's default), the demo's answers for the year, review, scoring, one score
 * run on the queue (a worker must run in the spec), and its publication (version 1).
 */
export async function publishLevel(
  t: TestApp,
  admin: SignedInUser,
  options: { level: 'ministry' | 'national' | 'province'; year: number; frameworkId: string },
): Promise<PublishedLevel> {
  const now = Date.now();
  const cycle = await t.http
    .post('/api/v1/cycles')
    .set(admin.auth)
    .send({
      year: options.year,
      level: options.level,
      frameworkId: options.frameworkId,
      nameVi: `Đánh giá DTI ${options.level} năm ${options.year}`,
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    })
    .expect(201);
  const cycleId = cycle.body.id as string;
  await moveCycle(t, admin.auth, cycleId, 'open');
  const participants = await t.http.get(`/api/v1/cycles/${cycleId}/participants`).set(admin.auth).expect(200);
  const units: Record<string, string> = Object.fromEntries(
    (participants.body as { unitId: string; code: string }[]).map((p) => [p.code, p.unitId]),
  );
  await fillSubmissions(t, cycleId, units, options.year);
  await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
  const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
  await drainQueues(t);
  const publication = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
  return { cycleId, runId: run.body.run.id as string, publicationId: publication.body.id as string, units };
}
