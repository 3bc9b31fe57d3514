import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Actor } from '../src/auth/actor';
import { SubmissionAccessRegistry } from '../src/submissions/submission-access.registry';
import { Role } from '../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

const framework = frameworkFile('pdti-2022.yaml');
const isSystem = (source: string | undefined) => source === 'system';
/** NT.01 (percent, ratio to 100, 10 points) and the like. */
const percent = firstLeaf(framework, (l) => isSystem(l.source) && l.input?.type === 'percent');
const percent2 = firstLeaf(framework, (l) => isSystem(l.source) && l.input?.type === 'percent' && l.code !== percent.code);
/** NT.04 (numerator and denominator, min(1, n/d) × maxPoints). */
const ratio = firstLeaf(framework, (l) => isSystem(l.source) && l.input?.type === 'numbers');
const answered = firstLeaf(framework, (l) => (l.source ?? 'self') === 'self' && l.input?.type === 'percent');

interface Row {
  row: number;
  unit?: string;
  indicator?: string;
  outcome: 'applied' | 'unchanged' | 'refused';
  message?: string;
}
interface Problem {
  row?: number;
  column?: string;
  rule: string;
  message: string;
}

/** The same three values in each format: 48 percent = 85.5, 48 ratio = 45/60, 01 percent = 100. */
const GOOD = [
  { unit: '48', indicator: percent.code, value: 85.5, note: 'Cổng Dịch vụ công quốc gia, tháng 12' },
  { unit: '48', indicator: ratio.code, numerator: 45, denominator: 60, source: 'dichvucong.gov.vn' },
  { unit: '01', indicator: percent.code, value: 100 },
];

