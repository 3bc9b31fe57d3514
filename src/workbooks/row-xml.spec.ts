import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTitleAndHeader, columnDefinitions, columnStyles, fillRow, worksheetOptions } from './sheet-parts';
import { cell, type RowCells, type SheetSpec } from './sheet-spec';
import { StreamWorkbook } from './stream-workbook';
import { BANNER_HEADER } from './workbook-styles';
import { inspectZipFile } from './zip-inspect';

/**
 * RowXmlWriter (the streamed sheets' rows written as XML) against exceljs writing the same rows through its Row and
 * Cell objects: the sheet's XML and the styles must be the same bytes.
 */

const GREY = { font: { italic: true, color: { argb: 'FF595959' } } };
const columns: SheetSpec['columns'] = [
  { header: 'Hạng', width: 7 },
  { header: 'Mã', width: 8, kind: 'text' },
  { header: 'Đơn vị', width: 26, kind: 'text' },
  { header: 'Giá trị', width: 12, numFmt: '0.0000' },
  { header: 'Điểm', width: 9, numFmt: '0.00' },
  { header: 'Số', width: 9, kind: 'number' },
  { header: 'Ghi chú', width: 20 },
];
const rows: RowCells[] = [
  [1, '00001', 'Xã A', 0.5, 10, 3, 'x'],
  [2, 12, 'Tên có & < > " \' và \u0001 ký tự', -0.25, null, -0, ''],
  [null, null, null, null, null, null, null],
  [3, '00003', 'Xã C', 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY],
  [4, '00004', '=SUM(A1)', cell('không tính điểm', GREY), cell(0.1 + 0.2, { numFmt: '0.0' }), 7],
  [5, '00005', 'Xã E', 0.75, 7.5, 1, 'x', 'beyond the columns', 42],
  [6, '00006', 'Xã F', new Date(Date.UTC(2024, 0, 31)), 2, 3, 'a date: through exceljs'],
  [7, '00007', 'Xã G'],
];

const spec = (): SheetSpec => ({ name: 'Dữ liệu', title: ['Tiêu đề'], columns, header: BANNER_HEADER, frozen: { columns: 3 }, rows });

async function entries(file: string): Promise<Map<string, string>> {
  const out = new Map<string, Buffer[]>();
  await inspectZipFile(file, { maxEntries: 100, maxDecompressedBytes: 1e8, maxCompressionRatio: 1e6, ratioGraceBytes: 1e8 }, (name) => {
    const chunks: Buffer[] = [];
    out.set(name, chunks);
    return (chunk) => chunks.push(chunk);
  });
  return new Map([...out].map(([name, chunks]) => [name, Buffer.concat(chunks).toString('utf8')]));
}

describe('RowXmlWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dti-rowxml-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the rows exceljs writes, byte for byte (numbers, text, empty and styled cells; a date row through exceljs)', async () => {
    const ours = join(dir, 'ours.xlsx');
    const book = new StreamWorkbook(ours);
    await book.writeSheet(spec());
    await book.commit();

    const theirs = join(dir, 'theirs.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: theirs, useStyles: true, useSharedStrings: false });
    writer.creator = 'DTI platform';
    const ws = writer.addWorksheet('Dữ liệu', worksheetOptions(spec()));
    ws.columns = columnDefinitions(columns);
    addTitleAndHeader(ws, spec(), true);
    const styles = columnStyles(columns);
    for (const cells of rows) {
      const row = ws.addRow([]);
      fillRow(row, cells, columns, styles);
      row.commit();
    }
    ws.commit();
    await writer.commit();

    const [a, b] = [await entries(ours), await entries(theirs)];
    const sheet = 'xl/worksheets/sheet1.xml';
    expect(a.get(sheet)).toContain('<c r="C4" t="str"><v>Tên có &amp; &lt; &gt; &quot; &apos; và  ký tự</v></c>');
    expect(a.get(sheet)).toBe(b.get(sheet));
    expect(a.get('xl/styles.xml')).toBe(b.get('xl/styles.xml'));
  });
});
