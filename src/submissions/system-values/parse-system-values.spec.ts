import ExcelJS from 'exceljs';
import { detectFormat, parseSystemValues, SystemValuesFileError, type SystemValuesTable } from './parse-system-values';

async function xlsx(rows: ExcelJS.CellValue[][], configure?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Giá trị');
  rows.forEach((r) => sheet.addRow(r));
  configure?.(sheet);
  workbook.addWorksheet('Khác').addRow(['unit', 'indicator', 'value']).commit();
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(file: Buffer, limits?: Parameters<typeof parseSystemValues>[1]): Promise<SystemValuesFileError> {
  const error = await parseSystemValues(file, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SystemValuesFileError);
  return error as SystemValuesFileError;
}

const cellsOf = (table: SystemValuesTable) => table.rows.map((r) => [r.row, r.cells]);

describe('parseSystemValues', () => {
  it('reads CSV with row numbers as in the file (header = 1, empty rows skipped but counted), names lower-cased, a BOM and Vietnamese text', async () => {
    const csv = '\uFEFFUnit,Indicator,Value,Note\n48,NT.01,85.5,Cổng DVC quốc gia\n\n01,NT.07,"12",\n"79","NT.02","x\ny",\n';
    const table = await parseSystemValues(Buffer.from(csv));
    expect(table.format).toBe('csv');
    expect(table.dialect).toEqual({ separator: ',', decimalComma: false, bom: true });
    expect(table.columns).toEqual(['unit', 'indicator', 'value', 'note']);
    expect(cellsOf(table)).toEqual([
      [2, { unit: '48', indicator: 'NT.01', value: '85.5', note: 'Cổng DVC quốc gia' }],
      [4, { unit: '01', indicator: 'NT.07', value: '12', note: '' }],
      [5, { unit: '79', indicator: 'NT.02', value: 'x\ny', note: '' }],
    ]);
  });

  it('reads a semicolon CSV (Excel in a Vietnamese locale) when the header says so, and keeps cells past the header as #n', async () => {
    const table = await parseSystemValues(Buffer.from('unit;indicator;value\n48;NT.01;85,5;extra\n'));
    expect(cellsOf(table)).toEqual([[2, { unit: '48', indicator: 'NT.01', value: '85,5', '#4': 'extra' }]]);
    // The decimal comma is read by the import, which knows the indicator is a number; the parser says it may be one.
    expect(table.dialect).toEqual({ separator: ';', decimalComma: true, bom: false });
    // A ';' header with a comma in a quoted name is still ';'-separated; a tab-separated export is read too.
    const quoted = await parseSystemValues(Buffer.from('"Unit, mã";unit;indicator;value\nx;48;NT.01;1\n'));
    expect([quoted.columns, quoted.dialect?.separator]).toEqual([['unit, mã', 'unit', 'indicator', 'value'], ';']);
    const tab = await parseSystemValues(Buffer.from('unit\tindicator\tvalue\n48\tNT.01\t85.5\n'));
    expect(cellsOf(tab)).toEqual([[2, { unit: '48', indicator: 'NT.01', value: '85.5' }]]);
  });

  it('refuses a CSV whose header has none of unit, indicator, value, showing the header as read and how to save the file', async () => {
    const error = await refusal(Buffer.from('unit|indicator|value\n48|NT.01|85.5\n'));
    expect([error.rule, error.where, error.message]).toEqual([
      'unknown-header',
      { row: 1 },
      `the header has none of the columns unit, indicator, value: row 1 was read as 1 column(s) separated by ',': "unit|indicator|value"; in Excel save the file as "CSV UTF-8 (Comma delimited)" (or with ';' as the separator), or as .xlsx`,
    ]);
  });

  it('keeps a row that lacks a column without that key, so that the import names the missing column', async () => {
    const table = await parseSystemValues(Buffer.from('unit,indicator,value\n48,NT.01\n'));
    expect(table.rows).toEqual([{ row: 2, cells: { unit: '48', indicator: 'NT.01' } }]);
  });

  it('reads the first worksheet of an XLSX with its row numbers and typed cells; a percentage-formatted number is a cell problem', async () => {
    const file = await xlsx(
      [
        ['unit', 'indicator', 'value', 'numerator', 'denominator'],
        ['48', 'NT.01', 85.5],
        [],
        [1, 'NT.04', null, 45, 60],
        ['79', 'NT.07', 0.85],
        ['01', 'NT.10', { formula: '1/0', result: { error: '#DIV/0!' } }],
      ],
      (sheet) => {
        sheet.getCell('C5').numFmt = '0%';
      },
    );
    const table = await parseSystemValues(file);
    expect(table.format).toBe('xlsx');
    expect(table.columns).toEqual(['unit', 'indicator', 'value', 'numerator', 'denominator']);
    expect(table.rows.map((r) => r.row)).toEqual([2, 4, 5, 6]);
    expect(table.rows[0].cells).toEqual({ unit: '48', indicator: 'NT.01', value: 85.5 });
    expect(table.rows[1].cells).toEqual({ unit: 1, indicator: 'NT.04', value: null, numerator: 45, denominator: 60 });
    expect(table.rows[2].cells.value).toEqual({ problem: expect.stringContaining('formatted as a percentage (it holds 0.85 and shows 85%)') });
    expect(table.rows[3].cells.value).toEqual({ problem: expect.stringContaining('error') });
  });

  it('reads JSON as an array or { values }, row = position from 1, keys lower-cased, objects kept as values', async () => {
    const values = [
      { unit: '48', indicator: 'NT.01', value: 85.5, note: 'Cổng DVC' },
      { Unit: '48', Indicator: 'NT.04', value: { numerator: 45, denominator: 60 } },
    ];
    for (const doc of [values, { values }]) {
      const table = await parseSystemValues(Buffer.from(`  \n${JSON.stringify(doc)}`));
      expect(table.format).toBe('json');
      expect(table.columns).toEqual(['unit', 'indicator', 'value', 'note']);
      expect(cellsOf(table)).toEqual([
        [1, { unit: '48', indicator: 'NT.01', value: 85.5, note: 'Cổng DVC' }],
        [2, { unit: '48', indicator: 'NT.04', value: { numerator: 45, denominator: 60 } }],
      ]);
    }
  });

  it('keeps a JSON entry that is not an object, or that gives a key twice, as a row with its problem', async () => {
    const table = await parseSystemValues(Buffer.from('[{"unit":"48","indicator":"NT.01","value":1}, 7, null, {"unit":"48","UNIT":"01"}]'));
    expect(table.rows.map((r) => [r.row, r.problem?.rule, r.problem?.column])).toEqual([
      [1, undefined, undefined],
      [2, 'json-shape', undefined],
      [3, 'json-shape', undefined],
      [4, 'duplicate-column', 'unit'],
    ]);
  });

  it('decides the format by content, not by name', () => {
    expect(detectFormat(Buffer.from('[]'))).toBe('json');
    expect(detectFormat(Buffer.from('\uFEFF { "values": [] }'))).toBe('json');
    expect(detectFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(detectFormat(Buffer.from('unit,indicator,value\n'))).toBe('csv');
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.4\n%%EOF\n'), 'not-a-data-file'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'not-a-data-file'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'not-a-data-file'],
    ['Windows-1258 text', Buffer.from([0x75, 0x6e, 0x69, 0x74, 0x0a, 0xd0, 0xe0, 0x20, 0x4e, 0xb5, 0x6e, 0x67]), 'not-utf8'],
    ['text with NUL bytes', Buffer.from('unit,indicator,value\n48\u0000,NT.01,1\n'), 'not-a-data-file'],
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['a zip that is no workbook', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'), 'not-xlsx'],
    ['broken JSON', Buffer.from('[{"unit": "48",'), 'not-json'],
    ['JSON of another shape', Buffer.from('{"rows": []}'), 'json-shape'],
    ['a CSV with an empty header', Buffer.from('\n48,NT.01,1\n'), 'no-header'],
    ['a CSV naming a column twice', Buffer.from('unit,value,Value\n48,1,2\n'), 'duplicate-column'],
    ['a CSV with a broken quote', Buffer.from('unit,indicator,value\n"48,NT.01,1\n'), 'not-csv'],
  ])('refuses %s as a whole', async (_what, file, rule) => {
    expect((await refusal(file)).rule).toBe(rule);
  });

  it('enforces the size, row and column limits in every format', async () => {
    const limits = { bytes: 2_000, rows: 3, columns: 4 };
    expect((await refusal(Buffer.alloc(2_001, 0x61), limits)).rule).toBe('too-large');
    const csvRows = (n: number) => 'unit,indicator,value\n' + Array.from({ length: n }, (_, i) => `${i},NT.01,1\n`).join('');
    expect((await parseSystemValues(Buffer.from(csvRows(3)), limits)).rows).toHaveLength(3);
    expect((await refusal(Buffer.from(csvRows(4)), limits)).rule).toBe('too-many-rows');
    // Empty lines are not values: they do not count.
    expect((await parseSystemValues(Buffer.from(csvRows(3) + '\n\n\n\n'), limits)).rows).toHaveLength(3);
    expect((await refusal(Buffer.from('a,b,c,d,e\n'), limits)).rule).toBe('too-many-columns');
    const json = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ unit: '48', indicator: 'NT.01', value: 1 })));
    expect((await refusal(Buffer.from(json(4)), limits)).rule).toBe('too-many-rows');
    const xlsxRows = await xlsx([['unit', 'indicator', 'value'], ...Array.from({ length: 4 }, (_, i) => [String(i), 'NT.01', 1])]);
    expect((await refusal(xlsxRows, { ...limits, bytes: 1_000_000 })).rule).toBe('too-many-rows');
  });

  it('takes 100,000 CSV rows and refuses 100,001 by default', async () => {
    const body = (n: number) => 'unit,indicator,value\n' + '48,NT.01,1\n'.repeat(n);
    expect((await parseSystemValues(Buffer.from(body(100_000)))).rows).toHaveLength(100_000);
    expect((await refusal(Buffer.from(body(100_001)))).rule).toBe('too-many-rows');
  });
});
