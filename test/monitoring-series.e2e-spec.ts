/**
 * A monthly series of cycles (issue #21): created from one definition, each month open for its values, a
 * system-only month scored and published without officers or reviewers, and a month corrected after publication as
 * version 2 with version 1 still readable. The feeds that push the values have their own spec (monitoring-feeds).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { join } from 'node:path';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

/** The notice's statistic in small: one leaf, the counts of online services and of all services, index = percent. */
const MONTHLY = `
code: TEST-M
version: "1"
level: province
year: 2022
period: month
name: { vi: "Tỷ lệ dịch vụ công trực tuyến (thử)", en: "Online public services rate (test)" }
source: "Khung thử nghiệm cho kiểm thử."
result: { scale: 100, precision: 2 }
aggregation: points
maxPoints: 100
missing: zero
nodes:
  - code: DV
    name: { vi: "Dịch vụ công trực tuyến", en: "Online public services" }
    maxPoints: 100
    children:
      - code: DV.01
        name: { vi: "Tỷ lệ dịch vụ công trực tuyến toàn trình", en: "Rate of full online public services" }
        maxPoints: 100
        input: { type: numbers, names: [online, total] }
        scoring: { rule: formula, expression: "total > 0 ? min(1, online / total) * maxPoints : 0" }
        source: system
        evidence: none
`;

interface CycleView {
  id: string;
  year: number;
  period: string;
  periodIndex: number | null;
  series: string | null;
  periodLabel: string;
  phase: string;
  rowVersion: number;
  nameVi: string;
  opensAt: string;
  closesAt: string;
}

