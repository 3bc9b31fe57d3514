import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import { QUEUE_DRIVER, type QueueDriver } from '../src/queue/queue-driver';
import { QueueName } from '../src/queue/queue-name';
import { exportQueueJobId } from '../src/exports/exports.producer';
import { queuePortToken, type QueuePort } from '../src/queue/queue-port';
import { Role } from '../src/auth/role';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { binaryBody } from './utils/binary-body';
import { loadRankingWorkbookData, withSnapshot } from '../src/exports/export-data';
import { pickKeys } from '../src/scoring/result-node-sql';
import type { RankingDetailRow } from '../src/exports/ranking-workbook';
import { frameworkLeaves } from '../src/frameworks/framework-tree';
import { roundTo } from '../src/engine';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_NAME = '=HYPERLINK("http://x")';
const FORMULA_TITLE = '=cmd|"/c calc"!A1';
/** Đô thị thông minh and its leaves (maxPoints 0): collected, not scored; their cells say so instead of a blank. */
const NOT_SCORED = new Set(['DT', 'DT.01', 'DT.02', 'DT.03']);
/** A value or points as the ranking workbook writes it: to the framework's precision (4). */
const rounded = (v: number | null | undefined) => (typeof v === 'number' ? roundTo(v, 4) : null);
const INDICATOR = firstLeaf(frameworkFile('pdti-2022.yaml'), (n) => (n.source ?? 'self') === 'self' && n.evidence === 'required').code;

type Json = Record<string, unknown>;
interface PublicRow {
  rank: number | null;
  groupRank: number | null;
  code: string;
  nameVi: string;
  unitGroup: string | null;
  index: number | null;
  values: Record<string, number | null>;
  previous: { value: number | null; rank: number | null; change: number | null; rankChange: number | null } | null;
}

/** The text of the header row of a sheet → its column number. */
function headerColumns(ws: ExcelJS.Worksheet, row: number): Map<string, number> {
  const out = new Map<string, number>();
  ws.getRow(row).eachCell((cell, col) => out.set(String(cell.value), col));
  return out;
}

/** Data rows (below the header) by the text of one column. */
function rowsBy(ws: ExcelJS.Worksheet, headerRow: number, keyColumn: number): Map<string, ExcelJS.Row> {
  const out = new Map<string, ExcelJS.Row>();
  ws.eachRow((row, n) => {
    if (n > headerRow) out.set(String(row.getCell(keyColumn).value), row);
  });
  return out;
}

const cell = (row: ExcelJS.Row, col: number | undefined): unknown => {
  if (col === undefined) throw new Error('no such column');
  const v = row.getCell(col).value;
  return v === undefined ? null : v;
};

/** How the score card shows an answer (independent of the code under test). */
function shown(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'object') return Object.entries(value as Json).map(([k, v]) => `${k}: ${v}`).join('; ');
  return value;
}

