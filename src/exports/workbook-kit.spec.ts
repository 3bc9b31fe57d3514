import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportWorkbook, waitForZip, zipBacklog } from './workbook-kit';

/**
 * A sheet of 4,000 rows × 100 numbers (about 10 MB of XML), the largest backlog seen after each batch of 100 rows
 * from row 1,000 on (before, the zip is still taking the files ahead of the sheet: a few ticks, a fixed amount).
 */
async function writeLargeSheet(file: string, pause: (ws: ExcelJS.Worksheet, row: number) => Promise<void>): Promise<number> {
  const book = new ExportWorkbook(file);
  const sheet = book.sheet({ name: 'Dữ liệu', columns: Array.from({ length: 100 }, (_, i) => ({ header: `C${i + 1}`, width: 8, numFmt: '0.0000' })) });
  let most = 0;
  for (let row = 1; row <= 4000; row++) {
    sheet.add(Array.from({ length: 100 }, (_, i) => ((row * 7919 + i * 104729) % 10007) / 10007));
    if (row % 100 === 0) {
      await pause(sheet.ws, row);
      if (row >= 1000) most = Math.max(most, zipBacklog(sheet.ws) ?? Infinity);
    }
  }
  await sheet.done();
  await book.commit();
  return most;
}

describe('waitForZip', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dti-kit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the zip backlog where exceljs keeps it (an upgrade that moves it fails here, not silently)', async () => {
    const book = new ExportWorkbook(join(dir, 'probe.xlsx'));
    const sheet = book.sheet({ name: 'A', columns: [{ header: 'x', width: 5 }] });
    sheet.add([1]);
    expect(zipBacklog(sheet.ws)).toEqual(expect.any(Number));
    await sheet.done();
    await book.commit();
  });

  it('keeps what waits for the zip under the limit, where a bare yield lets the whole sheet pile up', async () => {
    const limit = 512 * 1024;
    const bounded = await writeLargeSheet(join(dir, 'bounded.xlsx'), (ws) => waitForZip(ws, limit));
    // One batch of 100 rows (about 250 KB of XML) may be written on top of the limit before the next wait.
    expect(bounded).toBeLessThan(limit + 512 * 1024);
    const piled = await writeLargeSheet(join(dir, 'piled.xlsx'), (_ws, row) =>
      row % 500 === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve(),
    );
    expect(piled).toBeGreaterThan(4 * limit);
  });

  it('writes every row: the file reads back whole', async () => {
    const file = join(dir, 'whole.xlsx');
    await writeLargeSheet(file, (ws) => waitForZip(ws, 256 * 1024));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet('Dữ liệu')!;
    expect(ws.rowCount).toBe(4001);
    expect(ws.getRow(4001).getCell(100).value).toBeCloseTo(((4000 * 7919 + 99 * 104729) % 10007) / 10007, 12);
  });
});
