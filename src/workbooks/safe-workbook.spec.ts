import ExcelJS from 'exceljs';
import { deflatedZeros, tinyZip, WORKBOOK_SKELETON } from '../../test/fixtures/workbooks/tiny-zip';
import {
  columnLetters,
  columnNumber,
  csvSafeText,
  DEFAULT_WORKBOOK_LIMITS,
  readWorkbookSafely,
  safeText,
  WorkbookRefusedError,
  type WorkbookLimits,
} from './safe-workbook';

async function xlsx(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The refusal a read ends with; fails the test if the read succeeds or throws anything else. */
async function refusal(buffer: Buffer, limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS): Promise<WorkbookRefusedError> {
  try {
    await readWorkbookSafely(buffer, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbookRefusedError);
    return error as WorkbookRefusedError;
  }
  throw new Error('the workbook was accepted');
}

describe('readWorkbookSafely', () => {
  it('reads a plain workbook, hidden sheets and all', async () => {
    const buffer = await xlsx((wb) => {
      wb.addWorksheet('Dữ liệu').addRow(['Mã', 'Giá trị']);
      wb.getWorksheet('Dữ liệu')!.addRow(['NT.01', 42]);
      wb.addWorksheet('_meta', { state: 'veryHidden' }).addRow(['k', 'v']);
    });
    const workbook = await readWorkbookSafely(buffer);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['Dữ liệu', 'visible'],
      ['_meta', 'veryHidden'],
    ]);
    expect(workbook.getWorksheet('Dữ liệu')!.getCell('B2').value).toBe(42);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_WORKBOOK_LIMITS).toEqual({
      maxFileBytes: 10 * 1024 * 1024,
      maxEntries: 200,
      maxDecompressedBytes: 50 * 1024 * 1024,
      maxCompressionRatio: 100,
      ratioGraceBytes: 1024 * 1024,
      maxRows: 5_000,
      maxColumns: 100,
    });
  });

  describe('refuses before exceljs sees the bytes', () => {
    it('a renamed PDF, CSV or text file, an empty file, an empty zip, an old .xls: not-xlsx', async () => {
      const pdf = await refusal(Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n'));
      expect([pdf.rule, pdf.message]).toEqual(['not-xlsx', 'a PDF file, not an .xlsx workbook']);
      expect((await refusal(Buffer.from('Mã chỉ tiêu,Giá trị\nNT.01,42\n'))).rule).toBe('not-xlsx');
      expect((await refusal(Buffer.alloc(0))).rule).toBe('not-xlsx');
      expect((await refusal(tinyZip([]))).rule).toBe('not-xlsx');
      const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
      expect(await refusal(ole)).toMatchObject({ rule: 'not-xlsx', message: expect.stringMatching(/\.xls/) });
    });

    it('a zip that is not a workbook (a .docx, a zip of files): not-xlsx', async () => {
      const docx = tinyZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w:document/>' },
      ]);
      expect(await refusal(docx)).toMatchObject({ rule: 'not-xlsx', details: { entry: 'xl/workbook.xml' } });
      expect((await refusal(tinyZip([{ name: 'readme.txt', data: 'hello' }]))).rule).toBe('not-xlsx');
    });

    it('a workbook encrypted with a password to open (an OLE file holding EncryptionInfo), or an encrypted entry', async () => {
      const ole = Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(100),
        Buffer.from('EncryptionInfo', 'utf16le'),
        Buffer.alloc(100),
      ]);
      expect((await refusal(ole)).rule).toBe('encrypted');
      const zip = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>', encrypted: true }]);
      expect((await refusal(zip)).rule).toBe('encrypted');
    });

    it('macros: a vbaProject.bin or a macro-enabled content type', async () => {
      const vba = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 1) }]);
      expect((await refusal(vba)).rule).toBe('macro');
      const xlsm = tinyZip([
        { name: '[Content_Types].xml', data: '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>' },
        ...WORKBOOK_SKELETON.slice(1),
      ]);
      expect((await refusal(xlsm)).rule).toBe('macro');
    });

    it('a file over the size limit, or with too many entries', async () => {
      const buffer = await xlsx((wb) => wb.addWorksheet('A').addRow([1]));
      expect(await refusal(buffer, { ...DEFAULT_WORKBOOK_LIMITS, maxFileBytes: 1000 })).toMatchObject({ rule: 'too-large', details: { limit: 1000 } });
      const many = tinyZip([...WORKBOOK_SKELETON, ...Array.from({ length: 300 }, (_, i) => ({ name: `xl/media/${i}.txt`, data: 'x' }))]);
      expect((await refusal(many)).rule).toBe('too-many-entries');
    });

    it('a zip with the same entry twice: corrupt', async () => {
      const zip = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/workbook.xml', data: '<workbook/>' }]);
      expect((await refusal(zip)).rule).toBe('corrupt');
    });

    it('garbage after a zip signature, and a workbook exceljs cannot parse: corrupt, never another error', async () => {
      expect((await refusal(Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]))).rule).toBe('corrupt');
      const broken = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: '<worksheet><sheetData><row r="1"><c r="A1"' }]);
      expect((await refusal(broken)).rule).toBe('corrupt');
    });
  });

  describe('zip bombs', () => {
    let zeros: { bytes: Buffer; size: number; crc: number };
    beforeAll(async () => {
      zeros = await deflatedZeros(100);
    });

    it('100 MB of zeros compressed to ~100 KB, declared honestly: refused from the central directory alone', async () => {
      expect(zeros.bytes.length).toBeLessThan(200 * 1024);
      const bomb = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', deflated: zeros }]);
      const before = process.memoryUsage().arrayBuffers;
      const started = Date.now();
      const error = await refusal(bomb);
      expect(error.rule).toBe('decompressed-too-large');
      expect(error.details).toMatchObject({ entry: 'xl/worksheets/sheet1.xml', limit: 50 * 1024 * 1024 });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
    });

    it('the same bomb declaring 1 KB: stopped as soon as it inflates past what it declares', async () => {
      const liar = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', deflated: zeros, declaredSize: 1024 }]);
      const started = Date.now();
      const error = await refusal(liar);
      expect(error.rule).toBe('decompressed-too-large');
      expect(error.message).toMatch(/inflates to more than the 1024 bytes it declares/);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('a bomb under the total but over the ratio: compression-ratio (declared, then counted)', async () => {
      const small = await deflatedZeros(10);
      const honest = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', deflated: small }]);
      expect(await refusal(honest)).toMatchObject({ rule: 'compression-ratio', details: { entry: 'xl/worksheets/sheet1.xml', limit: 100 } });
      // Declaring a plausible 1.5 MB lets the declared ratio pass; the counted bytes then cross it.
      const liar = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', deflated: small, declaredSize: 1.5 * 1024 * 1024 }]);
      const error = await refusal(liar, { ...DEFAULT_WORKBOOK_LIMITS, maxCompressionRatio: 1000 });
      expect(error.rule).toBe('decompressed-too-large');
      expect((await refusal(liar, { ...DEFAULT_WORKBOOK_LIMITS, maxCompressionRatio: 150 })).rule).toBe('compression-ratio');
    });

    it('many entries each under the limit but together over it', async () => {
      const five = await deflatedZeros(5);
      const entries = Array.from({ length: 12 }, (_, i) => ({ name: `xl/media/zero${i}.bin`, deflated: five }));
      const error = await refusal(tinyZip([...WORKBOOK_SKELETON, ...entries]), { ...DEFAULT_WORKBOOK_LIMITS, maxCompressionRatio: 10_000 });
      // 10 × 5 MB plus the skeleton's few bytes: just over 50 MB at the tenth entry.
      expect(error).toMatchObject({ rule: 'decompressed-too-large', details: { entry: 'xl/media/zero9.bin' } });
    });
  });

  describe('rows and columns', () => {
    it('100,000 rows: too-many-rows, from the XML scan, before exceljs builds the sheet', async () => {
      const rows: string[] = [];
      for (let r = 1; r <= 100_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>x${r % 97}</t></is></c></row>`);
      const sheet = `<?xml version="1.0"?><worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`;
      const zip = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: sheet }]);
      const started = Date.now();
      const error = await refusal(zip);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.rule).toBe('too-many-rows');
      expect(error.message).toBe('the worksheet "Data" has more than 5000 rows (the limit)');
      expect(error.details).toMatchObject({ sheet: 'Data', sheetIndex: 0, row: 100_000, limit: 5000 });
    });

    it('an exceljs workbook with 100,000 rows on a second tab', async () => {
      const buffer = await xlsx((wb) => {
        wb.addWorksheet('Đầu').addRow(['ok']);
        const big = wb.addWorksheet('Lớn');
        for (let r = 1; r <= 100_000; r++) big.getCell(r, 1).value = r;
      });
      expect((await refusal(buffer)).details).toMatchObject({ sheet: 'Lớn', sheetIndex: 1, row: 100_000 });
    }, 20_000);

    it('one cell far down or far right is enough', async () => {
      const far = await xlsx((wb) => {
        const sheet = wb.addWorksheet('S');
        sheet.getCell('A1').value = 1;
        sheet.getCell(6000, 1).value = 2;
      });
      expect((await refusal(far)).rule).toBe('too-many-rows');
      const wide = await xlsx((wb) => {
        const sheet = wb.addWorksheet('S');
        sheet.getCell('A1').value = 1;
        sheet.getCell(3, 150).value = 2;
      });
      const error = await refusal(wide);
      expect(error.rule).toBe('too-many-columns');
      expect(error.message).toBe('the worksheet "S": row 3 reaches column 150, more than the limit of 100');
    });

    it('rows and cells without r attributes are counted in order; tags split across chunks are not missed', async () => {
      const row = '<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>';
      const sheet = `<worksheet><sheetData>${row.repeat(20_000)}</sheetData></worksheet>`;
      const zip = tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: sheet }]);
      // So repetitive a sheet compresses beyond the ratio: that limit is lifted here.
      const lax = { ...DEFAULT_WORKBOOK_LIMITS, maxCompressionRatio: 10_000 };
      expect(await refusal(zip, { ...lax, maxRows: 19_999 })).toMatchObject({ rule: 'too-many-rows', details: { row: 20_000 } });
      expect(await refusal(zip, { ...lax, maxRows: 20_000, maxColumns: 2 })).toMatchObject({
        rule: 'too-many-columns',
        details: { row: 1, column: 3 },
      });
    });
  });

  it('the limits are overridable upward', async () => {
    const buffer = await xlsx((wb) => {
      const sheet = wb.addWorksheet('S');
      for (let r = 1; r <= 6000; r++) sheet.getCell(r, 1).value = r;
    });
    expect((await refusal(buffer)).rule).toBe('too-many-rows');
    const workbook = await readWorkbookSafely(buffer, { ...DEFAULT_WORKBOOK_LIMITS, maxRows: 10_000 });
    expect(workbook.getWorksheet('S')!.rowCount).toBe(6000);
  });
});

describe('safeText', () => {
  const dangerous = ['=1+1', '=HYPERLINK("http://evil.example","bấm vào đây")', '+84 912 345 678', '-5', '@SUM(A1:A2)', '\t=1', '\r=1'];

  it('leaves formula-looking text as it is (no apostrophe), cleans what XML cannot carry, cuts at 32,767', () => {
    for (const s of dangerous.filter((d) => !d.includes('\r'))) expect(safeText(s)).toBe(s);
    // XML turns a raw CR into LF on reading, and Excel breaks lines on LF: line ends are written as LF.
    expect(safeText('\r=1')).toBe('\n=1');
    expect(safeText('dòng 1\r\ndòng 2')).toBe('dòng 1\ndòng 2');
    expect(safeText('a\u0000b\u0007c\u001Fd\ttab\nline')).toBe('abcd\ttab\nline');
    expect(safeText('lone \uD83D surrogate')).toBe('lone  surrogate');
    expect(safeText('emoji 🇻🇳 ok')).toBe('emoji 🇻🇳 ok');
    expect(safeText('x'.repeat(40_000))).toHaveLength(32_767);
    expect(safeText('x'.repeat(32_766) + '😀')).toHaveLength(32_766);
    expect(safeText(null)).toBe('');
    expect(safeText(12)).toBe('12');
  });

  it('written with exceljs and read back, formula-looking text is a string cell, not a formula', async () => {
    const buffer = await xlsx((wb) => {
      const sheet = wb.addWorksheet('S');
      dangerous.forEach((s, i) => (sheet.getCell(i + 1, 1).value = safeText(s)));
    });
    const sheet = (await readWorkbookSafely(buffer)).getWorksheet('S')!;
    dangerous.forEach((s, i) => {
      const cell = sheet.getCell(i + 1, 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(safeText(s));
      expect(cell.formula).toBeUndefined();
    });
  });

  it('csvSafeText prefixes an apostrophe only where CSV readers would compute', () => {
    expect(dangerous.map(csvSafeText)).toEqual(dangerous.map((s) => `'${s}`));
    expect(csvSafeText('Hà Nội')).toBe('Hà Nội');
  });
});

describe('column letters', () => {
  it('round-trips', () => {
    for (const [n, s] of [
      [1, 'A'],
      [26, 'Z'],
      [27, 'AA'],
      [702, 'ZZ'],
      [703, 'AAA'],
      [16384, 'XFD'],
    ] as const) {
      expect(columnLetters(n)).toBe(s);
      expect(columnNumber(s)).toBe(n);
    }
  });
});