describe('Excel exports on the exports queue', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;
  let reviewer: SignedInUser;
  let publicationId: string;
  let runId: string;

  const fetchFile = (url: string, auth?: { Authorization: string }) => {
    const req = t.http.get(url);
    if (auth) req.set(auth);
    return req.buffer(true).parse(binaryBody);
  };
  const open = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return wb;
  };
  const expectNoFormulas = (wb: ExcelJS.Workbook) => {
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((x) => expect(x.type).not.toBe(ExcelJS.ValueType.Formula)));
  };
  const ask = (auth: { Authorization: string }, body: Json) => t.http.post('/api/v1/exports').set(auth).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    // Evidence with formula-looking text, and a unit whose name looks like a formula.
    const base = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    const version = async () => Number((await t.http.get(base).set(c.officerA.auth).expect(200)).headers.etag.replace(/"/g, ''));
    await t.http
      .post(`${base}/evidence`)
      .set(c.officerA.auth)
      .send({ version: await version(), indicatorCode: INDICATOR, kind: 'citation', documentNumber: '12/QĐ-UBND', documentTitle: FORMULA_TITLE, issuedOn: '2022-03-15' })
      .expect(201);
    await t.http
      .post(`${base}/evidence`)
      .set(c.officerA.auth)
      .send({ version: await version(), indicatorCode: INDICATOR, kind: 'link', url: 'https://danang.gov.vn/cds', label: 'Cổng thông tin' })
      .expect(201);
    await t.db.query('UPDATE units SET name_vi = $1 WHERE code = $2', [FORMULA_NAME, '01']);

    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    const run = await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202);
    runId = run.body.run.id;
    await drainQueues(t);
    const pub = await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId }).expect(201);
    publicationId = pub.body.id;
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('makes the ranking workbook once, with every number equal to the published ranking', async () => {
    // The public address asks for it on the first call and answers 202 while it is made.
    const early = await t.http.get('/api/v1/public/rankings/2022/province/workbook');
    expect([200, 202]).toContain(early.status);
    const first = await ask(c.officerA.auth, { kind: 'ranking', publicationId }).expect(202);
    const second = await ask(c.admin.auth, { kind: 'ranking', publicationId }).expect(202);
    expect(second.body.id).toBe(first.body.id);
    if (early.status === 202) expect(early.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ kind: 'ranking', params: { publicationId } });
    // One job, named by the request's business key (the second ask would have added under the same id).
    const [{ request_key: requestKey }] = await t.db.query('SELECT request_key FROM export_jobs WHERE id = $1', [first.body.id]);
    const job = await t.app.get<QueuePort>(queuePortToken('exports')).getJob(exportQueueJobId(requestKey));
    expect(job?.data).toMatchObject({ exportJobId: first.body.id });

    // Progress is readable while it runs.
    const state = await t.http.get(`/api/v1/exports/${first.body.id}`).set(reviewer.auth).expect(200);
    expect(['queued', 'running', 'succeeded']).toContain(state.body.status);
    expect(state.body.progress).toBeGreaterThanOrEqual(0);
    expect(state.body.progress).toBeLessThanOrEqual(100);

    await drainQueues(t);
    const done = await t.http.get(`/api/v1/exports/${first.body.id}`).set(c.officerB.auth).expect(200);
    expect(done.body).toMatchObject({
      status: 'succeeded',
      progress: 100,
      fileName: 'dti-2022-province-v1.xlsx',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      downloadUrl: `/api/v1/exports/${first.body.id}/download`,
      error: null,
    });
    const file = await fetchFile(done.body.downloadUrl, c.officerB.auth).expect(200);
    expect(file.headers['content-type']).toBe(XLSX);
    expect(file.headers['content-disposition']).toBe('attachment; filename="dti-2022-province-v1.xlsx"');
    expect(file.body.length).toBe(done.body.sizeBytes);
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(done.body.sha256);

    // The public address serves the same file once made, without signing in.
    const publicFile = await fetchFile('/api/v1/public/rankings/2022/province/workbook').expect(200);
    expect(publicFile.body.equals(file.body)).toBe(true);
    expect(publicFile.headers['content-type']).toBe(XLSX);

    const wb = await open(file.body);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Xếp hạng');
    expect(names).toEqual(expect.arrayContaining(['Chi tiết chỉ số', 'Phương pháp', 'Thông tin']));
    expect(names.filter((n) => /^(I|II|CQS|KTS|XHS)\. /.test(n))).toHaveLength(5);
    expectNoFormulas(wb);

    const pub = (await t.http.get('/api/v1/public/rankings/2022/province').expect(200)).body as { sha256: string; columns: { code: string; nameVi: string }[]; rows: PublicRow[] };
    expect(pub.rows).toHaveLength(63);
    const ranking = wb.getWorksheet('Xếp hạng')!;
    expect(ranking.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 3 });
    expect(ranking.autoFilter).toBeTruthy();
    const head = headerColumns(ranking, 3);
    for (const h of ['Hạng', 'Mã', 'Đơn vị', 'Chỉ số DTI', 'Hạng năm trước', 'Thay đổi hạng', 'Chỉ số năm trước', 'Thay đổi']) expect(head.has(h)).toBe(true);
    const cf = (ranking as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    const indexLetter = ranking.getColumn(head.get('Chỉ số DTI')!).letter;
    expect(cf).toEqual(expect.arrayContaining([expect.objectContaining({ ref: `${indexLetter}4:${indexLetter}66`, rules: [expect.objectContaining({ type: 'colorScale' })] })]));
    const byCode = rowsBy(ranking, 3, head.get('Mã')!);
    expect(byCode.size).toBe(63);
    // In the ranking's order, as the public ranking lists it.
    expect([...byCode.keys()]).toEqual(pub.rows.map((p) => p.code));
    let checked = 0;
    for (const p of pub.rows) {
      const row = byCode.get(p.code)!;
      expect(cell(row, head.get('Hạng'))).toBe(p.rank);
      expect(cell(row, head.get('Đơn vị'))).toBe(p.nameVi);
      expect(cell(row, head.get('Chỉ số DTI'))).toBe(p.index);
      expect(row.getCell(head.get('Chỉ số DTI')!).numFmt).toBe('0.0000');
      for (const col of pub.columns) {
        const at = head.get(`${col.nameVi} (${col.code})`);
        expect([p.code, col.code, cell(row, at)]).toEqual([p.code, col.code, NOT_SCORED.has(col.code) ? 'không tính điểm' : p.values[col.code]]);
        expect(row.getCell(at!).numFmt).toBe('0.0000');
        checked++;
      }
      expect(cell(row, head.get('Hạng năm trước'))).toBe(p.previous?.rank ?? null);
      expect(cell(row, head.get('Thay đổi'))).toBe(p.previous?.change ?? null);
    }
    expect(checked).toBe(63 * pub.columns.length);
    const hanoi = byCode.get('01')!.getCell(head.get('Đơn vị')!);
    expect(hanoi.type).toBe(ExcelJS.ValueType.String);
    expect(hanoi.value).toBe(FORMULA_NAME);

    // Every leaf's value and points, against the stored results.
    const stored: { unit_code: string; nodes: Record<string, { value: number | null; points: number | null }> }[] = await t.db.query(
      'SELECT unit_code, nodes FROM score_results WHERE run_id = $1',
      [runId],
    );
    const detail = wb.getWorksheet('Chi tiết chỉ số')!;
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const dhead = headerColumns(detail, 2);
    const detailRows = rowsBy(detail, 2, dhead.get('Mã')!);
    expect([...detailRows.keys()]).toEqual(pub.rows.map((p) => p.code));
    const leaves = [...dhead.keys()].filter((h) => h.endsWith(' – Giá trị')).map((h) => h.replace(' – Giá trị', ''));
    expect(leaves).toHaveLength(98);
    let leafCells = 0;
    for (const s of stored) {
      const row = detailRows.get(s.unit_code)!;
      for (const leaf of leaves) {
        expect([s.unit_code, leaf, cell(row, dhead.get(`${leaf} – Giá trị`)), cell(row, dhead.get(`${leaf} – Điểm`))]).toEqual([
          s.unit_code,
          leaf,
          NOT_SCORED.has(leaf) ? 'không tính điểm' : rounded(s.nodes[leaf]?.value),
          rounded(s.nodes[leaf]?.points),
        ]);
        leafCells += 2;
      }
    }
    expect(leafCells).toBe(63 * 98 * 2);

    // The pillar sheets hold the pillar values of the ranking.
    const cqs = wb.worksheets.find((w) => w.name.startsWith('CQS. '))!;
    const chead = headerColumns(cqs, 2);
    const cqsCol = pub.columns.find((x) => x.code === 'CQS')!;
    const cqsRows = rowsBy(cqs, 2, chead.get('Mã')!);
    expect([...cqsRows.keys()]).toEqual(pub.rows.map((p) => p.code));
    for (const p of pub.rows) expect(cell(cqsRows.get(p.code)!, chead.get(`${cqsCol.nameVi} (CQS)`))).toBe(p.values.CQS);

    const method = wb.getWorksheet('Phương pháp')!;
    expect(String(method.getCell('A2').value)).toContain('922/QĐ-BTTTT');
    const mhead = headerColumns(method, 3);
    expect([...mhead.keys()]).toEqual(expect.arrayContaining(['Mã', 'Tên', 'Cấp', 'Điểm tối đa', 'Trọng số', 'Quy tắc chấm điểm', 'Nguồn dữ liệu', 'Minh họa (không chính thức)']));
    const mrows = rowsBy(method, 3, mhead.get('Mã')!);
    expect(cell(mrows.get('NT')!, mhead.get('Điểm tối đa'))).toBe(100);
    expect(cell(mrows.get('NT.01')!, mhead.get('Minh họa (không chính thức)'))).toBe('Có');

    const info = wb.getWorksheet('Thông tin')!;
    const infoRows = rowsBy(info, 1, 1);
    expect(cell(infoRows.get('Năm dữ liệu')!, 2)).toBe(2022);
    expect(cell(infoRows.get('Phiên bản công bố')!, 2)).toBe(1);
    expect(cell(infoRows.get('SHA-256 của bản công bố')!, 2)).toBe(pub.sha256);
  }, 60_000);

  it("gives officers their own unit's score card only, matching the published card and the stored answers", async () => {
    await ask(c.officerA.auth, { kind: 'score_card', publicationId, unitCode: '01' }).expect(403);
    await ask(reviewer.auth, { kind: 'score_card', publicationId, unitCode: '48' }).expect(403);
    const own = await ask(c.officerA.auth, { kind: 'score_card', publicationId, unitCode: '48' }).expect(202);
    const other = await ask(c.admin.auth, { kind: 'score_card', publicationId, unitCode: '01' }).expect(202);
    expect(other.body.id).not.toBe(own.body.id);
    // Another officer is not told it exists; the admin sees it.
    await t.http.get(`/api/v1/exports/${own.body.id}`).set(c.officerB.auth).expect(404);
    await t.http.get(`/api/v1/exports/${own.body.id}/download`).set(c.officerB.auth).expect(404);
    await t.http.get(`/api/v1/exports/${own.body.id}`).set(c.admin.auth).expect(200);
    await drainQueues(t);

    const done = await t.http.get(`/api/v1/exports/${own.body.id}`).set(c.officerA.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100, fileName: 'dti-2022-province-v1-48-score-card.xlsx' });
    const file = await fetchFile(done.body.downloadUrl, c.officerA.auth).expect(200);
    expect(file.headers['content-type']).toBe(XLSX);
    const wb = await open(file.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Phiếu điểm', 'Thông tin']);
    expectNoFormulas(wb);
    const card = (await t.http.get('/api/v1/public/rankings/2022/province/units/48').expect(200)).body as {
      index: number;
      rank: number;
      lines: { code: string; value: number | null; points: number | null; maxPoints: number | null; contribution: number | null; rank: number | null }[];
    };
    const sheet = wb.getWorksheet('Phiếu điểm')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const head = headerColumns(sheet, 3);
    expect([...head.keys()]).toEqual(
      expect.arrayContaining(['Mã', 'Tên', 'Giá trị tự đánh giá', 'Giá trị thẩm định', 'Giá trị cuối cùng', 'Điểm', 'Điểm tối đa', 'Đóng góp vào chỉ số', 'Hạng']),
    );
    const rows = rowsBy(sheet, 3, head.get('Mã')!);
    expect(cell(rows.get('PDTI')!, head.get('Tỷ lệ đạt (0–1)'))).toBe(card.index);
    expect(cell(rows.get('PDTI')!, head.get('Hạng'))).toBe(card.rank);
    for (const line of card.lines) {
      const row = rows.get(line.code)!;
      expect([line.code, ...['Tỷ lệ đạt (0–1)', 'Điểm', 'Điểm tối đa', 'Đóng góp vào chỉ số', 'Hạng'].map((h) => cell(row, head.get(h)))]).toEqual([
        line.code,
        line.value,
        line.points,
        line.maxPoints,
        line.contribution,
        line.rank,
      ]);
    }
    const answers: { indicator_code: string; value: unknown; note: string | null }[] = await t.db.query(
      `SELECT a.indicator_code, a.value, a.note FROM answers a JOIN submissions s ON s.id = a.submission_id WHERE s.cycle_id = $1 AND s.unit_id = $2`,
      [c.cycleId, c.unitA],
    );
    const system: { indicator_code: string; value: unknown }[] = await t.db.query('SELECT indicator_code, value FROM system_values WHERE cycle_id = $1 AND unit_id = $2', [
      c.cycleId,
      c.unitA,
    ]);
    expect(answers.length).toBeGreaterThan(10);
    for (const a of answers) {
      const row = rows.get(a.indicator_code)!;
      expect([a.indicator_code, cell(row, head.get('Giá trị tự đánh giá')), cell(row, head.get('Giá trị thẩm định'))]).toEqual([
        a.indicator_code,
        shown(a.value),
        shown(a.value),
      ]);
    }
    const systemByCode = new Map(system.map((v) => [v.indicator_code, v.value]));
    for (const [code, row] of rows) {
      if (!/\.\d+$/.test(code) || card.lines.find((l) => l.code === code) === undefined) continue;
      const self = answers.find((a) => a.indicator_code === code)?.value ?? null;
      const final = systemByCode.has(code) ? systemByCode.get(code) : self;
      expect([code, cell(row, head.get('Giá trị cuối cùng'))]).toEqual([code, shown(final)]);
    }
    expect(system.length).toBeGreaterThan(0);

    const info = rowsBy(wb.getWorksheet('Thông tin')!, 1, 1);
    expect(cell(info.get('Chỉ số DTI')!, 2)).toBe(card.index);
    expect(cell(info.get('Hạng')!, 2)).toBe(card.rank);
    expect(cell(info.get('Số đơn vị')!, 2)).toBe(63);
  }, 60_000);

  it("exports a cycle's data for admins only, every answer, system value and piece of evidence", async () => {
    await ask(c.officerA.auth, { kind: 'cycle_data', cycleId: c.cycleId }).expect(403);
    await ask(reviewer.auth, { kind: 'cycle_data', cycleId: c.cycleId }).expect(403);
    const first = await ask(c.admin.auth, { kind: 'cycle_data', cycleId: c.cycleId }).expect(202);
    const again = await ask(c.admin.auth, { kind: 'cycle_data', cycleId: c.cycleId }).expect(202);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body.params).toEqual({ cycleId: c.cycleId, dataVersion: expect.stringMatching(/^[0-9a-f]{16}$/) });
    await drainQueues(t);
    await t.http.get(`/api/v1/exports/${first.body.id}`).set(c.officerA.auth).expect(404);
    const done = await t.http.get(`/api/v1/exports/${first.body.id}`).set(c.admin.auth).expect(200);
    expect(done.body.status).toBe('succeeded');
    expect(done.body.fileName).toMatch(/^dti-2022-province-cycle-data-\d{8}-\d{6}\.xlsx$/);
    await t.http.get(done.body.downloadUrl).set(c.officerA.auth).expect(404);
    const file = await fetchFile(done.body.downloadUrl, c.admin.auth).expect(200);
    const wb = await open(file.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Câu trả lời', 'Giá trị hệ thống', 'Minh chứng', 'Thông tin']);
    expectNoFormulas(wb);

    const answersSheet = wb.getWorksheet('Câu trả lời')!;
    const head = headerColumns(answersSheet, 2);
    const stored: { unit_code: string; indicator_code: string; value: unknown; note: string | null; self_points: number | null }[] = await t.db.query(
      `SELECT u.code AS unit_code, a.indicator_code, a.value, a.note, a.self_points
         FROM answers a JOIN submissions s ON s.id = a.submission_id JOIN units u ON u.id = s.unit_id WHERE s.cycle_id = $1`,
      [c.cycleId],
    );
    const byKey = new Map<string, ExcelJS.Row>();
    answersSheet.eachRow((row, n) => {
      if (n > 2) byKey.set(`${cell(row, head.get('Mã đơn vị'))}/${cell(row, head.get('Mã chỉ tiêu'))}`, row);
    });
    expect(byKey.size).toBe(stored.length);
    for (const a of stored) {
      const row = byKey.get(`${a.unit_code}/${a.indicator_code}`)!;
      const json = cell(row, head.get('Giá trị (JSON)'));
      expect([a.unit_code, a.indicator_code, json === null ? null : JSON.parse(String(json)), cell(row, head.get('Ghi chú')), cell(row, head.get('Điểm tự chấm'))]).toEqual([
        a.unit_code,
        a.indicator_code,
        a.value,
        a.note,
        a.self_points,
      ]);
      expect(cell(row, head.get('Giá trị'))).toEqual(shown(a.value));
    }
    expect(cell(byKey.get(`01/${stored.find((s) => s.unit_code === '01')!.indicator_code}`)!, head.get('Đơn vị'))).toBe(FORMULA_NAME);

    const systemSheet = wb.getWorksheet('Giá trị hệ thống')!;
    const [{ n: systemCount }] = await t.db.query('SELECT count(*)::int AS n FROM system_values WHERE cycle_id = $1', [c.cycleId]);
    expect(systemSheet.rowCount - 2).toBe(systemCount);
    expect(headerColumns(systemSheet, 2).has('Mã lần nhập')).toBe(true);

    const evidence = wb.getWorksheet('Minh chứng')!;
    const ehead = headerColumns(evidence, 2);
    const erows = rowsBy(evidence, 2, ehead.get('Loại')!);
    const citation = erows.get('trích dẫn văn bản')!;
    expect([cell(citation, ehead.get('Mã đơn vị')), cell(citation, ehead.get('Mã chỉ tiêu')), cell(citation, ehead.get('Số hiệu văn bản')), cell(citation, ehead.get('Ngày ban hành'))]).toEqual([
      '48',
      INDICATOR,
      '12/QĐ-UBND',
      '2022-03-15',
    ]);
    expect(citation.getCell(ehead.get('Tên văn bản')!).type).toBe(ExcelJS.ValueType.String);
    expect(cell(citation, ehead.get('Tên văn bản'))).toBe(FORMULA_TITLE);
    expect(cell(erows.get('đường dẫn')!, ehead.get('Đường dẫn'))).toBe('https://danang.gov.vn/cds');
  }, 60_000);

  it("reads each unit's leaves by its own stored nodes, also where units' nodes differ (one missing, extra, none)", async () => {
    // The detail sheet's reader parses a results document's keys only when they differ from the previous unit's. It
    // reads the publication's frozen rows, changed here behind their guard (the trigger that refuses UPDATE).
    const rows: { unit_code: string; nodes: Record<string, { value: number | null; points: number | null }> }[] = await t.db.query(
      'SELECT unit_code, nodes FROM publication_results WHERE publication_id = $1 ORDER BY rank ASC NULLS LAST, index_rounded DESC NULLS LAST, unit_code',
      [publicationId],
    );
    const [{ document }] = await t.db.query('SELECT f.document FROM score_runs r JOIN framework_versions f ON f.id = r.framework_id WHERE r.id = $1', [runId]);
    const leaves = frameworkLeaves(document).map((l) => l.node.code);
    const [second, third, fourth] = rows.slice(1, 4).map((r) => r.unit_code);
    await t.db.query('ALTER TABLE publication_results DISABLE TRIGGER publication_results_frozen');
    try {
      await t.db.query('UPDATE publication_results SET nodes = nodes - $3::text WHERE publication_id = $1 AND unit_code = $2', [publicationId, second, leaves[1]]);
      await t.db.query(`UPDATE publication_results SET nodes = '{}' WHERE publication_id = $1 AND unit_code = $2`, [publicationId, third]);
      await t.db.query(`UPDATE publication_results SET nodes = nodes || '{"A0": {"value": 0.5, "points": 1}}' WHERE publication_id = $1 AND unit_code = $2`, [publicationId, fourth]);
      const stored: typeof rows = await t.db.query(
        'SELECT unit_code, nodes FROM publication_results WHERE publication_id = $1 ORDER BY rank ASC NULLS LAST, index_rounded DESC NULLS LAST, unit_code',
        [publicationId],
      );
      const read = await withSnapshot(t.db, async (runner) => {
        const data = await loadRankingWorkbookData(runner, publicationId);
        const out: RankingDetailRow[] = [];
        for await (const batch of data.details!()) out.push(...batch);
        return out;
      });
      expect(read.map((r) => r.code)).toEqual(stored.map((r) => r.unit_code));
      for (const [i, r] of stored.entries()) {
        expect(read[i].values).toEqual(leaves.map((code) => r.nodes[code]?.value ?? null));
        expect(read[i].points).toEqual(leaves.map((code) => r.nodes[code]?.points ?? null));
      }
      expect(read[1].values[1]).toBeNull();
      expect(read[2].values.every((v) => v === null)).toBe(true);
      expect(read[3].values).toEqual(read[3].values.map((_, j) => stored[3].nodes[leaves[j]].value));

      // A node with neither value nor points, its keys the same as the unit before: refused, not read one column off.
      await t.db.query(`UPDATE publication_results SET nodes = jsonb_set(nodes, ARRAY[$3::text], '{}') WHERE publication_id = $1 AND unit_code = $2`, [
        publicationId,
        rows[5].unit_code,
        leaves[0],
      ]);
      const readAll = withSnapshot(t.db, async (runner) => {
        for await (const batch of (await loadRankingWorkbookData(runner, publicationId)).details!()) void batch;
      });
      await expect(readAll).rejects.toThrow(`the stored results of unit ${rows[5].unit_code} lack a value or points for some node`);
    } finally {
      for (const r of [...rows.slice(1, 4), rows[5]]) {
        await t.db.query('UPDATE publication_results SET nodes = $3 WHERE publication_id = $1 AND unit_code = $2', [publicationId, r.unit_code, JSON.stringify(r.nodes)]);
      }
      await t.db.query('ALTER TABLE publication_results ENABLE TRIGGER publication_results_frozen');
    }
  });

  it('picks any number of keys out of a results document (PostgreSQL takes 100 arguments a call)', async () => {
    const doc = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`N${i}`, { value: i / 130, points: i }]));
    for (const keys of [[], ['N7'], Array.from({ length: 120 }, (_, i) => `N${i}`).concat('ABSENT')]) {
      const [{ picked }] = await t.db.query(`SELECT $1::jsonb AS doc, ${pickKeys('$1::jsonb', keys, 2)} AS picked`, [JSON.stringify(doc), ...keys]);
      expect(picked).toEqual(Object.fromEntries(keys.map((k) => [k, doc[k] ?? null])));
    }
  });

  it('refuses bad requests: unknown publication or cycle 404, wrong parameters 400, not ready 409, no token 401', async () => {
    await ask(c.admin.auth, { kind: 'ranking', publicationId: randomUUID() }).expect(404);
    await ask(c.admin.auth, { kind: 'score_card', publicationId: randomUUID(), unitCode: '48' }).expect(404);
    await ask(c.admin.auth, { kind: 'score_card', publicationId, unitCode: 'ZZ' }).expect(404);
    await ask(c.admin.auth, { kind: 'cycle_data', cycleId: randomUUID() }).expect(404);
    const missing = await ask(c.admin.auth, { kind: 'ranking' }).expect(400);
    expect(missing.body.details[0]).toMatchObject({ field: 'publicationId', rule: 'required' });
    const extra = await ask(c.admin.auth, { kind: 'ranking', publicationId, cycleId: c.cycleId }).expect(400);
    expect(extra.body.details[0]).toMatchObject({ field: 'cycleId', rule: 'forbidden' });
    await ask(c.admin.auth, { kind: 'pdf', publicationId }).expect(400);
    await ask(c.admin.auth, { kind: 'ranking', publicationId: 'nope' }).expect(400);
    await t.http.post('/api/v1/exports').send({ kind: 'ranking', publicationId }).expect(401);
    await t.http.get(`/api/v1/exports/${randomUUID()}`).set(c.admin.auth).expect(404);
    await t.http.get('/api/v1/public/rankings/2021/province/workbook').expect(404);

    // Not made yet: 409 on download (the worker is paused so that it stays queued).
    const driver = worker.get<QueueDriver>(QUEUE_DRIVER);
    await driver.pause(QueueName.Exports);
    try {
      const queued = await ask(c.admin.auth, { kind: 'score_card', publicationId, unitCode: '79' }).expect(202);
      expect(queued.body).toMatchObject({ status: 'queued', progress: 0, downloadUrl: null });
      await t.http.get(`/api/v1/exports/${queued.body.id}/download`).set(c.admin.auth).expect(409);
    } finally {
      driver.resume(QueueName.Exports);
    }
    await drainQueues(t);
  }, 60_000);

  it('an export left running with its job gone (its failure never recorded: PostgreSQL was down) is made again when asked for again', async () => {
    const body = { kind: 'score_card', publicationId, unitCode: '48' };
    const first = await ask(c.admin.auth, body).expect(202);
    await drainQueues(t);
    // What a worker leaves when the database is down as the job's last attempt fails: the row still `running`, and
    // the job failed or, once removed, gone from the queue.
    const [{ request_key: key }] = await t.db.query('SELECT request_key FROM export_jobs WHERE id = $1', [first.body.id]);
    await t.app.get<QueuePort>(queuePortToken('exports')).remove(exportQueueJobId(key));
    await t.db.query(`UPDATE export_jobs SET status = 'running', progress = 40, finished_at = NULL WHERE id = $1`, [first.body.id]);

    const again = await ask(c.admin.auth, body).expect(202);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'queued', progress: 0 });
    await drainQueues(t);
    const done = await t.http.get(`/api/v1/exports/${first.body.id}`).set(c.admin.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 100 });
    await fetchFile(done.body.downloadUrl, c.admin.auth).expect(200);
  }, 60_000);
});
