import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamWorkbook } from './stream-workbook';
import { sheetStream, waitForZip, ZIP_CHUNK_BYTES, zipBacklog } from './zip-backpressure';

/**
 * A sheet of 4,000 rows × 100 numbers (about 10 MB of XML), the largest backlog seen after each batch of 100 rows
 * from row 1,000 on (before, the zip is still taking the files ahead of the sheet: a few ticks, a fixed amount).
 */
async function writeLargeSheet(file: string, pause: (ws: ExcelJS.Worksheet, row: number) => Promise<void>): Promise<number> {
  const book = new StreamWorkbook(file);
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
    const book = new StreamWorkbook(join(dir, 'probe.xlsx'));
    const sheet = book.sheet({ name: 'A', columns: [{ header: 'x', width: 5 }] });
    sheet.add([1]);
    expect(zipBacklog(sheet.ws)).toEqual(expect.any(Number));
    await sheet.done();
    await book.commit();
  });

  it('keeps what waits for the zip under the limit, where a bare yield lets the whole sheet pile up', async () => {
    const limit = 512 * 1024;
    const bounded = await writeLargeSheet(join(dir, 'bounded.xlsx'), (ws) => waitForZip(ws, limit));
    // The sheet hands its XML on in pieces of ZIP_CHUNK_BYTES: one may arrive on top of the limit before the next wait.
    expect(bounded).toBeLessThanOrEqual(limit + ZIP_CHUNK_BYTES);
    const piled = await writeLargeSheet(join(dir, 'piled.xlsx'), (_ws, row) =>
      row % 500 === 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve(),
    );
    expect(piled).toBeGreaterThan(2 * (limit + ZIP_CHUNK_BYTES));
  });

  it('hands a sheet to the zip in pieces of ZIP_CHUNK_BYTES (an upgrade that ignores the size fails here)', async () => {
    const book = new StreamWorkbook(join(dir, 'chunks.xlsx'));
    const sheet = book.sheet({ name: 'A', columns: Array.from({ length: 100 }, (_, i) => ({ header: `C${i + 1}`, width: 8 })) });
    const sizes: number[] = [];
    let hooked = false;
    for (let row = 1; row <= 2000; row++) {
      sheet.add(Array.from({ length: 100 }, (_, i) => row + i / 1000));
      const entry = sheetStream(sheet.ws).pipes?.[0] as unknown as { write: (chunk: Buffer, ...rest: unknown[]) => boolean } | undefined;
      if (entry && !hooked) {
        const write = entry.write.bind(entry);
        entry.write = (chunk, ...rest) => (sizes.push(chunk.length), write(chunk, ...rest));
        hooked = true;
      }
      if (row % 100 === 0) await waitForZip(sheet.ws);
    }
    await sheet.done();
    await book.commit();
    // About 6 MB of XML: whole pieces, but for the first (exceljs begins it at 64 KB when the sheet is added) and the last.
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.slice(1, -1).every((n) => n === ZIP_CHUNK_BYTES)).toBe(true);
    expect(Math.max(...sizes)).toBe(ZIP_CHUNK_BYTES);
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
