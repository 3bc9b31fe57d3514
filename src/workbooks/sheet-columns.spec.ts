import ExcelJS from 'exceljs';
import { columnLettersByKey, columnNumbers, headerMismatches } from './sheet-columns';

const COLUMNS = [
  { key: 'code', header: 'Mã chỉ tiêu' },
  { key: 'value', header: 'Giá trị' },
] as const;

describe('sheet columns', () => {
  it('numbers and letters the columns by key', () => {
    expect(columnNumbers(COLUMNS)).toEqual({ code: 1, value: 2 });
    expect(columnLettersByKey(COLUMNS)).toEqual({ code: 'A', value: 'B' });
  });

  it('lists the header cells that are not the expected headers (NFC, trimmed)', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('S');
    sheet.getRow(1).values = [' Ma\u0303 chỉ tiêu ', 'Giá trị mới'];
    expect(headerMismatches(sheet, COLUMNS)).toEqual([{ column: 'B', expected: 'Giá trị', found: 'Giá trị mới' }]);
    sheet.getCell('B1').value = 'Giá trị';
    expect(headerMismatches(sheet, COLUMNS)).toEqual([]);
  });
});
