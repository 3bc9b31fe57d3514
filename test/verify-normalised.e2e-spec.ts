import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/auth/role';
import { canonicalJson } from '../src/common/canonical-json';
import { isUnitLocal } from '../src/engine/rank-results';
import type { Framework } from '../src/engine/framework.model';
import { PublicationsService } from '../src/publications/publications.service';
import { moveCycle } from './utils/fill-submissions';
import { registryAndAdmin } from './utils/published-level';
import { bypassingFrozen, storedChunks } from './utils/snapshot-chunks';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * Verify of a publication whose framework normalises across units (test/fixtures/frameworks/sector-ict-minmax-2022.yaml:
 * its online share min-max over the departments), which is not unit-local: verify parses the snapshot's inputs into
 * the engine's columns as it reads them and scores them whole. The publishing fixtures of the other specs are all
 * unit-local (scored in batches), so this path is met here: intact, a frozen row changed, the inputs reordered.
 */

/** The departments (province code → answers: LGSP, % online, security, % trained). */
const DEPARTMENTS: Record<string, { province: string; answers: [boolean, number, 'none' | 'some' | 'all', number] }> = {
  '01.STTTT': { province: '01', answers: [true, 72, 'all', 95] },
  '31.STTTT': { province: '31', answers: [false, 40, 'some', 90] },
  '48.STTTT': { province: '48', answers: [true, 100, 'all', 50] },
  '79.STTTT': { province: '79', answers: [true, 80, 'all', 60] },
  '92.STTTT': { province: '92', answers: [true, 30, 'none', 10] },
};

describe('verify of a publication whose framework normalises across units', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let publicationId: string;
  const verify = (id: string) => t.app.get(PublicationsService).verify(id);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    admin = await registryAndAdmin(t);

    const ids = new Map<string, string>();
    for (const [code, d] of Object.entries(DEPARTMENTS)) {
      const province = (await t.http.get(`/api/v1/units?level=province&code=${d.province}&validOn=2022-12-31`).set(admin.auth).expect(200)).body.items[0];
      const unit = await t.http
        .post('/api/v1/units')
        .set(admin.auth)
        .send({ level: 'department', code, nameVi: `Sở Thông tin và Truyền thông ${province.nameVi}`, validFrom: '2020-01-01', validTo: '2025-06-30', parentId: province.id })
        .expect(201);
      ids.set(code, unit.body.id);
    }
    const text = readFileSync(join(process.cwd(), 'test', 'fixtures', 'frameworks', 'sector-ict-minmax-2022.yaml'), 'utf8');
    const fw = await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(text).expect(201);
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({
        year: 2022,
        level: 'department',
        frameworkId: fw.body.id,
        nameVi: 'Đánh giá chuyển đổi số ngành Thông tin và Truyền thông năm 2022 (chuẩn hóa min-max)',
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 30 * 86_400_000).toISOString(),
        participants: [...ids.values()].map((unitId) => ({ unitId })),
      })
      .expect(201);
    const cycleId = cycle.body.id as string;
    await moveCycle(t, admin.auth, cycleId, 'open');
    for (const [code, d] of Object.entries(DEPARTMENTS)) {
      const officer = await signedInUser(t, Role.Officer, `officer.${code.toLowerCase()}@dti.test`, ids.get(code));
      const url = `/api/v1/cycles/${cycleId}/units/${ids.get(code)}/submission`;
      const read = await t.http.get(url).set(officer.auth).expect(200);
      const [lgsp, online, security, trained] = d.answers;
      const answers = [
        { indicatorCode: 'HT.01', value: lgsp },
        { indicatorCode: 'HT.02', value: online },
        { indicatorCode: 'NL.01', value: security },
        { indicatorCode: 'NL.02', value: trained },
      ];
      const saved = await t.http.patch(`${url}/answers`).set(officer.auth).set('If-Match', read.headers.etag).send({ answers }).expect(200);
      await t.http.post(`${url}/submit`).set(officer.auth).set('If-Match', saved.headers.etag).send({}).expect(200);
    }
    await moveCycle(t, admin.auth, cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${cycleId}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    const pub = await t.http.post(`/api/v1/cycles/${cycleId}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
    publicationId = pub.body.id;
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('finds the publication intact: its framework is not unit-local, so it is scored whole from the inputs as read', async () => {
    const snapshot = JSON.parse((await storedChunks(t, publicationId)).toString('utf8')) as { framework: { document: Framework }; inputs: { units: unknown[] } };
    expect(isUnitLocal(snapshot.framework.document)).toBe(false);
    expect(snapshot.inputs.units).toHaveLength(5);
    expect(await verify(publicationId)).toEqual({ publicationId, ok: true, problems: [] });
  });

  it('finds a frozen row changed, naming the unit and the field', async () => {
    const statement = 'UPDATE publication_results SET index_rounded = index_rounded + $3 WHERE publication_id = $1 AND unit_code = $2';
    await bypassingFrozen(t, [statement, [publicationId, '48.STTTT', 0.5]]);
    try {
      const report = await verify(publicationId);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.stringContaining('48.STTTT')]);
    } finally {
      await bypassingFrozen(t, [statement, [publicationId, '48.STTTT', -0.5]]);
    }
    expect((await verify(publicationId)).ok).toBe(true);
  });

  it('reports a snapshot whose inputs were reordered (its sha256 and the order), not a failure of verify', async () => {
    const original = await storedChunks(t, publicationId);
    const snapshot = JSON.parse(original.toString('utf8')) as { inputs: { units: unknown[] } };
    const units = snapshot.inputs.units;
    [units[0], units[1]] = [units[1], units[0]];
    const reordered = Buffer.from(canonicalJson(snapshot), 'utf8');
    const replace = (bytes: Buffer): [string, unknown[]][] => [
      ['DELETE FROM publication_snapshot_chunks WHERE publication_id = $1', [publicationId]],
      ['INSERT INTO publication_snapshot_chunks (publication_id, seq, bytes) VALUES ($1, 0, $2)', [publicationId, bytes]],
    ];
    await bypassingFrozen(t, ...replace(reordered));
    try {
      const report = await verify(publicationId);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([
        expect.stringMatching(/^the snapshot's sha256 is [0-9a-f]{64}, the publication says /),
        expect.stringMatching(/^the snapshot's inputs are not in code order \(units must come in code order: 01\.STTTT after 31\.STTTT\): its results are not recomputed$/),
      ]);
    } finally {
      await bypassingFrozen(t, ...replace(original));
    }
    expect(await verify(publicationId)).toEqual({ publicationId, ok: true, problems: [] });
  });
});
