import type { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUE_DRIVER, type QueueDriver } from '../src/queue/queue-driver';
import { QueueName } from '../src/queue/queue-name';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { binaryBody } from './utils/binary-body';
import { fillSubmissions, moveCycle } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The public page's "Tải bảng tính Excel" link gives the file on the first click, right after publishing: the
 * workbook is asked for when the publication is made (by the publishing administrator, on the exports queue), and
 * the link's address waits for it while it is being made instead of answering a status to come back for.
 */
describe('the public ranking workbook, made at publication', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let c: OpenCycle;
  let runId: string;

  /** The workbook link as the public page gives it (its href in the served HTML). */
  const pageLink = async (): Promise<string> => {
    const page = await t.http.get('/rankings/2022/province').expect(200);
    const href = /<a [^>]*href="([^"]+)"[^>]*id="workbook-link"/.exec(page.text)?.[1] ?? /id="workbook-link"[^>]*href="([^"]+)"/.exec(page.text)?.[1];
    expect(href).toBe('/api/v1/public/rankings/2022/province/workbook');
    return href!;
  };
  const download = (href: string) => t.http.get(href).buffer(true).parse(binaryBody);
  const opened = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return wb;
  };
  const exportsOf = (publicationId: string): Promise<{ id: string; status: string; requested_by_id: string | null }[]> =>
    t.db.query(`SELECT id, status, requested_by_id FROM export_jobs WHERE kind = 'ranking' AND params->>'publicationId' = $1`, [publicationId]);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker();
    await resetState(t);
    c = await openProvinceCycle(t);
    await fillSubmissions(t, c.cycleId, c.units, 2022);
    await moveCycle(t, c.admin.auth, c.cycleId, 'review', 'scoring');
    runId = (await t.http.post(`/api/v1/cycles/${c.cycleId}/score-runs`).set(c.admin.auth).expect(202)).body.run.id;
    await drainQueues(t);
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
  }, 60_000);

  it('asks for the workbook as it publishes, and the first GET of the page\'s link right after gives the xlsx, waiting while it is made', async () => {
    // The exports worker held back a moment: the click comes while the workbook is still queued.
    const driver = worker.get<QueueDriver>(QUEUE_DRIVER);
    await driver.pause(QueueName.Exports);
    let resumed = false;
    const resume = () => {
      if (!resumed) driver.resume(QueueName.Exports);
      resumed = true;
    };
    let pub: { body: { id: string } };
    let asked: { id: string; status: string; requested_by_id: string | null }[];
    let res: { status: number; headers: Record<string, string>; body: unknown };
    try {
      pub = await t.http.post(`/api/v1/cycles/${c.cycleId}/publications`).set(c.admin.auth).send({ runId }).expect(201);
      // Asked for by the publishing administrator before the answer came back, audited as theirs.
      asked = await exportsOf(pub.body.id);
      expect(asked).toEqual([expect.objectContaining({ status: 'queued' })]);
      const click = download(await pageLink());
      await sleep(1500);
      resume();
      res = await click;
    } finally {
      resume();
    }
    expect(asked).toHaveLength(1);
    expect(asked[0].requested_by_id).toBe(c.admin.id);
    const audit: { actor_id: string }[] = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'export.request' AND entity_id = $1`, [asked[0].id]);
    expect(audit.map((a) => a.actor_id)).toEqual([c.admin.id]);

    // The first click, as the page links it: the file, once made, not the export's state.
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe('attachment; filename="dti-2022-province-v1.xlsx"');
    const wb = await opened(res.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Xếp hạng', 'Chi tiết chỉ số', 'Phương pháp', 'Thông tin']));
    const ranking = wb.getWorksheet('Xếp hạng')!;
    expect(ranking.getRow(ranking.rowCount).getCell(2).value).toBeTruthy();
    expect(ranking.rowCount).toBe(3 + 63);
    expect(ranking.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    // Made once: the click found the export asked for at publication.
    expect(await exportsOf(pub.body.id)).toEqual([expect.objectContaining({ id: asked[0].id, status: 'succeeded' })]);
  }, 60_000);

  it('gives a correction\'s workbook on the first click after it is published, the earlier version\'s kept', async () => {
    const v2 = await t.http
      .post(`/api/v1/cycles/${c.cycleId}/publications/corrections`)
      .set(c.admin.auth)
      .send({ runId, reason: 'Đính chính: công bố lại sau khi rà soát' })
      .expect(201);
    expect(await exportsOf(v2.body.id)).toHaveLength(1);
    const res = await download(await pageLink());
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="dti-2022-province-v2.xlsx"');
    const info = (await opened(res.body as Buffer)).getWorksheet('Thông tin')!;
    const entries = new Map(info.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect(entries.get('Phiên bản công bố')).toBe(2);
    expect(entries.get('Mã công bố')).toBe(v2.body.id);
  }, 60_000);
});