async function csvOf(): Promise<Buffer> {
  const lines = ['unit,indicator,value,numerator,denominator,note,source'];
  for (const g of GOOD) {
    lines.push([g.unit, g.indicator, g.value ?? '', g.numerator ?? '', g.denominator ?? '', g.note ? `"${g.note}"` : '', g.source ?? ''].join(','));
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

async function xlsxOf(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Giá trị hệ thống');
  sheet.addRow(['Unit', 'Indicator', 'Value', 'Numerator', 'Denominator', 'Note']);
  // A unit code typed as a number (48) is read as its digits; 01 must stay text.
  sheet.addRow([48, GOOD[0].indicator, GOOD[0].value, null, null, GOOD[0].note]);
  sheet.addRow(['48', GOOD[1].indicator, null, GOOD[1].numerator, GOOD[1].denominator]);
  sheet.addRow(['01', GOOD[2].indicator, GOOD[2].value]);
  workbook.addWorksheet('Ghi chú').addRow(['not read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function jsonOf(): Promise<Buffer> {
  return Buffer.from(
    JSON.stringify({
      values: [
        { unit: '48', indicator: GOOD[0].indicator, value: GOOD[0].value, note: GOOD[0].note },
        { unit: '48', indicator: GOOD[1].indicator, value: { numerator: 45, denominator: 60 } },
        { unit: '01', indicator: GOOD[2].indicator, value: '100' },
      ],
    }),
  );
}

const FILES: Record<'csv' | 'xlsx' | 'json', () => Promise<Buffer>> = { csv: csvOf, xlsx: xlsxOf, json: jsonOf };

describe('system-measured values: import and read back', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;

  const url = () => `/api/v1/cycles/${c.cycleId}/system-values`;
  async function upload(content: Buffer, opts: { dryRun?: boolean; name?: string } = {}) {
    const res = await t.http
      .post(`${url()}${opts.dryRun ? '?dryRun=true' : ''}`)
      .set(c.admin.auth)
      .attach('file', content, opts.name ?? 'gia-tri-he-thong.csv')
      .expect(202);
    expect(res.body).toMatchObject({ kind: 'system_values', cycleId: c.cycleId, unitId: null, dryRun: !!opts.dryRun });
    await drainQueues(t);
    return (await t.http.get(`/api/v1/imports/${res.body.id}`).set(c.admin.auth).expect(200)).body;
  }
  const state = async (unitId: string, officer: SignedInUser) =>
    (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${unitId}/submission`).set(officer.auth).expect(200)).body;
  const stored = async () => (await t.http.get(url()).set(c.admin.auth).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await resetState(t);
    c = await openProvinceCycle(t);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it.each(Object.keys(FILES) as Array<keyof typeof FILES>)(
    'applies a %s file: one report entry per row, the values in the submission state and its self-score, an audit entry',
    async (format) => {
      const job = await upload(await FILES[format](), { name: `values.${format}` });
      expect(job).toMatchObject({ status: 'succeeded', progress: 100, error: null });
      expect(job.report).toMatchObject({ read: 3, applied: 3, problems: [] });
      expect(job.report.rows).toEqual([
        { row: format === 'json' ? 1 : 2, unit: '48', indicator: percent.code, outcome: 'applied' },
        { row: format === 'json' ? 2 : 3, unit: '48', indicator: ratio.code, outcome: 'applied' },
        { row: format === 'json' ? 3 : 4, unit: '01', indicator: percent.code, outcome: 'applied' },
      ]);

      const danang = await state(c.unitA, c.officerA);
      expect(danang.systemValues).toEqual({ [percent.code]: 85.5, [ratio.code]: { numerator: 45, denominator: 60 } });
      expect(danang.selfScore.nodes[percent.code].points).toBeCloseTo((85.5 / 100) * percent.maxPoints!, 9);
      expect(danang.selfScore.nodes[ratio.code].points).toBeCloseTo((45 / 60) * ratio.maxPoints!, 9);
      expect(danang.selfScore.index).toBeGreaterThan(0);
      // A system value is not the unit's to answer: it does not count as a missing answer either way.
      expect(danang.answers).toEqual({});
      const hanoi = await state(c.unitB, c.officerB);
      expect(hanoi.systemValues).toEqual({ [percent.code]: 100 });
      expect(hanoi.selfScore.nodes[percent.code].points).toBeCloseTo(percent.maxPoints!, 9);

      const list = await stored();
      expect(list).toHaveLength(3);
      for (const v of list) expect(v).toMatchObject({ importJobId: job.id, importedAt: expect.any(String) });
      expect(list.find((v: { unitCode: string; indicatorCode: string }) => v.unitCode === '48' && v.indicatorCode === ratio.code)).toMatchObject({
        unitId: c.unitA,
        unitName: 'Đà Nẵng',
        value: { numerator: 45, denominator: 60 },
      });
      const one = (await t.http.get(`${url()}?unitId=${c.unitB}`).set(c.admin.auth).expect(200)).body;
      expect(one).toEqual([expect.objectContaining({ unitCode: '01', indicatorCode: percent.code, value: 100 })]);

      const audit = await t.db.query(`SELECT entity_type, entity_id, after FROM audit_log WHERE action = 'system_values.import'`);
      expect(audit).toEqual([{ entity_type: 'cycle', entity_id: c.cycleId, after: expect.objectContaining({ importJobId: job.id, count: 3 }) }]);
    },
  );

  it("reads a ';'-separated CSV with decimal commas and a BOM (Vietnamese-locale Excel) as the same values as the ','-separated file, and the report says how it was read", async () => {
    const lines = [
      'unit;indicator;value;numerator;denominator;note',
      // The note's comma is text, not a separator: the header says the file is ';'-separated.
      `48;${percent.code};85,5;;;Cổng Dịch vụ công quốc gia, tháng 12`,
      `48;${ratio.code};;45;60;`,
      `01;${percent.code};100;;;`,
    ];
    const job = await upload(Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`), { name: 'gia-tri-excel-vi.csv' });
    expect(job).toMatchObject({ status: 'succeeded', report: { read: 3, applied: 3, problems: [] } });
    expect(job.report.dialect).toEqual({ separator: ';', decimalComma: true, bom: true, description: "phân tách ';', dấu thập phân ',', có BOM" });
    expect((await state(c.unitA, c.officerA)).systemValues).toEqual({ [percent.code]: 85.5, [ratio.code]: { numerator: 45, denominator: 60 } });
    expect((await stored()).find((v: { unitCode: string; indicatorCode: string }) => v.unitCode === '48' && v.indicatorCode === percent.code)).toMatchObject({ value: 85.5 });

    // The same values written ','-separated with dots: every row is unchanged.
    const comma = await upload(await csvOf());
    expect(comma.report.rows.map((r: Row) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(comma.report.dialect).toEqual({ separator: ',', decimalComma: false, bom: false, description: "phân tách ',', dấu thập phân '.', không BOM" });
  });

  it("refuses in a ';' file an ambiguous 1.234 with its cell named, and an empty value as missing (never stored as 0)", async () => {
    const csv = ['unit;indicator;value', `48;${percent.code};1.234`, `01;${percent.code};`, `79;${percent.code};12,5`].join('\n');
    const job = await upload(Buffer.from(csv));
    expect(job.status).toBe('rejected');
    expect(job.report.dialect).toMatchObject({ separator: ';', decimalComma: true, bom: false });
    expect(job.report.problems.map((p: Problem) => [p.row, p.column, p.rule])).toEqual([
      [2, 'value', 'isNumber'],
      [3, 'value', 'required'],
    ]);
    const message = (row: number) => (job.report.rows as Row[]).find((r) => r.row === row)!.message;
    expect(message(2)).toMatch(/"1\.234" is not a number \(in a file separated by ';' the comma is the decimal mark and a dot groups thousands, so 1\.234 could be either: write 1234 or 1,234\)/);
    expect(message(3)).toMatch(/the value is empty: a missing value is not imported \(nothing is stored, never 0\)/);
    expect(message(4)).toMatch(/^valid, would apply/);
    expect(await stored()).toEqual([]);
  });

  it('a dry run reports per row what would happen and changes nothing', async () => {
    const job = await upload(await csvOf(), { dryRun: true });
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(job.report).toMatchObject({ read: 3, applied: 3, problems: [] });
    expect(job.report.rows.map((r: Row) => [r.row, r.outcome])).toEqual([
      [2, 'applied'],
      [3, 'applied'],
      [4, 'applied'],
    ]);
    for (const r of job.report.rows as Row[]) expect(r.message).toMatch(/would apply/);
    expect(await stored()).toEqual([]);
    expect((await state(c.unitA, c.officerA)).systemValues).toEqual({});
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'system_values.import'`)).toEqual([]);
  });

  it('rejects a file with bad rows whole: each bad row named by row and column, every good row reported, nothing stored', async () => {
    const csv = [
      'unit,indicator,value,numerator,denominator',
      `48,${percent.code},80,,`, // 2 good
      `99,${percent.code},50,,`, // 3 no such unit
      `BTC,${percent.code},50,,`, // 4 a ministry: not in this province cycle
      `48,${answered.code},50,,`, // 5 answered by the unit, not system-measured
      `01,${percent2.code},tám mươi,,`, // 6 text in a percent
      `01,${percent.code},120,,`, // 7 a percent of 120
      `79,${ratio.code},,45,60`, // 8 good (numbers)
      `92,${percent.code},10,,`, // 9 duplicate of 10
      `92,${percent.code},20,,`, // 10 duplicate of 9
      `31,${percent2.code}`, // 11 the value column is missing
      `31,${percent.code},55,,`, // 12 good
      `75,${percent2.code},"85,5",,`, // 13 a decimal comma
      `31,${ratio.code},,45,`, // 14 half of a numbers value
    ].join('\n');
    const job = await upload(Buffer.from(csv));
    expect(job.status).toBe('rejected');
    expect(job.report).toMatchObject({ read: 13, applied: 0 });

    const rows = job.report.rows as Row[];
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(rows.every((r) => r.outcome === 'refused')).toBe(true);
    for (const good of [2, 8, 12]) expect(rows.find((r) => r.row === good)!.message).toMatch(/^valid, would apply; not applied because 10 row\(s\)/);

    const problems = job.report.problems as Problem[];
    const at = (row: number) => problems.filter((p) => p.row === row).map((p) => [p.column, p.rule]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([['unit', 'exists']]);
    expect(at(4)).toEqual([['unit', 'participant']]);
    expect(at(5)).toEqual([['indicator', 'systemMeasured']]);
    expect(at(6)).toEqual([['value', 'isNumber']]);
    expect(at(7)).toEqual([['value', 'max']]);
    expect(at(8)).toEqual([]);
    expect(at(9)).toEqual([['indicator', 'unique']]);
    expect(at(10)).toEqual([['indicator', 'unique']]);
    expect(at(11)).toEqual([['value', 'required']]);
    expect(at(12)).toEqual([]);
    expect(at(13)).toEqual([['value', 'isNumber']]);
    expect(at(14)).toEqual([['denominator', 'required']]);
    expect(problems).toHaveLength(10);
    // The row entries say the same, with the column first.
    const message = (row: number) => rows.find((r) => r.row === row)!.message;
    expect(message(3)).toMatch(/^unit: there is no unit with the code "99"/);
    expect(message(4)).toMatch(/^unit: BTC Bộ Tài chính \(ministry\) is not a participant of this cycle/);
    expect(message(5)).toMatch(new RegExp(`^indicator: ${answered.code.replace('.', '\\.')} is not measured by a national system`));
    expect(message(6)).toMatch(/^value: .*"tám mươi" is not a number/);
    expect(message(7)).toMatch(/^value: .*120 is above 100/);
    expect(message(9)).toMatch(/also in row 10/);
    expect(message(11)).toMatch(/^value: .*the column value is missing/);
    expect(message(13)).toMatch(/a dot for decimals/);

    expect(await stored()).toEqual([]);
    expect((await state(c.unitA, c.officerA)).systemValues).toEqual({});
  });

  it('names a missing column in every row of a JSON file, and a missing header column in every CSV row', async () => {
    const json = await upload(
      Buffer.from(JSON.stringify([{ unit: '48', indicator: percent.code, value: 1 }, { unit: '48', value: 2 }, 'x', { indicator: percent.code, value: 3 }])),
      { name: 'values.json' },
    );
    expect(json.status).toBe('rejected');
    expect(json.report.rows.map((r: Row) => [r.row, r.outcome])).toEqual([
      [1, 'refused'],
      [2, 'refused'],
      [3, 'refused'],
      [4, 'refused'],
    ]);
    expect(json.report.problems.map((p: Problem) => [p.row, p.column, p.rule])).toEqual([
      [2, 'indicator', 'required'],
      [3, undefined, 'json-shape'],
      [4, 'unit', 'required'],
    ]);

    const csv = await upload(Buffer.from(`unit,value\n48,1\n01,2\n`));
    expect(csv.status).toBe('rejected');
    expect(csv.report.problems.map((p: Problem) => [p.row, p.column, p.message])).toEqual([
      [2, 'indicator', 'the column indicator is missing'],
      [3, 'indicator', 'the column indicator is missing'],
    ]);
    expect(await stored()).toEqual([]);
  });

  it('re-importing the same file gives unchanged rows and keeps the first import as the values\' source; a changed value is applied alone', async () => {
    const first = await upload(await csvOf());
    expect(first.status).toBe('succeeded');
    const again = await upload(await csvOf());
    expect(again).toMatchObject({ status: 'succeeded', report: { read: 3, applied: 0, problems: [] } });
    expect(again.report.rows.map((r: Row) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.report.rows[0].message).toBe('the same value is already stored');
    for (const v of await stored()) expect(v.importJobId).toBe(first.id);

    // JSON of the same values, the numbers object with its keys in another order: still unchanged.
    const json = await upload(
      Buffer.from(JSON.stringify([{ unit: '48', indicator: ratio.code, value: { denominator: 60, numerator: 45 } }, { unit: '01', indicator: percent.code, value: 99 }])),
    );
    expect(json).toMatchObject({ status: 'succeeded', report: { applied: 1 } });
    expect(json.report.rows.map((r: Row) => r.outcome)).toEqual(['unchanged', 'applied']);
    const list = await stored();
    expect(list.find((v: { unitCode: string }) => v.unitCode === '01')).toMatchObject({ value: 99, importJobId: json.id });
    expect(list.find((v: { indicatorCode: string }) => v.indicatorCode === ratio.code).importJobId).toBe(first.id);
    const audit = await t.db.query(`SELECT after FROM audit_log WHERE action = 'system_values.import' ORDER BY id`);
    expect(audit.map((a: { after: { count: number } }) => a.after.count)).toEqual([3, 0, 1]);
  });

  it('lets only admins import: officers and reviewers get 403; reviewers read the units they may read, officers nothing', async () => {
    const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
    const file = await csvOf();
    for (const who of [c.officerA, reviewer]) {
      await t.http.post(url()).set(who.auth).attach('file', file, 'values.csv').expect(403);
      await t.http.post(`${url()}?dryRun=true`).set(who.auth).attach('file', file, 'values.csv').expect(403);
    }
    await t.http.post(url()).attach('file', file, 'values.csv').expect(401);
    expect(await t.db.query(`SELECT 1 FROM import_jobs`)).toEqual([]);

    expect((await upload(file)).status).toBe('succeeded');
    await t.http.get(url()).set(c.officerA.auth).expect(403);
    await t.http.get(`${url()}?unitId=${c.unitA}`).set(c.officerA.auth).expect(403);
    // A reviewer reads what the access rules give it: nothing until a unit is its own (fail closed)...
    expect((await t.http.get(url()).set(reviewer.auth).expect(200)).body).toEqual([]);
    await t.http.get(`${url()}?unitId=${c.unitA}`).set(reviewer.auth).expect(403);
    // ...then that unit's values, and no other's.
    t.app.get(SubmissionAccessRegistry).register(async (_m, actor: Actor, cycleId, unitId) => actor.userId === reviewer.id && cycleId === c.cycleId && unitId === c.unitA);
    const seen = (await t.http.get(url()).set(reviewer.auth).expect(200)).body;
    expect(seen.map((v: { unitCode: string }) => v.unitCode)).toEqual(['48', '48']);
    expect((await t.http.get(`${url()}?unitId=${c.unitA}`).set(reviewer.auth).expect(200)).body).toHaveLength(2);
    await t.http.get(`${url()}?unitId=${c.unitB}`).set(reviewer.auth).expect(403);
  });

  it('refuses a request without a file, an unknown cycle and a bad unitId', async () => {
    await t.http.post(url()).set(c.admin.auth).field('x', 'y').expect(400);
    await t.http.post('/api/v1/cycles/00000000-0000-4000-8000-000000000000/system-values').set(c.admin.auth).attach('file', await csvOf(), 'v.csv').expect(404);
    await t.http.get(`${url()}?unitId=48`).set(c.admin.auth).expect(400);
  });

  it.each([
    ['a PNG renamed .csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]), 'values.csv', 'not-a-data-file'],
    ['a PDF renamed .xlsx', Buffer.from('%PDF-1.4\n%%EOF\n'), 'values.xlsx', 'not-a-data-file'],
    ['an old .xls renamed .json', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), 'values.json', 'not-a-data-file'],
    ['random bytes renamed .csv', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 151 + 17) % 256)), 'values.csv', 'not-utf8'],
    ['a zip renamed .xlsx', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'), 'values.xlsx', 'not-xlsx'],
    // A web page saved in place of the export, and a header with nothing under it: refused, not "succeeded, 0 rows".
    ['an HTML page renamed .csv', Buffer.from('<!DOCTYPE html>\n<html><head><title>Cổng dịch vụ công</title></head><body>Đăng nhập</body></html>\n'), 'values.csv', 'not-a-data-file'],
    ['a header without rows', Buffer.from('unit,indicator,value\r\n'), 'values.csv', 'no-rows'],
  ])('refuses %s cleanly, with nothing stored and the worker still running', async (_what, content, name, rule) => {
    const job = await upload(content, { name });
    expect(job.status).toBe('rejected');
    expect(job.report).toMatchObject({ read: 0, applied: 0, rows: [] });
    expect(job.report.problems).toEqual([expect.objectContaining({ rule })]);
    expect(await stored()).toEqual([]);
    expect((await upload(await csvOf())).status).toBe('succeeded');
  });
});
