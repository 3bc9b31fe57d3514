import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { FrameworkNode } from '../src/engine/framework.model';
import { leafIndex } from '../src/frameworks/framework-tree';
import { COL, SHEETS, parseRowKey } from '../src/submissions/template/template-layout';
import { choiceEntries } from '../src/workbooks/choice-lists';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { frameworkFile } from './utils/framework-files';
import { deflatedZeros, tinyZip, WORKBOOK_SKELETON } from './fixtures/workbooks/tiny-zip';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { binaryBody } from './utils/binary-body';

const framework = frameworkFile('pdti-2022.yaml');
const leaves = leafIndex(framework);

/** A valid cell value for a template row, and the answer the API must then hold. */
function fill(leaf: FrameworkNode, part: string | undefined): { cell: ExcelJS.CellValue; answer: unknown } {
  const input = leaf.input!;
  switch (input.type) {
    case 'boolean':
      return { cell: 'Có', answer: true };
    case 'percent':
      return { cell: 62.5, answer: 62.5 };
    case 'integer':
      return { cell: Math.max(input.min ?? 0, 3), answer: Math.max(input.min ?? 0, 3) };
    case 'number':
      return { cell: Math.max(input.min ?? 0, 7.25), answer: Math.max(input.min ?? 0, 7.25) };
    case 'choice': {
      const last = choiceEntries(leaf).at(-1)!;
      return { cell: last.shown, answer: last.value };
    }
    case 'numbers':
      return { cell: part === input.names![0] ? 45 : 60, answer: part === input.names![0] ? 45 : 60 };
    default:
      return { cell: `Đã triển khai 🚀 "${leaf.code}"`, answer: `Đã triển khai 🚀 "${leaf.code}"` };
  }
}

async function download(t: TestApp, c: OpenCycle): Promise<ExcelJS.Workbook> {
  const res = await t.http
    .get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template`)
    .set(c.officerA.auth)
    .buffer(true)
    .parse(binaryBody)
    .expect(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as ExcelJS.Buffer);
  return workbook;
}

async function upload(t: TestApp, c: OpenCycle, content: Buffer, opts: { dryRun?: boolean; name?: string } = {}) {
  const res = await t.http
    .post(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template${opts.dryRun ? '?dryRun=true' : ''}`)
    .set(c.officerA.auth)
    .attach('file', content, opts.name ?? 'tu-danh-gia.xlsx')
    .expect(202);
  await drainQueues(t);
  return (await t.http.get(`/api/v1/imports/${res.body.id}`).set(c.officerA.auth).expect(200)).body;
}

/** Fills every answer row of the template; returns the answers the submission must then hold. */
function fillAll(workbook: ExcelJS.Workbook): Record<string, unknown> {
  const sheet = workbook.getWorksheet(SHEETS.answers)!;
  const expected: Record<string, unknown> = {};
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const key = parseRowKey(String(row.getCell(COL.code).value));
    const leaf = key && leaves.get(key.code)?.node;
    if (!key || !leaf) return;
    const { cell, answer } = fill(leaf, key.part);
    row.getCell(COL.value).value = cell;
    if (key.part) expected[key.code] = { ...(expected[key.code] as object), [key.part]: answer };
    else expected[key.code] = answer;
  });
  return expected;
}

