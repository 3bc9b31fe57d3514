import ExcelJS from 'exceljs';
import { META_SHEET, type MetaEntry, readMetaSheet } from './meta-sheet';

const writeMeta = (sheet: ExcelJS.Worksheet, entries: MetaEntry[]): void => entries.forEach((entry) => sheet.addRow(entry));

describe('the _meta sheet', () => {
  it('reads the keys and values back: each key once (the first wins), trimmed, with the cell of its value', () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
    writeMeta(sheet, [
      ['format', 'dti-self-assessment/1'],
      ['cycleYear', 2024],
      ['cycleId', ' c-1 '],
      ['cycleId', 'c-2'],
    ]);
    const meta = readMetaSheet(workbook, 100)!;
    expect(meta.get('format')).toBe('dti-self-assessment/1');
    expect(meta.get('cycleYear')).toBe('2024');
    expect(meta.get('cycleId')).toBe('c-1');
    expect(meta.get('unitId')).toBeUndefined();
    expect(meta.at('cycleId')).toEqual({ sheet: '_meta', cell: 'B3', row: 3, column: 'B' });
    expect(meta.at('unitId')).toEqual({ sheet: '_meta' });
  });

  it('reads only the first rows asked for, and nothing from a workbook without the sheet', () => {
    const workbook = new ExcelJS.Workbook();
    writeMeta(workbook.addWorksheet(META_SHEET), [
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(readMetaSheet(workbook, 1)!.get('b')).toBeUndefined();
    expect(readMetaSheet(new ExcelJS.Workbook(), 100)).toBeUndefined();
  });
});
