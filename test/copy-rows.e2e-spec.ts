import { copyCell, copyRows } from '../src/database/copy-rows';
import { startTestApp, type TestApp } from './utils/test-app';

describe('copyRows: COPY FROM STDIN in the text format', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.db.query('CREATE TABLE IF NOT EXISTS copy_rows_probe (n int, label text, flag boolean, x double precision, doc jsonb)');
  });

  afterAll(async () => {
    await t?.db.query('DROP TABLE IF EXISTS copy_rows_probe');
    await t?.close();
  });

  it('escapes what the text format reads as special, and writes NULL for null', () => {
    expect(copyCell(null)).toBe('\\N');
    expect(copyCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyCell('\\N')).toBe('\\\\N');
    expect(copyCell(-0.1)).toBe('-0.1');
    expect(copyCell(true)).toBe('true');
  });

  it('writes every row as given, in the transaction of the manager, across chunks, reporting rows sent', async () => {
    const tricky = ['Đà Nẵng', 'tab\there', 'line\nbreak', 'back\\slash', '\\N', '=SUM(A1)', '', 'crlf\r\n'];
    const doc = { note: 'dòng 1\ndòng 2\t"trích"\\', n: [1.5, null] };
    const rows = Array.from({ length: 30_000 }, (_, i) => [i, tricky[i % tricky.length], i % 2 === 0, i / 7, JSON.stringify({ ...doc, i })] as const);
    const sent: number[] = [];
    await t.db.transaction(async (manager) => {
      await manager.query('DELETE FROM copy_rows_probe');
      await copyRows(manager, 'copy_rows_probe', ['n', 'label', 'flag', 'x', 'doc'], rows, (n) => {
        sent.push(n);
      });
      await manager.query('INSERT INTO copy_rows_probe (n, label) VALUES (-1, NULL)');
    });
    expect(sent.length).toBeGreaterThan(1);
    expect(sent[sent.length - 1]).toBe(30_000);
    const back: { n: number; label: string | null; flag: boolean | null; x: number | null; doc: unknown }[] = await t.db.query('SELECT n, label, flag, x, doc FROM copy_rows_probe ORDER BY n');
    expect(back).toHaveLength(30_001);
    expect(back[0]).toEqual({ n: -1, label: null, flag: null, x: null, doc: null });
    expect(back.slice(1)).toEqual(rows.map(([n, label, flag, x]) => ({ n, label, flag, x, doc: { ...doc, i: n } })));
  });

  it('leaves nothing when the transaction fails after the COPY', async () => {
    await t.db.query('DELETE FROM copy_rows_probe');
    await expect(
      t.db.transaction(async (manager) => {
        await copyRows(manager, 'copy_rows_probe', ['n', 'label'], [[1, 'a'], [2, 'b']]);
        throw new Error('after the copy');
      }),
    ).rejects.toThrow('after the copy');
    expect(await t.db.query('SELECT count(*)::int AS n FROM copy_rows_probe')).toEqual([{ n: 0 }]);
  });
});
