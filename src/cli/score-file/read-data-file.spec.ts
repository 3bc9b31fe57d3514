import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DATA_FILE_LIMITS, DataFileError, readDataFile } from './read-data-file';

describe('readDataFile', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'read-data-file-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const csv = (name: string, text: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a CSV with a BOM, numbering rows as a spreadsheet shows them (header = 1, blank rows counted)', async () => {
    const path = csv('bom.csv', '\uFEFFcode,name,A.1\r\n79,"Thành phố\nHồ Chí Minh",true\r\n\r\n01,Hà Nội,0\r\n');
    const table = await readDataFile(path);
    expect(table.columns).toEqual(['code', 'name', 'A.1']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['79', 'Thành phố\nHồ Chí Minh', 'true'] },
      { row: 4, cells: ['01', 'Hà Nội', '0'] },
    ]);
  });

  it("detects a ';'-separated CSV with a BOM (Excel in a Vietnamese locale) or a tab-separated one, and keeps what it detected", async () => {
    const semicolon = await readDataFile(csv('semicolon.csv', '\uFEFFcode;name;A.2\r\n79;Hà Nội, Việt Nam;0,75\r\n'));
    expect(semicolon).toEqual({
      fileName: 'semicolon.csv',
      columns: ['code', 'name', 'A.2'],
      rows: [{ row: 2, cells: ['79', 'Hà Nội, Việt Nam', '0,75'] }],
      dialect: { separator: ';', decimalComma: true, bom: true },
    });
    const tab = await readDataFile(csv('tab.csv', 'code\tA.2\n79\t1.5\n'));
    expect([tab.columns, tab.rows[0].cells, tab.dialect]).toEqual([['code', 'A.2'], ['79', '1.5'], { separator: '\t', decimalComma: false, bom: false }]);
  });

  it('reads a CSV without a BOM and normalises Vietnamese text to NFC', async () => {
    const decomposed = 'Ha\u0300 No\u0302\u0323i'; // "Hà Nội" with combining marks, as some Mac tools write it
    const table = await readDataFile(csv('nfc.csv', `code,name\n01,${decomposed}\n`));
    expect(table.rows[0].cells[1]).toBe('Hà Nội');
  });

  it('gives a column to values beyond the header, so that they are reported rather than dropped', async () => {
    const table = await readDataFile(csv('wide.csv', 'code,A.1\n79,1,extra\n'));
    expect(table.columns).toEqual(['code', 'A.1', '']);
    expect(table.rows[0].cells).toEqual(['79', '1', 'extra']);
  });

  it('refuses text that is not UTF-8, a broken CSV, an empty header and other extensions', async () => {
    const latin1 = Buffer.from('code,name\n01,H\xe0 N\xf4i\n', 'latin1');
    await expect(readDataFile(csv('latin1.csv', latin1))).rejects.toThrow(/not UTF-8 text; save it as "CSV UTF-8"/);
    await expect(readDataFile(csv('quote.csv', 'code,name\n01,"open\n'))).rejects.toThrow(/quote.csv: not a valid CSV file/);
    await expect(readDataFile(csv('empty.csv', '\n79,1\n'))).rejects.toThrow(/row 1 must be the header/);
    await expect(readDataFile(csv('data.xls', 'x'))).rejects.toThrow(/must be \.csv \(UTF-8\) or \.xlsx/);
    await expect(readDataFile(join(dir, 'absent.csv'))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });

  it('refuses a file over the size, row or column limit with a clear message', async () => {
    const path = csv('limits.csv', 'code,A.1,A.2\n1,1,1\n2,1,1\n3,1,1\n');
    await expect(readDataFile(path, { ...DATA_FILE_LIMITS, bytes: 10 })).rejects.toThrow(/more than the limit of 10/);
    await expect(readDataFile(path, { ...DATA_FILE_LIMITS, rows: 3 })).rejects.toThrow('limits.csv: 4 rows, more than the limit of 3');
    await expect(readDataFile(path, { ...DATA_FILE_LIMITS, columns: 2 })).rejects.toThrow(
      'limits.csv: row 1 has 3 columns, more than the limit of 2',
    );
    expect(DATA_FILE_LIMITS).toEqual({ bytes: 20 * 1024 * 1024, rows: 200_000, columns: 2_000 });
  });

  describe('XLSX', () => {
    async function xlsx(name: string, fill: (workbook: ExcelJS.Workbook) => void): Promise<string> {
      const workbook = new ExcelJS.Workbook();
      fill(workbook);
      const path = join(dir, name);
      await workbook.xlsx.writeFile(path);
      return path;
    }

    it('reads the first worksheet with typed cells, and the saved result of a formula (never evaluated)', async () => {
      const path = await xlsx('typed.xlsx', (wb) => {
        const sheet = wb.addWorksheet('Dữ liệu');
        sheet.addRow(['code', 'name', 'A.1', 'A.2', 'B.1']);
        // The saved result (42) is not what the formula would give (80): the reader must not evaluate it.
        sheet.addRow(['01', { richText: [{ text: 'Hà ' }, { text: 'Nội', font: { bold: true } }] }, true, { formula: '40*2', result: 42 }, 'full']);
        sheet.addRow([]);
        sheet.addRow([79, 'Hồ Chí Minh', 0, { formula: 'A1', result: undefined }, { error: '#N/A' }]);
        wb.addWorksheet('Khác').addRow(['not', 'read']);
      });
      const table = await readDataFile(path);
      expect(table.columns).toEqual(['code', 'name', 'A.1', 'A.2', 'B.1']);
      expect(table.rows).toEqual([
        { row: 2, cells: ['01', 'Hà Nội', true, 42, 'full'] },
        {
          row: 4,
          cells: [
            79,
            'Hồ Chí Minh',
            0,
            { problem: 'a formula without a saved result: open the file in Excel and save it, or paste the values' },
            { problem: 'the cell holds the error #N/A' },
          ],
        },
      ]);
    });

    it('stops at the row and column limits', async () => {
      const path = await xlsx('big.xlsx', (wb) => {
        const sheet = wb.addWorksheet('Data');
        sheet.addRow(['code', 'A.1', 'A.2']);
        for (let i = 0; i < 5; i++) sheet.addRow([`U${i}`, 1, 2]);
      });
      await expect(readDataFile(path, { ...DATA_FILE_LIMITS, rows: 4 })).rejects.toThrow('big.xlsx: the first worksheet has more than 4 rows (the limit)');
      await expect(readDataFile(path, { ...DATA_FILE_LIMITS, columns: 2 })).rejects.toThrow('big.xlsx: row 1 reaches column 3, more than the limit of 2');
    });

    it('refuses a file that is not a workbook', async () => {
      await expect(readDataFile(csv('fake.xlsx', 'code,name\n'))).rejects.toBeInstanceOf(DataFileError);
    });
  });
});
