import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { previousYearCycle } from '../src/cycles/cycles.queries';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

const YAML = 'application/yaml';

interface Node {
  code: string;
  children?: Node[];
  expected?: Record<string, number>;
  [key: string]: unknown;
}

/**
 * PDTI 2024 (its NT.05 a self-reported numerator/denominator, TC.02 and NT.03 self-reported percents) as the framework
 * of the given data year, with an expected range on TC.02 (20..90) and a tighter change on NT.03 (0.2).
 */
function pdti2024As(year: number, version: string): string {
  const doc = parse(readFileSync(join(process.cwd(), 'config', 'frameworks', 'pdti-2024.yaml'), 'utf8')) as Record<string, unknown> & { nodes: Node[] };
  delete doc.$schema;
  doc.year = year;
  doc.version = version;
  const leaves: Node[] = [];
  const walk = (nodes: Node[]) => nodes.forEach((n) => (n.children ? walk(n.children) : leaves.push(n)));
  walk(doc.nodes);
  leaves.find((l) => l.code === 'TC.02')!.expected = { min: 20, max: 90 };
  leaves.find((l) => l.code === 'NT.03')!.expected = { change: 0.2 };
  return stringify(doc);
}

/** A monthly monitoring framework of one leaf at the same level (its months are cycles of their year too). */
const MONTHLY = `
code: TEST-M
version: "1"
level: province
year: 2022
period: month
name: { vi: "Tỷ lệ dịch vụ công trực tuyến (thử)" }
source: "Khung thử nghiệm cho kiểm thử."
result: { scale: 100, precision: 2 }
aggregation: points
maxPoints: 100
missing: zero
nodes:
  - code: DV
    name: { vi: "Dịch vụ công trực tuyến" }
    maxPoints: 100
    children:
      - code: DV.01
        name: { vi: "Tỷ lệ dịch vụ công trực tuyến toàn trình" }
        maxPoints: 100
        input: { type: number, min: 0, max: 100 }
        scoring: { rule: ratio, target: 100 }
        source: system
        evidence: none
`;

jest.setTimeout(60_000);

