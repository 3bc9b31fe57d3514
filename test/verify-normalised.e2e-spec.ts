import type { INestApplicationContext } from '@nestjs/common';
import { canonicalJson } from '../src/common/canonical-json';
import { isUnitLocal } from '../src/engine/rank-results';
import type { Framework } from '../src/engine/framework.model';
import { PublicationsService } from '../src/publications/publications.service';
import { moveCycle } from './utils/fill-submissions';
import { registryAndAdmin } from './utils/published-level';
import { answerAndSubmit, createSectorCycle, createSectorDepartments, ICT_DEPARTMENTS } from './utils/sector-cycle';
import { bypassingFrozen, storedChunks } from './utils/snapshot-chunks';
import { resetState, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/**
 * Verify of a publication whose framework normalises across units (test/fixtures/frameworks/sector-ict-minmax-2022.yaml:
 * its online share min-max over the departments), which is not unit-local: verify parses the snapshot's inputs into
 * the engine's columns as it reads them and scores them whole. The publishing fixtures of the other specs are all
 * unit-local (scored in batches), so this path is met here: intact, a frozen row changed, the inputs reordered.
 */

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

    const ids = await createSectorDepartments(t, admin, ICT_DEPARTMENTS);
    const nameVi = 'Đánh giá chuyển đổi số ngành Thông tin và Truyền thông năm 2022 (chuẩn hóa min-max)';
    const cycleId = await createSectorCycle(t, admin, 'sector-ict-minmax-2022.yaml', nameVi, ids.values());
    await moveCycle(t, admin.auth, cycleId, 'open');
    await answerAndSubmit(t, cycleId, ICT_DEPARTMENTS, ids);
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
