import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Framework } from '../engine/framework.model';
import { ANSWERS_SHEET, EVIDENCE_SHEET, SYSTEM_VALUES_SHEET, writeCycleDataWorkbook, type CycleAnswerRow } from './cycle-data-workbook';
import { vietnamTime } from '../workbooks/write-cells';
import { asciiSlug, rawValueCell } from './export-cells';

const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2022,
  name: { vi: 'Thử' },
  source: 's',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  nodes: [{ code: 'A', name: { vi: 'Chỉ tiêu A' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } }],
};

async function* batches<T>(rows: T[], size = 2): AsyncGenerator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

describe('writeCycleDataWorkbook', () => {
  it('streams every row, values readable and exact, user text as strings, times in Vietnam time', async () => {
    const at = new Date('2022-05-01T17:30:00Z');
    const answers: CycleAnswerRow[] = [
      { unitCode: '01', unitName: '@SUM(A1)', submissionStatus: 'submitted', indicatorCode: 'A', value: true, note: '=1+1', selfPoints: null, updatedAt: at, updatedBy: 'a@x.vn' },
      { unitCode: '02', unitName: 'Hà Giang', submissionStatus: 'draft', indicatorCode: 'A', value: { numerator: 3, denominator: 4 }, note: null, selfPoints: 5, updatedAt: at.toISOString(), updatedBy: null },
      { unitCode: '03', unitName: 'Cao Bằng', submissionStatus: 'draft', indicatorCode: 'A', value: 12.5, note: 'a\r\nb\u0007', selfPoints: null, updatedAt: at, updatedBy: null },
    ];
    const out = new PassThrough();
    const bytes = buffer(out);
    await writeCycleDataWorkbook(
      {
        cycle: { id: 'c', year: 2022, level: 'province', nameVi: 'Kỳ 2022', phase: 'open' },
        framework: { code: 'T', version: '1', document: framework },
        answers: () => batches(answers),
        systemValues: () => batches([{ unitCode: '01', unitName: 'Hà Nội', indicatorCode: 'A', value: 42, importJobId: 'imp-1', source: 'import', sourceId: null, importedAt: at }]),
        evidence: () => batches([]),
      },
      out,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([ANSWERS_SHEET, SYSTEM_VALUES_SHEET, EVIDENCE_SHEET, 'Thông tin']);
    const sheet = wb.getWorksheet(ANSWERS_SHEET)!;
    expect(sheet.rowCount).toBe(2 + answers.length);
    const r1 = sheet.getRow(3);
    expect([r1.getCell(2).value, r1.getCell(4).value, r1.getCell(5).value, r1.getCell(6).value, r1.getCell(7).value, r1.getCell(8).value]).toEqual([
      '@SUM(A1)',
      'A',
      'Chỉ tiêu A',
      'Có',
      'true',
      '=1+1',
    ]);
    expect(r1.getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect((r1.getCell(10).value as Date).toISOString()).toBe('2022-05-02T00:30:00.000Z');
    const r2 = sheet.getRow(4);
    expect([r2.getCell(6).value, JSON.parse(String(r2.getCell(7).value)), r2.getCell(9).value]).toEqual(['numerator: 3; denominator: 4', { numerator: 3, denominator: 4 }, 5]);
    expect(sheet.getRow(5).getCell(8).value).toBe('a\nb');
    expect(wb.getWorksheet(SYSTEM_VALUES_SHEET)!.getRow(3).getCell(7).value).toBe('imp-1');
    expect(wb.getWorksheet(SYSTEM_VALUES_SHEET)!.getRow(3).getCell(9).value).toBe('Nhập từ tệp');
    expect(wb.getWorksheet(EVIDENCE_SHEET)!.rowCount).toBe(2);
  });

  it('helpers', () => {
    expect(rawValueCell(false)).toBe('Không');
    expect(rawValueCell(Number.NaN)).toBeNull();
    expect(vietnamTime('nope')).toBeNull();
    expect(asciiSlug('Thừa Thiên Huế / Đắk Lắk')).toBe('thua-thien-hue-dak-lak');
  });
});
