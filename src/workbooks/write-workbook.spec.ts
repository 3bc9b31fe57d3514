import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ChoiceLists } from './choice-lists';
import { choiceListSheet, metaSheet } from './hidden-sheets';
import { readMetaSheet } from './meta-sheet';
import { cell, type SheetSpec } from './sheet-spec';
import { StreamWorkbook } from './stream-workbook';
import { BANNER_HEADER, FILL_IN_PROTECTION, INPUT_FILL, TEXT_FORMAT } from './workbook-styles';
import { workbookBuffer } from './write-workbook';

const read = async (content: Buffer): Promise<ExcelJS.Workbook> => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(content as unknown as ExcelJS.Buffer);
  return book;
};

interface Person {
  code: string;
  name: string;
  score: number;
}

const people: Person[] = [
  { code: '01', name: '=HYPERLINK("http://x")', score: 1.5 },
  { code: '02', name: 'Hà Nội', score: Number.NaN },
  { code: 'skip', name: '', score: 0 },
];

const spec = (rows: Iterable<Person> | AsyncIterable<Person>): SheetSpec<Person> => ({
  name: 'Người',
  title: ['Tiêu đề'],
  header: BANNER_HEADER,
  frozen: { columns: 1 },
  autoFilter: true,
  columns: [
    { header: 'Mã', width: 8, kind: 'text' },
    { header: 'Tên', width: 30, kind: 'text', input: true },
    { header: 'Điểm', width: 10, kind: 'number', numFmt: '0.00' },
    { header: 'Ẩn', width: 5, hidden: true },
  ],
  rows,
  row: (p) => (p.code === 'skip' ? null : [p.code, p.name, p.score, cell('x', { input: true, numFmt: TEXT_FORMAT })]),
});

describe('sheet specs', () => {
  it('in memory: title, banner header, frozen panes, widths, kinds (text never a formula), inputs, hidden columns', async () => {
    const book = await read(await workbookBuffer({ sheets: [{ ...spec(people), protect: FILL_IN_PROTECTION }] }));
    const ws = book.getWorksheet('Người')!;
    expect(ws.getCell('A1').value).toBe('Tiêu đề');
    expect(ws.getRow(2).values).toEqual([undefined, 'Mã', 'Tên', 'Điểm', 'Ẩn']);
    expect(ws.getCell('B2').fill).toEqual(BANNER_HEADER.fill);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect([1, 2, 3, 4].map((c) => ws.getColumn(c).width)).toEqual([8, 30, 10, 5]);
    expect(ws.getColumn(4).hidden).toBe(true);
    expect(ws.rowCount).toBe(4);
    expect(ws.getCell('B3').value).toBe('=HYPERLINK("http://x")');
    expect(ws.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B3').protection).toMatchObject({ locked: false });
    expect(ws.getCell('B3').fill).toEqual(INPUT_FILL);
    expect(ws.getCell('A3').protection?.locked).not.toBe(false);
    expect(ws.getCell('C3').numFmt).toBe('0.00');
    expect(ws.getCell('C4').value).toBeNull();
    expect(ws.getCell('D3').numFmt).toBe(TEXT_FORMAT);
    expect(ws.getCell('D3').protection).toMatchObject({ locked: false });
    expect(ws.autoFilter).toBeTruthy();
  });

  it('streamed: the same cells from rows that come in batches', async () => {
    async function* batches(): AsyncIterable<Person> {
      yield* people;
    }
    const out = new PassThrough();
    const bytes = buffer(out);
    const book = new StreamWorkbook(out);
    const seen: number[] = [];
    const sheet = await book.writeSheet(spec(batches()), (n) => void seen.push(n));
    await book.keyValueSheet({ name: 'Thông tin', title: 'Tệp', entries: [['Số dòng', sheet.rowCount]], widths: [20, 40], styled: true });
    await book.commit();
    const read_ = await read(await bytes);
    const ws = read_.getWorksheet('Người')!;
    expect(seen).toEqual([1, 2]);
    expect(ws.getCell('B3').value).toBe('=HYPERLINK("http://x")');
    expect(ws.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C4').value).toBeNull();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(read_.getWorksheet('Thông tin')!.getCell('B2').value).toBe(2);
  });

  it('writes the choice lists and _meta very hidden, the lists where their ranges point, _meta as the parser reads it', async () => {
    const lists = new ChoiceLists();
    const yesNo = lists.rangeOf(['Có', 'Không']);
    const choices = lists.rangeOf(['a', 'b', 'c']);
    expect(lists.rangeOf(['Có', 'Không'])).toBe(yesNo);
    const book = await read(
      await workbookBuffer({
        sheets: [choiceListSheet(lists), metaSheet([['format', 'x/1'], ['year', 2022]], [20, 40])],
      }),
    );
    const listSheet = book.getWorksheet(lists.sheetName)!;
    expect(listSheet.state).toBe('veryHidden');
    expect(choices).toBe(`'${lists.sheetName}'!$B$1:$B$3`);
    expect([1, 2, 3].map((r) => listSheet.getCell(r, 2).value)).toEqual(['a', 'b', 'c']);
    expect([listSheet.getCell('A1').value, listSheet.getCell('A2').value, listSheet.getCell('A3').value]).toEqual(['Có', 'Không', null]);
    const meta = readMetaSheet(book, 100)!;
    expect(meta.get('format')).toBe('x/1');
    expect(meta.get('year')).toBe('2022');
  });
});
