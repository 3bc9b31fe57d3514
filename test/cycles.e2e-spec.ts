import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { systemActor } from '../src/auth/actor';
import { CYCLE_PHASES, CyclePhase, PHASE_TRANSITIONS } from '../src/cycles/cycle-phase';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { Role } from '../src/auth/role';
import { auditCount, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

const YAML = 'application/yaml';
const shipped = (name: string) => readFileSync(join(process.cwd(), 'config', 'frameworks', name), 'utf8');

/**
 * The way from draft to each phase, through allowed moves only. Published is reached by publishing a score run
 * (the publications feature refuses a bare move there), after scoring.
 */
const PATH_TO: Record<CyclePhase, CyclePhase[]> = {
  [CyclePhase.Draft]: [],
  [CyclePhase.Open]: [CyclePhase.Open],
  [CyclePhase.Review]: [CyclePhase.Open, CyclePhase.Review],
  [CyclePhase.Scoring]: [CyclePhase.Open, CyclePhase.Review, CyclePhase.Scoring],
  [CyclePhase.Published]: [CyclePhase.Open, CyclePhase.Review, CyclePhase.Scoring],
};

/** The one move of the table that a registered check admits only through a publication, never by POST /phase. */
const PUBLISH: [CyclePhase, CyclePhase] = [CyclePhase.Scoring, CyclePhase.Published];
const PUBLISH_REFUSAL = 'a cycle is published by publishing one of its score runs';

/** The moves of DESIGN.md's yearly cycle, written out here independently of the table under test. */
const ALLOWED: [CyclePhase, CyclePhase][] = [
  [CyclePhase.Draft, CyclePhase.Open],
  [CyclePhase.Open, CyclePhase.Review],
  [CyclePhase.Review, CyclePhase.Open],
  [CyclePhase.Review, CyclePhase.Scoring],
  [CyclePhase.Scoring, CyclePhase.Review],
  [CyclePhase.Scoring, CyclePhase.Published],
];

// Real services, a real worker and argon2 on a shared machine: the 5 s default is too tight for the fixtures.
jest.setTimeout(60_000);

describe('assessment cycles API', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let officer: SignedInUser;
  let reviewer: SignedInUser;
  let pdti2022: { id: string; rowVersion: number; document: object };
  let mdti2022: string;

  /** Loads the shipped unit registry (national, 63 provinces until 2025-06-30, 34 after, ministries). */
  async function fixtures(): Promise<void> {
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.test');
    officer = await signedInUser(t, Role.Officer, 'can.bo.hanoi@dti.test', await unitId('01'));
    reviewer = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.test');
    const p = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('pdti-2022.yaml')).expect(201);
    pdti2022 = { id: p.body.id, rowVersion: p.body.rowVersion, document: p.body.document };
    const m = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('mdti-2022.yaml')).expect(201);
    mdti2022 = m.body.id;
  }

  /** A province of the 63 (registered from 2008-08-01) by its GSO code. */
  async function unitId(code: string, validFrom = '2008-08-01'): Promise<string> {
    const rows = await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code = $1 AND valid_from = $2`, [code, validFrom]);
    expect(rows).toHaveLength(1);
    return rows[0].id as string;
  }

  const cycleBody = (overrides: Record<string, unknown> = {}) => ({
    year: 2022,
    level: 'province',
    frameworkId: pdti2022.id,
    nameVi: 'Đánh giá DTI cấp tỉnh năm 2022',
    opensAt: '2023-03-01T08:00:00',
    closesAt: '2023-04-30T17:00:00',
    ...overrides,
  });

  const createCycle = (overrides: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/cycles').set(admin.auth).send(cycleBody(overrides));

  const getCycle = async (id: string) => (await t.http.get(`/api/v1/cycles/${id}`).set(admin.auth).expect(200)).body;
  const participants = async (id: string) =>
    (await t.http.get(`/api/v1/cycles/${id}/participants`).set(admin.auth).expect(200)).body as { unitId: string; code: string }[];
  const countCycles = async () => Number((await t.db.query('SELECT count(*)::int AS n FROM cycles'))[0].n);

  /** Publishes a cycle in scoring the only way there is: a score run (on the queue), then a publication of it. */
  async function publish(id: string) {
    const run = await t.http.post(`/api/v1/cycles/${id}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    await t.http.post(`/api/v1/cycles/${id}/publications`).set(admin.auth).send({ runId: run.body.run.id }).expect(201);
    return getCycle(id);
  }

  /** Moves the cycle through allowed moves to `phase`; returns its state there. */
  async function walkTo(id: string, phase: CyclePhase) {
    let cycle = await getCycle(id);
    for (const to of PATH_TO[phase]) {
      const res = await t.http.post(`/api/v1/cycles/${id}/phase`).set(admin.auth).send({ to, rowVersion: cycle.rowVersion });
      expect([to, res.status]).toEqual([to, 200]);
      cycle = res.body;
    }
    if (phase === CyclePhase.Published) cycle = await publish(id);
    expect(cycle.phase).toBe(phase);
    return cycle;
  }

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  describe('creating cycles', () => {
    beforeEach(async () => {
      await resetState(t);
      await fixtures();
    });

    it('creates a 2022 province cycle with the 63 provinces valid on 2022-12-31, in Vietnam time, audited', async () => {
      const audits = await auditCount(t);
      const res = await createCycle();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        year: 2022,
        level: 'province',
        frameworkId: pdti2022.id,
        phase: 'draft',
        opensAt: '2023-03-01T08:00:00+07:00',
        closesAt: '2023-04-30T17:00:00+07:00',
        timezone: 'Asia/Ho_Chi_Minh',
        rowVersion: 1,
      });
      const list = await participants(res.body.id);
      expect(list).toHaveLength(63);
      expect(new Set(list.map((p) => p.code)).size).toBe(63);
      expect(list.map((p) => p.code)).toEqual(expect.arrayContaining(['01', '48', '79', '96']));
      expect(list.every((p) => p.unitId && (p as unknown as { ranked: boolean }).ranked === true)).toBe(true);
      const [entry] = await t.db.query(`SELECT action, entity_id, after FROM audit_log WHERE action = 'cycle.create'`);
      expect(entry).toMatchObject({ entity_id: res.body.id, after: { participants: 63 } });
      expect(await auditCount(t)).toBe(audits + 1);
    });

    it('gives a 2025 province cycle the 34 provinces valid on 2025-12-31', async () => {
      const res = await createCycle({ year: 2025, nameVi: 'Đánh giá DTI cấp tỉnh năm 2025', opensAt: '2026-03-01T08:00:00', closesAt: '2026-04-30T17:00:00' });
      expect(res.status).toBe(201);
      const list = await participants(res.body.id);
      expect(list).toHaveLength(34);
      const ids = list.map((p) => p.unitId);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM units WHERE id = ANY($1) AND level = 'province' AND valid_from = '2025-07-01'`,
        [ids],
      );
      expect(n).toBe(34);
    });

    it('takes explicit participants with their groups and ranked flags', async () => {
      const hanoi = await unitId('01');
      const danang = await unitId('48');
      const res = await createCycle({
        participants: [{ unitId: hanoi }, { unitId: danang, unitGroup: 'pilot', ranked: false }],
      });
      expect(res.status).toBe(201);
      const list = await participants(res.body.id);
      expect(list.map((p) => [p.code, (p as never as { unitGroup: string | null }).unitGroup, (p as never as { ranked: boolean }).ranked]).sort()).toEqual([
        ['01', null, true],
        ['48', 'pilot', false],
      ]);
    });

    it('refuses a framework of another level with 422 naming frameworkId, storing nothing', async () => {
      const audits = await auditCount(t);
      const res = await createCycle({ frameworkId: mdti2022 });
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'frameworkId', rule: 'sameLevel' })]);
      expect(res.body.message).toContain('ministry');
      expect(await countCycles()).toBe(0);
      expect(await auditCount(t)).toBe(audits);
    });

    it('refuses a participant of another level with 422 naming it', async () => {
      const [ministry] = await t.db.query(`SELECT id FROM units WHERE level = 'ministry' LIMIT 1`);
      const res = await createCycle({ participants: [{ unitId: await unitId('01') }, { unitId: ministry.id }] });
      expect(res.status).toBe(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'participants[1].unitId', rule: 'sameLevel' })]);
      expect(await countCycles()).toBe(0);
    });

    it('refuses a second cycle of the same year and level with 409', async () => {
      await createCycle().expect(201);
      const audits = await auditCount(t);
      const res = await createCycle({ nameVi: 'Bản sao' });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('2022');
      expect(await countCycles()).toBe(1);
      expect(await auditCount(t)).toBe(audits);
      // Another year of the same level is fine.
      await createCycle({ year: 2023 }).expect(201);
    });

    it('refuses closesAt not after opensAt with 422 naming closesAt', async () => {
      for (const closesAt of ['2023-02-28T08:00:00', '2023-03-01T08:00:00', '2023-03-01T01:00:00Z']) {
        const res = await createCycle({ closesAt });
        expect([closesAt, res.status]).toEqual([closesAt, 422]);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'closesAt', rule: 'afterOpensAt' })]);
      }
      expect(await countCycles()).toBe(0);
    });

    it('lets only admins write cycles; officers and reviewers get 403, the public 401, nothing changes', async () => {
      const cycle = (await createCycle().expect(201)).body;
      const hanoi = await unitId('01');
      const writes: [string, 'post' | 'patch' | 'put' | 'delete', string, object][] = [
        ['create', 'post', '/api/v1/cycles', cycleBody({ year: 2023 })],
        ['update', 'patch', `/api/v1/cycles/${cycle.id}`, { rowVersion: 1, nameVi: 'Đổi tên' }],
        ['move', 'post', `/api/v1/cycles/${cycle.id}/phase`, { to: 'open', rowVersion: 1 }],
        ['participants', 'post', `/api/v1/cycles/${cycle.id}/participants`, { remove: [hanoi] }],
        ['extension', 'put', `/api/v1/cycles/${cycle.id}/participants/${hanoi}/extension`, { until: '2023-05-07T17:00:00', reason: 'gia hạn' }],
        ['revoke extension', 'delete', `/api/v1/cycles/${cycle.id}/participants/${hanoi}/extension`, { reason: 'thu hồi' }],
      ];
      const audits = await auditCount(t);
      for (const [name, method, path, body] of writes) {
        for (const who of [officer, reviewer]) {
          const res = await t.http[method](path).set(who.auth).send(body);
          expect([name, who.email, res.status]).toEqual([name, who.email, 403]);
        }
        const anonymous = await t.http[method](path).send(body);
        expect([name, 'public', anonymous.status]).toEqual([name, 'public', 401]);
      }
      expect(await getCycle(cycle.id)).toEqual(cycle);
      expect(await countCycles()).toBe(1);
      expect(await participants(cycle.id)).toHaveLength(63);
      expect(await auditCount(t)).toBe(audits);
      // Reading: every signed-in role reads cycles; participants are for admins and reviewers.
      await t.http.get(`/api/v1/cycles/${cycle.id}`).set(officer.auth).expect(200);
      await t.http.get('/api/v1/cycles').set(reviewer.auth).expect(200);
      await t.http.get(`/api/v1/cycles/${cycle.id}/participants`).set(reviewer.auth).expect(200);
      await t.http.get(`/api/v1/cycles/${cycle.id}/participants`).set(officer.auth).expect(403);
      await t.http.get(`/api/v1/cycles/${cycle.id}`).expect(401);
    });

    it('opening freezes the framework: PUT on it is 409 with the reason, and the cycle cannot switch framework', async () => {
      const cycle = (await createCycle().expect(201)).body;
      // While the cycle is a draft the framework may still change.
      const clone = await t.http.post(`/api/v1/frameworks/${pdti2022.id}/clone`).set(admin.auth).send({ version: '2022.2' }).expect(201);
      const switched = await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ rowVersion: 1, frameworkId: clone.body.id });
      expect(switched.status).toBe(200);
      expect(switched.body.frameworkId).toBe(clone.body.id);
      const back = await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ rowVersion: 2, frameworkId: pdti2022.id }).expect(200);

      const before = await t.http.put(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).set('If-Match', String(pdti2022.rowVersion)).send(pdti2022.document);
      expect(before.status).toBe(200);
      const framework = (await t.http.get(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).expect(200)).body;
      expect(framework.lockedAt).toBeNull();

      await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: back.body.rowVersion }).expect(200);
      const locked = (await t.http.get(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).expect(200)).body;
      expect(locked.lockedAt).not.toBeNull();
      expect(locked.lockedReason).toContain(cycle.id);
      const put = await t.http.put(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).set('If-Match', String(locked.rowVersion)).send(locked.document);
      expect(put.status).toBe(409);
      expect(put.body.message).toContain(`used by cycle 2022 province (${cycle.id})`);
      await t.http.delete(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).expect(409);

      const opened = await getCycle(cycle.id);
      const refused = await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ rowVersion: opened.rowVersion, frameworkId: clone.body.id });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('frozen');
      expect((await getCycle(cycle.id)).frameworkId).toBe(pdti2022.id);
    });

    it('refuses a stale rowVersion with 409 and the current version, for moves and updates', async () => {
      const cycle = (await createCycle().expect(201)).body;
      await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ rowVersion: 1, nameEn: 'Provincial DTI 2022' }).expect(200);
      const audits = await auditCount(t);
      const move = await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: 1 });
      expect(move.status).toBe(409);
      expect(move.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const update = await t.http.patch(`/api/v1/cycles/${cycle.id}`).set(admin.auth).send({ rowVersion: 1, nameVi: 'Ghi đè' });
      expect(update.status).toBe(409);
      expect(update.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const now = await getCycle(cycle.id);
      expect(now).toMatchObject({ phase: 'draft', rowVersion: 2, nameVi: cycle.nameVi, nameEn: 'Provincial DTI 2022' });
      expect(await auditCount(t)).toBe(audits);
      // A failed open must not have frozen the framework either.
      const framework = (await t.http.get(`/api/v1/frameworks/${pdti2022.id}`).set(admin.auth).expect(200)).body;
      expect(framework.lockedAt).toBeNull();
    });

    it('adds and removes participants in draft and open; refuses it from review on, with 409', async () => {
      const hanoi = await unitId('01');
      const danang = await unitId('48');
      const hue = await unitId('46');
      const cycle = (await createCycle({ participants: [{ unitId: hanoi }] }).expect(201)).body;
      const url = `/api/v1/cycles/${cycle.id}/participants`;

      const added = await t.http.post(url).set(admin.auth).send({ add: [{ unitId: danang }, { unitId: hue, ranked: false }] });
      expect(added.status).toBe(201);
      expect(added.body.map((p: { code: string }) => p.code).sort()).toEqual(['01', '46', '48']);
      const removed = await t.http.post(url).set(admin.auth).send({ remove: [hanoi] });
      expect(removed.body.map((p: { code: string }) => p.code).sort()).toEqual(['46', '48']);

      const open = await walkTo(cycle.id, CyclePhase.Open);
      const inOpen = await t.http.post(url).set(admin.auth).send({ add: [{ unitId: hanoi }], remove: [hue] });
      expect(inOpen.body.map((p: { code: string }) => p.code).sort()).toEqual(['01', '48']);
      const entries = await t.db.query(`SELECT after FROM audit_log WHERE action = 'cycle.participants' ORDER BY id`);
      expect(entries.map((e: { after: unknown }) => e.after)).toEqual([
        { added: [danang, hue], removed: [] },
        { added: [], removed: [hanoi] },
        { added: [hanoi], removed: [hue] },
      ]);

      let rowVersion = open.rowVersion;
      for (const phase of [CyclePhase.Review, CyclePhase.Scoring, CyclePhase.Published]) {
        rowVersion =
          phase === CyclePhase.Published
            ? (await publish(cycle.id)).rowVersion
            : (await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: phase, rowVersion }).expect(200)).body.rowVersion;
        const audits = await auditCount(t);
        for (const body of [{ add: [{ unitId: hue }] }, { remove: [hanoi] }]) {
          const res = await t.http.post(url).set(admin.auth).send(body);
          expect([phase, res.status]).toEqual([phase, 409]);
          expect(res.body.message).toContain(phase);
        }
        expect((await participants(cycle.id)).map((p) => p.code).sort()).toEqual(['01', '48']);
        expect(await auditCount(t)).toBe(audits);
      }
    });

    it('grants an extension only while open and only past closesAt', async () => {
      const hanoi = await unitId('01');
      const danang = await unitId('48');
      const cycle = (await createCycle({ participants: [{ unitId: hanoi }, { unitId: danang }] }).expect(201)).body;
      const url = `/api/v1/cycles/${cycle.id}/participants/${hanoi}/extension`;
      const body = { until: '2023-05-07T17:00:00', reason: 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống' };

      const inDraft = await t.http.put(url).set(admin.auth).send(body);
      expect(inDraft.status).toBe(409);
      expect(inDraft.body.message).toContain('draft');

      const open = await walkTo(cycle.id, CyclePhase.Open);
      for (const until of ['2023-04-30T17:00:00', '2023-04-01T00:00:00', '2023-04-30T10:00:00Z']) {
        const early = await t.http.put(url).set(admin.auth).send({ ...body, until });
        expect([until, early.status]).toEqual([until, 422]);
        expect(early.body.details).toEqual([expect.objectContaining({ field: 'until', rule: 'afterClosesAt' })]);
      }
      const notParticipant = await t.http.put(`/api/v1/cycles/${cycle.id}/participants/${await unitId('46')}/extension`).set(admin.auth).send(body);
      expect(notParticipant.status).toBe(404);

      const audits = await auditCount(t);
      const granted = await t.http.put(url).set(admin.auth).send(body);
      expect(granted.status).toBe(200);
      expect(granted.body).toMatchObject({ unitId: hanoi, code: '01', extensionUntil: '2023-05-07T17:00:00+07:00' });
      expect(await auditCount(t)).toBe(audits + 1);
      const [entry] = await t.db.query(`SELECT entity_type, entity_id, before, after FROM audit_log WHERE action = 'cycle.extension'`);
      expect(entry).toEqual({
        entity_type: 'cycle',
        entity_id: cycle.id,
        before: { unitId: hanoi, extensionUntil: null },
        after: { unitId: hanoi, extensionUntil: '2023-05-07T10:00:00.000Z', reason: body.reason },
      });
      const list = await participants(cycle.id);
      const byCode = Object.fromEntries(list.map((p) => [p.code, (p as never as { extensionUntil: string | null }).extensionUntil]));
      expect(byCode).toEqual({ '01': '2023-05-07T17:00:00+07:00', '48': null });

      await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: 'review', rowVersion: open.rowVersion }).expect(200);
      const inReview = await t.http.put(`/api/v1/cycles/${cycle.id}/participants/${danang}/extension`).set(admin.auth).send(body);
      expect(inReview.status).toBe(409);
      expect(inReview.body.message).toContain('review');
    });

    it('waits for a phase move under way before granting an extension, then refuses it in the new phase', async () => {
      const hanoi = await unitId('01');
      const cycle = (await createCycle({ participants: [{ unitId: hanoi }] }).expect(201)).body;
      await walkTo(cycle.id, CyclePhase.Open);
      const url = `/api/v1/cycles/${cycle.id}/participants/${hanoi}/extension`;
      const runner = t.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        // A phase move in flight: the cycle's row changed and locked, not committed yet.
        await runner.query(`UPDATE cycles SET phase = 'review' WHERE id = $1`, [cycle.id]);
        let settled = false;
        const grant = t.http
          .put(url)
          .set(admin.auth)
          .send({ until: '2023-05-07T17:00:00', reason: 'gia hạn' })
          .then((res) => {
            settled = true;
            return res;
          });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(settled).toBe(false);
        await runner.commitTransaction();
        const res = await grant;
        expect(res.status).toBe(409);
        expect(res.body.message).toContain('review');
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      const [row] = await t.db.query('SELECT extension_until FROM cycle_units WHERE cycle_id = $1 AND unit_id = $2', [cycle.id, hanoi]);
      expect(row.extension_until).toBeNull();
    });

    it('revokes an extension while the cycle can still be open (review goes back to open), never once published; 404 without one, 400 for a bad id or reason', async () => {
      const hanoi = await unitId('01');
      const danang = await unitId('48');
      const cycle = (await createCycle({ participants: [{ unitId: hanoi }, { unitId: danang }] }).expect(201)).body;
      const url = (unit: string) => `/api/v1/cycles/${cycle.id}/participants/${unit}/extension`;
      const grant = { until: '2023-05-07T17:00:00', reason: 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống' };
      const revoke = { reason: 'Gia hạn nhầm đơn vị' };
      const byCode = async () => Object.fromEntries((await participants(cycle.id)).map((p) => [p.code, (p as never as { extensionUntil: string | null }).extensionUntil]));

      // A draft has no extension to revoke.
      const inDraft = await t.http.delete(url(hanoi)).set(admin.auth).send(revoke);
      expect(inDraft.status).toBe(404);
      const open = await walkTo(cycle.id, CyclePhase.Open);
      await t.http.put(url(hanoi)).set(admin.auth).send(grant).expect(200);
      await t.http.put(url(danang)).set(admin.auth).send(grant).expect(200);
      const audits = await auditCount(t);

      // Bad input: the field and the rule, nothing written.
      const badId = await t.http.delete(`/api/v1/cycles/${cycle.id}/participants/not-a-unit/extension`).set(admin.auth).send(revoke);
      expect(badId.status).toBe(400);
      expect(badId.body.details).toEqual([expect.objectContaining({ field: 'unitId', rule: 'isUuid' })]);
      for (const body of [{}, { reason: 'x' }, { reason: 'Gia hạn nhầm', extra: 1 }]) {
        const res = await t.http.delete(url(hanoi)).set(admin.auth).send(body);
        expect([body, res.status]).toEqual([body, 400]);
      }
      expect(new Set((await t.http.delete(url(hanoi)).set(admin.auth).send({})).body.details.map((d: { field: string }) => d.field))).toEqual(new Set(['reason']));
      const notParticipant = await t.http.delete(url(await unitId('46'))).set(admin.auth).send(revoke);
      expect(notParticipant.status).toBe(404);
      const unknownCycle = await t.http.delete(`/api/v1/cycles/${danang}/participants/${hanoi}/extension`).set(admin.auth).send(revoke);
      expect(unknownCycle.status).toBe(404);
      expect(await auditCount(t)).toBe(audits);
      expect(await byCode()).toEqual({ '01': '2023-05-07T17:00:00+07:00', '48': '2023-05-07T17:00:00+07:00' });

      // In review: the cycle may go back to open, where the extension would count again; revoking it is allowed.
      const review = (await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: 'review', rowVersion: open.rowVersion }).expect(200)).body;
      const beforeRevoke = await auditCount(t);
      const revoked = await t.http.delete(url(hanoi)).set(admin.auth).send(revoke);
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ unitId: hanoi, code: '01', extensionUntil: null });
      expect(await byCode()).toEqual({ '01': null, '48': '2023-05-07T17:00:00+07:00' });
      expect(await auditCount(t)).toBe(beforeRevoke + 1);
      const entries = await t.db.query(`SELECT entity_type, entity_id, before, after FROM audit_log WHERE action = 'cycle.extension_revoke'`);
      expect(entries).toEqual([
        {
          entity_type: 'cycle',
          entity_id: cycle.id,
          before: { unitId: hanoi, extensionUntil: '2023-05-07T10:00:00.000Z' },
          after: { unitId: hanoi, extensionUntil: null, reason: revoke.reason },
        },
      ]);
      // Twice: nothing left to revoke.
      const twice = await t.http.delete(url(hanoi)).set(admin.auth).send(revoke);
      expect(twice.status).toBe(404);
      expect(twice.body.message).toContain('extension');

      // Published: the cycle never opens again; Đà Nẵng's extension stays on record.
      await t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to: 'scoring', rowVersion: review.rowVersion }).expect(200);
      await publish(cycle.id);
      const published = await t.http.delete(url(danang)).set(admin.auth).send(revoke);
      expect(published.status).toBe(409);
      expect(published.body.message).toContain('published');
      expect(await byCode()).toEqual({ '01': null, '48': '2023-05-07T17:00:00+07:00' });
      expect(Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cycle.extension_revoke'`))[0].n)).toBe(1);
    });
  });

  describe('the phase table, exhaustively through HTTP', () => {
    const pairs = CYCLE_PHASES.flatMap((from) => CYCLE_PHASES.map((to) => [from, to] as const));

    beforeAll(async () => {
      await resetState(t);
      await fixtures();
    });

    it('covers 25 pairs, 6 of them allowed, the same as the table in the code', () => {
      expect(pairs).toHaveLength(25);
      const fromTable = CYCLE_PHASES.flatMap((from) => PHASE_TRANSITIONS[from].map((to) => [from, to]));
      expect(fromTable.sort()).toEqual([...ALLOWED].sort());
    });

    // Each pair gets its own cycle (a year of its own, one participant so that it can be scored and published),
    // walked to `from` by allowed moves.
    it.each(pairs.map(([from, to], i) => [from, to, 2030 + i] as const))('%s → %s', async (from, to, year) => {
      const created = await createCycle({ year, participants: [{ unitId: await unitId('01') }], nameVi: `Chu kỳ ${year}` }).expect(201);
      const before = await walkTo(created.body.id, from);
      const audits = await auditCount(t);
      const moves = async () =>
        Number((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cycle.move' AND entity_id = $1`, [before.id]))[0].n);
      const movesBefore = await moves();

      const res = await t.http
        .post(`/api/v1/cycles/${before.id}/phase`)
        .set(admin.auth)
        .send({ to, rowVersion: before.rowVersion, reason: `kiểm thử ${from} → ${to}` });

      if (from === PUBLISH[0] && to === PUBLISH[1]) {
        // Allowed by the table, but only as part of a publication: a bare move is refused by the check, naming why.
        expect(res.status).toBe(409);
        expect(res.body.message).toContain(PUBLISH_REFUSAL);
        expect(res.body.details).toEqual({ reason: 'phaseMoveRefused', to, refusals: [PUBLISH_REFUSAL], reasons: [{ reason: 'publishedByRun' }] });
        expect(await getCycle(before.id)).toEqual(before);
        expect(await auditCount(t)).toBe(audits);
        // The way that is admitted: publishing a score run moves the cycle, audited as a move via the publication.
        const published = await publish(before.id);
        expect(published).toMatchObject({ phase: to, rowVersion: before.rowVersion + 1 });
        expect(await moves()).toBe(movesBefore + 1);
        const [entry] = await t.db.query(
          `SELECT before, after FROM audit_log WHERE action = 'cycle.move' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
          [before.id],
        );
        expect(entry).toEqual({ before: { phase: from }, after: { phase: to, reason: null, via: 'publication' } });
      } else if (ALLOWED.some(([f, x]) => f === from && x === to)) {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: before.id, phase: to, rowVersion: before.rowVersion + 1 });
        expect(await getCycle(before.id)).toMatchObject({ phase: to, rowVersion: before.rowVersion + 1 });
        expect(await moves()).toBe(movesBefore + 1);
        const [entry] = await t.db.query(
          `SELECT actor_id, before, after FROM audit_log WHERE action = 'cycle.move' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
          [before.id],
        );
        expect(entry).toEqual({ actor_id: admin.id, before: { phase: from }, after: { phase: to, reason: `kiểm thử ${from} → ${to}`, via: null } });
      } else {
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('CONFLICT');
        expect(res.body.message).toContain(`from ${from} to ${to}`);
        expect(res.body.details).toEqual({ reason: 'phaseMoveNotAllowed', from, to, allowed: PHASE_TRANSITIONS[from] });
        expect(await getCycle(before.id)).toEqual(before);
        expect(await auditCount(t)).toBe(audits);
      }
    });

    it('refuses an unknown phase with 400 naming "to"', async () => {
      const created = await createCycle({ year: 2090, participants: [] }).expect(201);
      const res = await t.http.post(`/api/v1/cycles/${created.body.id}/phase`).set(admin.auth).send({ to: 'archived', rowVersion: 1 });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'to', rule: 'isEnum' })]);
      expect((await getCycle(created.body.id)).phase).toBe('draft');
    });
  });
});