describe('plausibility warnings: saved with the answer, said in the answer’s response', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let officer: SignedInUser;
  let unit: string;
  let lastYear: string;
  let thisYear: string;

  const url = (cycle: string) => `/api/v1/cycles/${cycle}/units/${unit}/submission`;
  const save = async (cycle: string, answers: object[]) => {
    const state = await t.http.get(url(cycle)).set(officer.auth).expect(200);
    return t.http.patch(`${url(cycle)}/answers`).set(officer.auth).set('If-Match', `"${state.body.submission.version}"`).send({ answers });
  };

  async function openCycle(year: number, version: string): Promise<string> {
    const framework = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(pdti2024As(year, version)).expect(201);
    const now = Date.now();
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({
        year,
        level: 'province',
        frameworkId: framework.body.id,
        nameVi: `Đánh giá DTI cấp tỉnh năm ${year}`,
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 30 * 86_400_000).toISOString(),
        participants: [{ unitId: unit }],
      })
      .expect(201);
    await t.http.post(`/api/v1/cycles/${cycle.body.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: cycle.body.rowVersion }).expect(200);
    return cycle.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    [{ id: unit }] = await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code = '01' AND valid_from = '2008-08-01'`);
    admin = await signedInUser(t, Role.Admin, 'admin@plausibility.test');
    officer = await signedInUser(t, Role.Officer, 'officer@plausibility.test', unit);
    lastYear = await openCycle(2023, '2023.9');
    thisYear = await openCycle(2024, '2024.9');
    // Last year's answers of the unit: what this year's are compared with.
    await save(lastYear, [
      { indicatorCode: 'NT.03', value: 40 },
      { indicatorCode: 'NT.05', value: { numerator: 400, denominator: 1000 } },
      { indicatorCode: 'TC.02', value: 50 },
    ]).then((r) => expect(r.status).toBe(200));
  });
  afterAll(() => t.close());

  it('saves a numerator above its denominator with a warning naming both, stored, and the running score shows it', async () => {
    const res = await save(thisYear, [{ indicatorCode: 'NT.05', value: { numerator: 500, denominator: 100 } }]);
    expect(res.status).toBe(200);
    expect(res.body.answers['NT.05'].value).toEqual({ numerator: 500, denominator: 100 });
    expect(res.body.answers['NT.05'].warnings).toContainEqual({ rule: 'numeratorAboveDenominator', params: { numerator: 500, denominator: 100 } });
    // Capped at full points by the formula: the warning is what tells the officer and the reviewer.
    expect(res.body.selfScore.nodes['NT.05']).toMatchObject({ points: 16, maxPoints: 16 });
    const read = await t.http.get(url(thisYear)).set(admin.auth).expect(200);
    expect(read.body.answers['NT.05'].warnings.map((w: { rule: string }) => w.rule)).toContain('numeratorAboveDenominator');
    const [row] = await t.db.query(
      `SELECT a.warnings FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1 AND a.indicator_code = 'NT.05'`,
      [thisYear],
    );
    expect(row.warnings[0].rule).toBe('numeratorAboveDenominator');
  });

  it('clears the warnings when the answer is corrected', async () => {
    const res = await save(thisYear, [{ indicatorCode: 'NT.05', value: { numerator: 410, denominator: 1000 } }]);
    expect(res.status).toBe(200);
    expect(res.body.answers['NT.05'].warnings).toEqual([]);
  });

  it('warns of a value far from the unit’s last year by the default change, and by the framework’s own', async () => {
    const far = await save(thisYear, [{ indicatorCode: 'NT.05', value: { numerator: 900, denominator: 1000 } }]);
    expect(far.body.answers['NT.05'].warnings).toEqual([{ rule: 'farFromLastYear', part: 'numerator', params: { value: 900, lastYear: 400, change: 0.5 } }]);
    // NT.03 declares change 0.2: 40 -> 50 is more than a fifth up; 40 -> 45 is not.
    const declared = await save(thisYear, [{ indicatorCode: 'NT.03', value: 50 }]);
    expect(declared.body.answers['NT.03'].warnings).toEqual([{ rule: 'farFromLastYear', params: { value: 50, lastYear: 40, change: 0.2 } }]);
    const near = await save(thisYear, [{ indicatorCode: 'NT.03', value: 45 }]);
    expect(near.body.answers['NT.03'].warnings).toEqual([]);
  });

  it('compares with last year’s yearly assessment, not with a month of a monitoring series of that year', async () => {
    const monthly = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(MONTHLY).expect(201);
    await t.http.post('/api/v1/cycles/series').set(admin.auth).send({ frameworkId: monthly.body.id, level: 'province', from: '2023-01', to: '2023-02' }).expect(201);
    // Last year's assessment rewritten after the months: a look-up taking the first cycle of that year and level finds
    // a month (its framework another, so no history: no warning).
    await t.db.query(`UPDATE cycles SET name_vi = name_vi WHERE id = $1`, [lastYear]);
    // The setup tells them apart: the first cycle of that year and level is now a month.
    const [first] = await t.db.query(`SELECT series FROM cycles WHERE year = 2023 AND level = 'province' AND scope_unit_id IS NULL LIMIT 1`);
    expect(first.series).toBe('TEST-M');
    // Both look-ups: the save's context (one statement) and previousYearCycle (plausibility's own, for other callers).
    expect((await previousYearCycle(t.db.manager, { year: 2024, level: 'province', scopeUnitId: null }))?.id).toBe(lastYear);
    const res = await save(thisYear, [{ indicatorCode: 'NT.03', value: 50 }]);
    expect(res.body.answers['NT.03'].warnings).toEqual([{ rule: 'farFromLastYear', params: { value: 50, lastYear: 40, change: 0.2 } }]);
    await save(thisYear, [{ indicatorCode: 'NT.03', value: 45 }]).then((r) => expect(r.status).toBe(200));
  });

  it('warns of a value outside the framework’s expected range, and not inside it', async () => {
    const outside = await save(thisYear, [{ indicatorCode: 'TC.02', value: 95 }]);
    expect(outside.status).toBe(200);
    expect(outside.body.answers['TC.02'].warnings).toContainEqual({ rule: 'outsideExpected', params: { value: 95, min: 20, max: 90 } });
    const inside = await save(thisYear, [{ indicatorCode: 'TC.02', value: 60 }]);
    expect(inside.body.answers['TC.02'].warnings).toEqual([]);
  });

  it('warns of an exact 100 percent that few units gave last year', async () => {
    // Five more units' answers last year, none of them 100: straight into the tables, as last year's data.
    const others: { id: string }[] = await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code IN ('48', '79', '31', '92', '02') AND valid_from <= '2023-01-01'`);
    for (const { id } of others) {
      const [s] = await t.db.query(`INSERT INTO submissions (cycle_id, unit_id, version) VALUES ($1, $2, 1) RETURNING id`, [lastYear, id]);
      await t.db.query(`INSERT INTO answers (submission_id, indicator_code, value) VALUES ($1, 'NT.03', '55')`, [s.id]);
    }
    const res = await save(thisYear, [{ indicatorCode: 'NT.03', value: 100 }]);
    expect(res.body.answers['NT.03'].warnings.map((w: { rule: string }) => w.rule)).toEqual(['farFromLastYear', 'rareExtreme']);
    expect(res.body.answers['NT.03'].warnings[1].params).toEqual({ value: 100, share: 0 });
  });

  it('still refuses a value above its hard maximum, naming the field and the rule with its bound', async () => {
    const res = await save(thisYear, [{ indicatorCode: 'TC.02', value: 500 }]);
    expect(res.status).toBe(422);
    expect(res.body.details).toEqual([{ field: 'answers[0].value', rule: 'max', message: 'TC.02: must be at most 100', params: { max: 100 } }]);
  });

  it('shows the reviewer the warnings beside the answer: in the review API and on the unit page, in its language', async () => {
    await save(thisYear, [{ indicatorCode: 'NT.05', value: { numerator: 500, denominator: 100 } }]).then((r) => expect(r.status).toBe(200));
    const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@plausibility.test');
    // Submitted as the officer would after adding evidence (the submit rules are the submissions spec's business).
    await t.db.query(`UPDATE submissions SET status = 'submitted', submitted_at = now(), version = version + 1 WHERE cycle_id = $1`, [thisYear]);
    await t.http.post(`/api/v1/cycles/${thisYear}/review/assignments`).set(admin.auth).send({ unitId: unit, reviewerId: reviewer.id }).expect(201);
    const cycle = await t.http.get(`/api/v1/cycles/${thisYear}`).set(admin.auth).expect(200);
    await t.http.post(`/api/v1/cycles/${thisYear}/phase`).set(admin.auth).send({ to: 'review', rowVersion: cycle.body.rowVersion }).expect(200);

    const view = await t.http.get(`/api/v1/cycles/${thisYear}/review/units/${unit}`).set(reviewer.auth).expect(200);
    const nt05 = (view.body.indicators as { indicatorCode: string; self: { warnings: { rule: string }[] } }[]).find((i) => i.indicatorCode === 'NT.05')!;
    expect(nt05.self.warnings).toContainEqual({ rule: 'numeratorAboveDenominator', params: { numerator: 500, denominator: 100 } });

    const page = await t.http.get(`/app/review/cycles/${thisYear}/units/${unit}?section=NT`).set('Cookie', `dti_session=${reviewer.token}`).expect(200);
    expect(page.text).toContain('data-warnings="NT.05"');
    expect(page.text).toContain('Tử số (500) lớn hơn mẫu số (100): tỷ lệ vượt 100 %, điểm đang được tính ở mức tối đa.');
    const english = await t.http.get(`/app/review/cycles/${thisYear}/units/${unit}?section=NT`).set('Cookie', `dti_session=${reviewer.token}; dti_lang=en`).expect(200);
    expect(english.text).toContain('The numerator (500) is above the denominator (100)');
  });
});