describe('a monthly series of cycles: created at once, scored and published without self-assessment, corrected', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedInUser;
  let frameworkId: string;
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
    frameworkId = (await t.http.post('/api/v1/frameworks').set(admin.auth).type('application/yaml').send(MONTHLY).expect(201)).body.id;
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  const series = (body: object) => t.http.post('/api/v1/cycles/series').set(admin.auth).send(body);
  const move = async (cycle: CycleView, to: string) =>
    t.http.post(`/api/v1/cycles/${cycle.id}/phase`).set(admin.auth).send({ to, rowVersion: (await t.http.get(`/api/v1/cycles/${cycle.id}`).set(admin.auth)).body.rowVersion });
  /** What a national system's feed leaves for a month: online/total per province. */
  const putValues = async (cycle: CycleView, values: Record<string, [number, number]>) => {
    for (const [code, [online, total]] of Object.entries(values)) {
      await t.db.query(
        `INSERT INTO system_values (cycle_id, unit_id, indicator_code, value, source, imported_at) VALUES ($1, $2, 'DV.01', $3, 'feed', now())
         ON CONFLICT (cycle_id, unit_id, indicator_code) DO UPDATE SET value = EXCLUDED.value`,
        [cycle.id, units[code], JSON.stringify({ online, total })],
      );
    }
  };
  const scoreRun = async (cycle: CycleView): Promise<string> => {
    const run = await t.http.post(`/api/v1/cycles/${cycle.id}/score-runs`).set(admin.auth).expect(202);
    await drainQueues(t);
    return run.body.run.id as string;
  };

  let months: CycleView[];

  it('creates one open cycle per month of a monthly framework, each with the provinces valid on its last day', async () => {
    const res = await series({ frameworkId, level: 'province', from: '2023-11', to: '2024-02' }).expect(201);
    months = res.body as CycleView[];
    // The 63 provinces of 2023 (the registry also holds the 34 of 2025, some under the same codes).
    const rows: { id: string; code: string }[] = await t.db.query(
      `SELECT u.id, u.code FROM cycle_units p JOIN units u ON u.id = p.unit_id WHERE p.cycle_id = $1`,
      [months[0].id],
    );
    units = Object.fromEntries(rows.map((r) => [r.code, r.id]));
    expect(months.map((m) => [m.periodLabel, m.year, m.period, m.periodIndex, m.series, m.phase])).toEqual([
      ['2023-11', 2023, 'month', 11, 'TEST-M', 'open'],
      ['2023-12', 2023, 'month', 12, 'TEST-M', 'open'],
      ['2024-01', 2024, 'month', 1, 'TEST-M', 'open'],
      ['2024-02', 2024, 'month', 2, 'TEST-M', 'open'],
    ]);
    expect(months[1]).toMatchObject({ nameVi: 'Tỷ lệ dịch vụ công trực tuyến (thử) – tháng 12/2023', opensAt: '2023-12-01T00:00:00+07:00', closesAt: '2024-01-11T00:00:00+07:00' });
    const participants = (await t.http.get(`/api/v1/cycles/${months[0].id}/participants`).set(admin.auth).expect(200)).body;
    expect(participants).toHaveLength(63);
    // The series does not take the level's yearly assessment of the same year, nor show among the yearly cycles.
    const yearly = await t.http.get('/api/v1/cycles?series=yearly').set(admin.auth).expect(200);
    expect(yearly.body.items).toEqual([]);
    const listed = await t.http.get('/api/v1/cycles?series=TEST-M&year=2023').set(admin.auth).expect(200);
    expect(listed.body.items.map((c: CycleView) => c.periodLabel)).toEqual(['2023-12', '2023-11']);
  });

  it('refuses a month that exists already by name, a range backwards or too long, a yearly framework, a malformed month', async () => {
    const again = await series({ frameworkId, level: 'province', from: '2024-02', to: '2024-03' }).expect(409);
    expect(again.body.message).toContain('2024-02');
    expect(await t.db.query(`SELECT 1 FROM cycles WHERE series = 'TEST-M' AND year = 2024 AND period_index = 3`)).toEqual([]);
    const backwards = await series({ frameworkId, level: 'province', from: '2024-05', to: '2024-04' }).expect(422);
    expect(backwards.body.details).toEqual([expect.objectContaining({ field: 'to', rule: 'notBeforeFrom' })]);
    await series({ frameworkId, level: 'province', from: '2010-01', to: '2020-12' }).expect(422);
    const malformed = await series({ frameworkId, level: 'province', from: '2024-13', to: '2024-14' }).expect(400);
    expect(JSON.stringify(malformed.body)).toContain('from must be a month written YYYY-MM');
    await series({ frameworkId, level: 'ministry', from: '2024-05', to: '2024-05' }).expect(422);
  });

  it('moves a system-only month from open straight to scoring, never through review', async () => {
    const refused = await move(months[0], 'review');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('it may move to scoring');
    await move(months[0], 'scoring').then((r) => expect(r.status).toBe(200));
  });

  it('scores and publishes a month; the next month compares with it; a correction is version 2, version 1 still readable', async () => {
    await putValues(months[0], { '01': [90, 100], '48': [80, 100], '79': [50, 100] });
    const run1 = await scoreRun(months[0]);
    const v1 = (await t.http.post(`/api/v1/cycles/${months[0].id}/publications`).set(admin.auth).send({ runId: run1 }).expect(201)).body;
    expect(v1).toMatchObject({ version: 1 });
    const frozen = async (publicationId: string) =>
      Object.fromEntries(
        ((await t.db.query(`SELECT unit_code, index_rounded, rank FROM publication_results WHERE publication_id = $1 AND unit_code IN ('01', '48', '79')`, [publicationId])) as {
          unit_code: string;
          index_rounded: number;
          rank: number;
        }[]).map((r) => [r.unit_code, [r.index_rounded, r.rank]]),
      );
    expect(await frozen(v1.id)).toEqual({ '01': [90, 1], '48': [80, 2], '79': [50, 3] });
    // A monthly publication is not the level's yearly ranking.
    await t.http.get('/api/v1/public/rankings/2023/province').expect(404);

    // The next month: its previous is November's publication.
    await putValues(months[1], { '01': [95, 100], '48': [70, 100], '79': [60, 100] });
    await move(months[1], 'scoring');
    const december = (await t.http.post(`/api/v1/cycles/${months[1].id}/publications`).set(admin.auth).send({ runId: await scoreRun(months[1]) }).expect(201)).body;
    const [{ previous }] = await t.db.query('SELECT previous FROM publications WHERE id = $1', [december.id]);
    expect(previous[units['48']]).toMatchObject({ value: 80, rank: 2 });

    // A national system corrects November after it was published: an erratum, published as version 2.
    await putValues(months[0], { '79': [85, 100] });
    const run2 = await scoreRun(months[0]);
    const v2 = (
      await t.http.post(`/api/v1/cycles/${months[0].id}/publications/corrections`).set(admin.auth).send({ runId: run2, reason: 'Hệ thống quốc gia đính chính số liệu tỉnh 79' }).expect(201)
    ).body;
    expect(v2).toMatchObject({ version: 2, reason: 'Hệ thống quốc gia đính chính số liệu tỉnh 79' });
    expect(await frozen(v2.id)).toEqual({ '01': [90, 1], '79': [85, 2], '48': [80, 3] });
    expect(await frozen(v1.id)).toEqual({ '01': [90, 1], '48': [80, 2], '79': [50, 3] });
    const versions = (await t.http.get(`/api/v1/cycles/${months[0].id}/publications`).set(admin.auth).expect(200)).body;
    expect(versions.map((p: { version: number }) => p.version)).toEqual([1, 2]);
    const snapshot = JSON.parse((await t.http.get(`/api/v1/publications/${v1.id}/snapshot`).set(admin.auth).expect(200)).text);
    expect(snapshot.cycle).toMatchObject({ year: 2023, series: 'TEST-M', periodIndex: 11 });
    expect((await t.http.get(`/api/v1/publications/${v1.id}/verify`).set(admin.auth).expect(200)).body).toMatchObject({ ok: true });
  });
});