describe('the Excel template round trip', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;
  const submission = async () =>
    (await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200)).body;

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

  it('download → fill → upload: the stored answers equal what was filled, in one new version', async () => {
    const workbook = await download(t, c);
    const expected = fillAll(workbook);
    workbook.getWorksheet(SHEETS.answers)!.getRow(2).getCell(COL.note).value = '=HYPERLINK("x") là ghi chú, không phải công thức';
    const before = await submission();

    const job = await upload(t, c, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job).toMatchObject({ status: 'succeeded', progress: 100 });
    expect(job.report.problems).toEqual([]);
    expect(job.report.applied).toBe(Object.keys(expected).length);

    const after = await submission();
    expect(after.submission.version).toBe(before.submission.version + 1);
    const stored = Object.fromEntries(Object.entries(after.answers).map(([k, a]) => [k, (a as { value: unknown }).value]));
    expect(stored).toEqual(expected);
    expect(Object.values(after.answers).some((a) => (a as { note: string }).note?.startsWith('=HYPERLINK'))).toBe(true);
    expect(after.selfScore.index).toBeGreaterThan(0);
  });

  it('a dry run reports without applying', async () => {
    const workbook = await download(t, c);
    const expected = fillAll(workbook);
    const before = await submission();
    const job = await upload(t, c, Buffer.from(await workbook.xlsx.writeBuffer()), { dryRun: true });
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(job.report.applied).toBe(Object.keys(expected).length);
    const after = await submission();
    expect(after.submission.version).toBe(before.submission.version);
    expect(after.answers).toEqual({});
  });

  it('reports every bad cell (a formula, a wrong type) with sheet and cell, and applies nothing', async () => {
    const workbook = await download(t, c);
    fillAll(workbook);
    const sheet = workbook.getWorksheet(SHEETS.answers)!;
    const rows: { n: number; leaf: FrameworkNode }[] = [];
    sheet.eachRow((row, n) => {
      const key = n > 1 ? parseRowKey(String(row.getCell(COL.code).value)) : undefined;
      const leaf = key && !key.part ? leaves.get(key.code)?.node : undefined;
      if (leaf) rows.push({ n, leaf });
    });
    const percentRow = rows.find((r) => r.leaf.input?.type === 'percent')!;
    const booleanRow = rows.find((r) => r.leaf.input?.type === 'boolean')!;
    sheet.getRow(percentRow.n).getCell(COL.value).value = { formula: '1+1', result: 2 };
    sheet.getRow(booleanRow.n).getCell(COL.value).value = 'có lẽ';
    const job = await upload(t, c, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job.status).toBe('rejected');
    expect(job.report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: SHEETS.answers, cell: `G${percentRow.n}`, rule: 'formula' }),
        expect.objectContaining({ sheet: SHEETS.answers, cell: `G${booleanRow.n}`, rule: 'not-boolean' }),
      ]),
    );
    expect((await submission()).answers).toEqual({});
  });

  it.each([
    ['a PDF renamed .xlsx', Buffer.from('%PDF-1.4\n%%EOF\n'), 'not-xlsx'],
    ['a CSV renamed .xlsx', Buffer.from('code,value\nNT.02,1\n'), 'not-xlsx'],
  ])('refuses %s cleanly', async (_name, content, rule) => {
    const job = await upload(t, c, content);
    expect(job.status).toBe('rejected');
    expect(job.report.problems[0].rule).toBe(rule);
    expect((await submission()).answers).toEqual({});
  });

  it('refuses a zip bomb without inflating it, keeps the worker up, and applies nothing', async () => {
    const zeros = await deflatedZeros(100);
    const bomb = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', deflated: zeros }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const job = await upload(t, c, bomb, { name: 'bom.xlsx' });
    expect(job.status).toBe('rejected');
    expect(['decompressed-too-large', 'compression-ratio']).toContain(job.report.problems[0].rule);
    expect((await submission()).answers).toEqual({});
    // The worker is still there: the next upload is processed.
    const next = await upload(t, c, Buffer.from('%PDF-1.4\n'));
    expect(next.status).toBe('rejected');
  });

  it('refuses a workbook of 100,000 rows by the row limit, applying nothing', async () => {
    const workbook = await download(t, c);
    const sheet = workbook.getWorksheet(SHEETS.answers)!;
    for (let r = 2; r <= 100_000; r++) sheet.getCell(r, COL.note).value = r;
    const job = await upload(t, c, Buffer.from(await workbook.xlsx.writeBuffer()), { name: 'lon.xlsx' });
    expect(job.status).toBe('rejected');
    expect(job.report.problems[0].rule).toBe('too-many-rows');
    expect((await submission()).answers).toEqual({});
  });

  it('refuses a workbook without the answer sheet, and one of another unit', async () => {
    const noSheet = new ExcelJS.Workbook();
    noSheet.addWorksheet('Sheet1').getCell('A1').value = 'x';
    const job = await upload(t, c, Buffer.from(await noSheet.xlsx.writeBuffer()));
    expect(job.status).toBe('rejected');
    expect(job.report.problems.map((p: { rule: string }) => p.rule)).toContain('missing-sheet');

    const other = await t.http
      .get(`/api/v1/cycles/${c.cycleId}/units/${c.unitB}/submission/template`)
      .set(c.officerB.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const wrongUnit = await upload(t, c, other.body as Buffer);
    expect(wrongUnit.status).toBe('rejected');
    expect(wrongUnit.report.problems.map((p: { rule: string }) => p.rule)).toContain('wrong-unit');
  });

  it('refuses a template made from an older version of the submission', async () => {
    const workbook = await download(t, c);
    fillAll(workbook);
    const state = await submission();
    const leaf = [...leaves.values()].find((l) => l.node.input?.type === 'boolean' && (l.node.source ?? 'self') === 'self')!.node;
    await t.http
      .patch(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/answers`)
      .set(c.officerA.auth)
      .set('If-Match', String(state.submission.version))
      .send({ answers: [{ indicatorCode: leaf.code, value: false }] })
      .expect(200);
    const job = await upload(t, c, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job.status).toBe('rejected');
    expect(job.report.problems[0].rule).toBe('stale-template');
    expect((await submission()).answers[leaf.code].value).toBe(false);
  });

  it('lets no one but the unit\'s officer upload, nor read another unit\'s template', async () => {
    await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template`).set(c.officerB.auth).expect(403);
    await t.http
      .post(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template`)
      .set(c.officerB.auth)
      .attach('file', Buffer.from('x'), 'a.xlsx')
      .expect(403);
    await t.http
      .post(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template`)
      .set(c.admin.auth)
      .attach('file', Buffer.from('x'), 'a.xlsx')
      .expect(403);
  });
});
