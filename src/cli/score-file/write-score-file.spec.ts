import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { UnitResult } from '../../engine';
import { byRankThenCode, csvSafeText, scoreCsv, scoreText, writeScoreFile, type ScoreTable } from './write-score-file';

const unit = (code: string, rank: number | null): UnitResult =>
  ({ code, rank, ranked: rank !== null, status: 'scored', index: 0, indexRounded: 0, nodes: {}, pillars: {}, notes: [] }) as UnitResult;

/** Two units, one with a name a spreadsheet would take for a formula. */
const TABLE: ScoreTable = {
  precision: 2,
  columns: [
    { header: 'Hạng', kind: 'rank' },
    { header: 'Mã', kind: 'text' },
    { header: 'Tên', kind: 'text' },
    { header: 'Chỉ số', kind: 'value' },
    { header: 'A', kind: 'value' },
    { header: 'Ghi chú', kind: 'text' },
  ],
  rows: [
    [1, '79', '=HYPERLINK("http://x","Beta")', 83, 82.5, ''],
    [null, 'VN', 'Cả nước', 90.1, null, 'không xếp hạng'],
  ],
};

describe('write-score-file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'write-score-file-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sorts by rank, ties by code, unranked units last', () => {
    const units = [unit('VN', null), unit('48', 2), unit('AA', null), unit('79', 1), unit('01', 2)];
    expect(units.sort(byRankThenCode).map((u) => u.code)).toEqual(['79', '01', '48', 'AA', 'VN']);
  });

  it('writes XLSX with Vietnamese headers, the precision as number format, and text that starts with = as text', async () => {
    const path = join(dir, 'out.xlsx');
    await writeScoreFile(path, TABLE);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Hạng', 'Mã', 'Tên', 'Chỉ số', 'A', 'Ghi chú']);
    const name = sheet.getCell('C2');
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe('=HYPERLINK("http://x","Beta")');
    expect(name.formula).toBeUndefined();
    expect(name.numFmt).toBe('@');
    expect(sheet.getCell('D2').value).toBe(83);
    expect(sheet.getCell('D2').numFmt).toBe('0.00');
    expect(sheet.getCell('A2').numFmt).toBe('0');
    expect(sheet.getCell('A3').value).toBeNull();
    expect(sheet.getCell('B3').value).toBe('VN');
    // Nothing is left behind but the file itself.
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('writes CSV in UTF-8 with a BOM, values with the precision, formula-looking text defused', () => {
    expect(scoreCsv(TABLE)).toBe(
      '\uFEFFHạng,Mã,Tên,Chỉ số,A,Ghi chú\n' + `1,79,"'=HYPERLINK(""http://x"",""Beta"")",83.00,82.50,\n` + ',VN,Cả nước,90.10,,không xếp hạng\n',
    );
    expect(['=1', '+1', '-1', '@A', '\tx', 'Hà Nội'].map(csvSafeText)).toEqual(["'=1", "'+1", "'-1", "'@A", "'\tx", 'Hà Nội']);
  });

  it('prints an aligned table for the terminal', () => {
    expect(scoreText(TABLE).split('\n')).toEqual([
      'Hạng  Mã  Tên                            Chỉ số      A  Ghi chú',
      '   1  79  =HYPERLINK("http://x","Beta")   83.00  82.50',
      '   —  VN  Cả nước                         90.10      —  không xếp hạng',
    ]);
  });

  it('refuses an output that is neither .csv nor .xlsx', async () => {
    await expect(writeScoreFile(join(dir, 'out.txt'), TABLE)).rejects.toThrow('out.txt: the output must be .csv or .xlsx');
    expect(readdirSync(dir)).not.toContain('out.txt');
    expect(readFileSync(join(dir, 'out.xlsx')).length).toBeGreaterThan(0);
  });
});

