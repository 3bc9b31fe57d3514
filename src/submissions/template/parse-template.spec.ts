import ExcelJS from 'exceljs';
import { deflatedZeros, tinyZip, WORKBOOK_SKELETON } from '../../../test/fixtures/workbooks/tiny-zip';
import { everyTypeFramework, pdti2022WithSelfNumbers, rowOf } from '../../../test/fixtures/workbooks/template-helpers';
import { readWorkbookSafely, WorkbookRefusedError } from '../../workbooks/safe-workbook';
import type { Framework } from '../../engine/framework.model';
import type { ImportProblem } from '../import-job.entity';
import { buildSubmissionTemplate, type TemplateInput } from './build-template';
import { parseSubmissionTemplate, type ParsedTemplate, type TemplateAnswer } from './parse-template';
import { SHEETS, templateRows } from './template-layout';

const cycle = { id: '7a1c0e2e-0000-4000-8000-000000000022', year: 2022, nameVi: 'Đánh giá DTI cấp tỉnh năm 2022' };
const unit = { id: '5b2d0f3f-0000-4000-8000-000000000001', code: '01', nameVi: 'Thành phố Hà Nội' };
const otherUnit = { id: '5b2d0f3f-0000-4000-8000-000000000079', code: '79', nameVi: 'Thành phố Hồ Chí Minh' };

async function template(framework: Framework, over: Partial<TemplateInput> = {}): Promise<ExcelJS.Workbook> {
  const buffer = await buildSubmissionTemplate({ framework, cycle, unit, submissionVersion: 7, answers: {}, ...over });
  return readWorkbookSafely(buffer);
}

/** Save as an officer's Excel would, read back through the safe reader, and parse. */
async function upload(workbook: ExcelJS.Workbook, framework: Framework, expected = { cycleId: cycle.id, unitId: unit.id }): Promise<ParsedTemplate> {
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return parseSubmissionTemplate(await readWorkbookSafely(buffer), { framework, ...expected });
}

const answersSheet = (workbook: ExcelJS.Workbook): ExcelJS.Worksheet => workbook.getWorksheet(SHEETS.answers)!;
const setValue = (workbook: ExcelJS.Workbook, key: string, value: ExcelJS.CellValue): void => {
  rowOf(answersSheet(workbook), key).getCell(7).value = value;
};
const setNote = (workbook: ExcelJS.Workbook, key: string, value: ExcelJS.CellValue): void => {
  rowOf(answersSheet(workbook), key).getCell(8).value = value;
};
const cellOf = (workbook: ExcelJS.Workbook, key: string, column = 'G'): string => `${column}${rowOf(answersSheet(workbook), key).number}`;
const brief = (problems: ImportProblem[]): Array<[string | undefined, string | undefined, string]> => problems.map((p) => [p.sheet, p.cell, p.rule]);

describe('parseSubmissionTemplate: the round trip on pdti-2022', () => {
  const framework = pdti2022WithSelfNumbers();
  const empty = (): Record<string, TemplateAnswer> =>
    Object.fromEntries(templateRows(framework).map((row) => [row.code, { value: null, note: null }]));

  it('download → fill programmatically → upload: the answers are what was filled', async () => {
    const initial = {
      'NT.02': { value: 45.5, note: 'Theo báo cáo số 12/BC-UBND' },
      'NT.03': { value: 'partial', note: null },
      'NT.06': { value: false, note: null },
      'TC.01': { value: 12, note: null },
    };
    const workbook = await template(framework, { answers: initial });
    // An officer changes some answers, clears one, and fills others.
    setValue(workbook, 'NT.02', 90);
    setValue(workbook, 'TC.01', null);
    setValue(workbook, 'NT.06', 'Có');
    setValue(workbook, 'TC.05', 'Không');
    setValue(workbook, 'TC.11', true);
    setValue(workbook, 'HT.04', 'có');
    setValue(workbook, 'NT.03', 'Triển khai đầy đủ');
    setValue(workbook, 'NT.09', 'Chưa triển khai');
    setValue(workbook, 'TC.02', 'partial'); // the option's value is accepted as well as its label
    setValue(workbook, 'NT.04 (numerator)', 120);
    setValue(workbook, 'NT.04 (denominator)', '200');
    setNote(workbook, 'NT.04 (numerator)', 'Số liệu quý IV');
    setValue(workbook, 'NT.05', 'Đã ban hành Kế hoạch số 45/KH-UBND ngày 01/3/2022 về chuyển đổi số 🚀🇻🇳');
    setValue(workbook, 'TC.04', { richText: [{ text: 'Nghị quyết ' }, { text: '05-NQ/TU', font: { bold: true } }] });
    setValue(workbook, 'NT.08', 0);
    setNote(workbook, 'NT.08', 'Ghi chú có dấu: Ư Ơ Đ ẫ ự — và emoji 👩‍💻');
    setNote(workbook, 'TC.05', '=SUM(A1:A9) là văn bản, không phải công thức');

    const parsed = await upload(workbook, framework);
    expect(parsed.problems).toEqual([]);
    expect(parsed.basedOnVersion).toBe(7);
    expect(parsed.answers).toEqual({
      ...empty(),
      'NT.02': { value: 90, note: 'Theo báo cáo số 12/BC-UBND' },
      'NT.03': { value: 'full', note: null },
      'NT.04': { value: { numerator: 120, denominator: 200 }, note: 'Số liệu quý IV' },
      'NT.05': { value: 'Đã ban hành Kế hoạch số 45/KH-UBND ngày 01/3/2022 về chuyển đổi số 🚀🇻🇳', note: null },
      'NT.06': { value: true, note: null },
      'NT.08': { value: 0, note: 'Ghi chú có dấu: Ư Ơ Đ ẫ ự — và emoji 👩‍💻' },
      'NT.09': { value: 'none', note: null },
      'TC.01': { value: null, note: null },
      'TC.02': { value: 'partial', note: null },
      'TC.04': { value: 'Nghị quyết 05-NQ/TU', note: null },
      'TC.05': { value: false, note: '=SUM(A1:A9) là văn bản, không phải công thức' },
      'TC.11': { value: true, note: null },
      'HT.04': { value: true, note: null },
    });
  });

  it('an untouched template reads back as the answers it was made from', async () => {
    const answers = {
      'NT.02': { value: 33.3, note: '+84 912 345 678' },
      'NT.03': { value: 'none', note: null },
      'NT.04': { value: { numerator: 0, denominator: 5 }, note: null },
      'NT.05': { value: '-- không có --', note: '@mention' },
      'NT.06': { value: true, note: null },
    };
    const parsed = await upload(await template(framework, { answers }), framework);
    expect(parsed).toEqual({ answers: { ...empty(), ...answers }, basedOnVersion: 7, problems: [] });
  });

  it('the dropdowns, protection, frozen header and hidden sheets survive a save by exceljs', async () => {
    const workbook = await template(framework);
    setValue(workbook, 'NT.06', 'Có');
    const again = await readWorkbookSafely(Buffer.from(await workbook.xlsx.writeBuffer()));
    const sheet = answersSheet(again);
    expect(rowOf(sheet, 'NT.06').getCell(7).dataValidation).toMatchObject({ type: 'list' });
    expect(rowOf(sheet, 'NT.06').getCell(7).protection).toMatchObject({ locked: false });
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(again.getWorksheet(SHEETS.lists)!.state).toBe('veryHidden');
    expect(again.getWorksheet(SHEETS.meta)!.state).toBe('veryHidden');
  });

  it('a percent typed as 45% (a cell formatted as %, or the text "45%") is 45', async () => {
    const workbook = await template(framework);
    const cell = rowOf(answersSheet(workbook), 'NT.02').getCell(7);
    cell.value = 0.45;
    cell.style = { ...cell.style, numFmt: '0%' };
    setValue(workbook, 'NT.08', '12.5%');
    const parsed = await upload(workbook, framework);
    expect(parsed.problems).toEqual([]);
    expect(parsed.answers['NT.02'].value).toBe(45);
    expect(parsed.answers['NT.08'].value).toBe(12.5);
  });
});

describe('parseSubmissionTemplate: every bad cell reported', () => {
  const framework = everyTypeFramework();

  it('a value not of the input type, for every input type, each at its cell with its rule', async () => {
    const cases: Array<[string, ExcelJS.CellValue, string]> = [
      ['B.1', 'Đúng', 'not-boolean'],
      ['N.1', 'mười hai', 'not-a-number'],
      ['I.1', 2.5, 'not-an-integer'],
      ['P.1', 120, 'out-of-range'],
      ['C.1', 'Hoàn thành', 'choice-not-offered'],
      ['C.2', 3, 'choice-not-offered'],
      ['M.1 (numerator)', -1, 'out-of-range'],
      ['M.1 (denominator)', 'n/a', 'not-a-number'],
      ['T.1', 'x'.repeat(10_001), 'too-long'],
    ];
    const workbook = await template(framework);
    for (const [key, value] of cases) setValue(workbook, key, value);
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual(cases.map(([key, , rule]) => [SHEETS.answers, cellOf(workbook, key), rule]));
    for (const problem of parsed.problems) {
      expect(problem.row).toBe(Number(problem.cell!.slice(1)));
      expect(problem.column).toBe('G');
    }
    // The messages name the indicator.
    expect(parsed.problems.map((p) => p.message.split(' ')[0])).toEqual(['B.1', 'N.1', 'I.1', 'P.1', 'C.1', 'C.2', 'M.1', 'M.1', 'T.1']);
    expect(parsed.problems[3].message).toBe('P.1 (Chỉ tiêu P.1): 120 ngoài khoảng cho phép (từ 0 đến 100)');
  });

  it('more wrong values: ranges of number and integer, comma decimals, dates, errors, a boolean in a number cell', async () => {
    const cases: Array<[string, ExcelJS.CellValue, string]> = [
      ['B.1', 2, 'not-boolean'],
      ['N.1', 1000.5, 'out-of-range'],
      ['I.1', -1, 'out-of-range'],
      ['P.1', '12,5', 'not-a-number'],
      ['M.1 (numerator)', new Date(Date.UTC(2024, 0, 1)), 'not-a-number'],
      ['M.1 (denominator)', true, 'not-a-number'],
      ['T.1', { error: '#N/A' } as ExcelJS.CellErrorValue, 'cell-error'],
    ];
    const workbook = await template(framework);
    for (const [key, value] of cases) setValue(workbook, key, value);
    // Excel gives a typed date a date format; without one the date is saved as its serial number.
    // (A style of its own: exceljs shares one style object among the cells read with the same style.)
    const dated = rowOf(answersSheet(workbook), 'M.1 (numerator)').getCell(7);
    dated.style = { ...dated.style, numFmt: 'dd/mm/yyyy' };
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual(cases.map(([key, , rule]) => [SHEETS.answers, cellOf(workbook, key), rule]));
  });

  it('the accepted spellings of every type', async () => {
    const workbook = await template(framework);
    const good: Array<[string, ExcelJS.CellValue, unknown]> = [
      ['B.1', 'KHÔNG', false],
      ['N.1', '1e2', 100],
      ['I.1', 10, 10],
      ['P.1', 100, 100],
      ['C.1', 'một phần', 'some'],
      ['C.2', 2, '2'],
      ['T.1', 1234, '1234'],
    ];
    for (const [key, value] of good) setValue(workbook, key, value);
    setValue(workbook, 'M.1 (numerator)', 0);
    setValue(workbook, 'M.1 (denominator)', 0);
    const parsed = await upload(workbook, framework);
    expect(parsed.problems).toEqual([]);
    for (const [key, , value] of good) expect([key, parsed.answers[key].value]).toEqual([key, value]);
    expect(parsed.answers['M.1'].value).toEqual({ numerator: 0, denominator: 0 });
    for (const word of ['1', '0', 'true', 'FALSE', 'Co', 'khong']) {
      setValue(workbook, 'B.1', word);
      const again = await upload(workbook, framework);
      expect([word, again.problems]).toEqual([word, []]);
    }
  });

  it('formulas are refused even with a saved result, in the value, note and code cells', async () => {
    const workbook = await template(framework);
    setValue(workbook, 'N.1', { formula: '40*2', result: 80 } as ExcelJS.CellFormulaValue);
    setValue(workbook, 'B.1', { formula: 'IF(1,"Có","Không")', result: 'Có' } as ExcelJS.CellFormulaValue);
    setNote(workbook, 'T.1', { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' } as ExcelJS.CellFormulaValue);
    const sheet = answersSheet(workbook);
    const iRow = rowOf(sheet, 'I.1').number;
    sheet.getCell(`A${iRow}`).value = { formula: '"I."&"1"', result: 'I.1' } as ExcelJS.CellFormulaValue;
    // A string that starts with "=" is text, not a formula: taken as typed in a text answer.
    setValue(workbook, 'T.1', '=1+1');
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([
      [SHEETS.answers, cellOf(workbook, 'B.1'), 'formula'],
      [SHEETS.answers, cellOf(workbook, 'N.1'), 'formula'],
      [SHEETS.answers, `A${iRow}`, 'formula'],
      [SHEETS.answers, cellOf(workbook, 'T.1', 'H'), 'formula'],
    ]);
    expect(parsed.problems[1].message).toContain('N.1 (Chỉ tiêu N.1)');
    expect(parsed.problems[1].message).toContain('=40*2');
    expect(parsed.answers['T.1'].value).toBe('=1+1');
    expect(parsed.answers['N.1'].value).toBeNull();
  });

  it('unknown codes, a system-measured indicator, a part of a non-numbers input, duplicate rows, a value without a code', async () => {
    const workbook = await template(framework);
    const sheet = answersSheet(workbook);
    const last = sheet.rowCount;
    sheet.getRow(last + 1).values = ['ZZ.99', '', '', '', '', '', 5];
    sheet.getRow(last + 2).values = ['S.1', '', '', '', '', '', 50];
    sheet.getRow(last + 3).values = ['B.1 (numerator)', '', '', '', '', '', 'Có'];
    sheet.getRow(last + 4).values = ['M.1 (total)', '', '', '', '', '', 1];
    sheet.getRow(last + 5).values = ['N.1', '', '', '', '', '', 7];
    sheet.getRow(last + 6).values = ['', '', '', '', '', '', 'lạc chỗ'];
    sheet.getRow(last + 7).values = ['=cmd|"/C calc"!A0'];
    sheet.getRow(last + 8).values = ['', 'chỉ có tên, không có giá trị'];
    setValue(workbook, 'N.1', 3);
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([
      [SHEETS.answers, `A${last + 1}`, 'unknown-indicator'],
      [SHEETS.answers, `A${last + 2}`, 'not-answerable'],
      [SHEETS.answers, `A${last + 3}`, 'unknown-indicator'],
      [SHEETS.answers, `A${last + 4}`, 'unknown-indicator'],
      [SHEETS.answers, `A${last + 5}`, 'duplicate'],
      [SHEETS.answers, `A${last + 6}`, 'unknown-indicator'],
      [SHEETS.answers, `A${last + 7}`, 'unknown-indicator'],
    ]);
    expect(parsed.problems[4].message).toBe(`N.1 đã có ở dòng ${rowOf(sheet, 'N.1').number}; mỗi chỉ tiêu chỉ một dòng`);
    expect(parsed.answers['N.1'].value).toBe(3);
    expect(parsed.answers).not.toHaveProperty('S.1');
  });

  it('half a numbers input is refused at the empty part; an empty one is unset', async () => {
    const workbook = await template(framework, { answers: { 'M.1': { value: { numerator: 1, denominator: 2 }, note: null } } });
    setValue(workbook, 'M.1 (denominator)', null);
    let parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([[SHEETS.answers, cellOf(workbook, 'M.1 (denominator)'), 'numbers-incomplete']]);
    expect(parsed.problems[0].message).toContain('mẫu số (denominator) còn trống');
    setValue(workbook, 'M.1 (numerator)', null);
    parsed = await upload(workbook, framework);
    expect(parsed.problems).toEqual([]);
    expect(parsed.answers['M.1']).toEqual({ value: null, note: null });
  });

  it('a note longer than 10,000 characters; one of 10,000 is fine', async () => {
    const workbook = await template(framework);
    setNote(workbook, 'B.1', 'ư'.repeat(10_001));
    setNote(workbook, 'N.1', 'ư'.repeat(10_000));
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([[SHEETS.answers, cellOf(workbook, 'B.1', 'H'), 'too-long']]);
    expect(parsed.answers['N.1'].note).toHaveLength(10_000);
  });

  it('a template of another unit, another cycle or another framework version: reported on _meta', async () => {
    const workbook = await template(framework, { unit: otherUnit });
    let parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([[SHEETS.meta, 'B4', 'wrong-unit']]);
    expect(parsed.problems[0].message).toContain('mã 79');

    parsed = await upload(workbook, framework, { cycleId: 'another-cycle', unitId: otherUnit.id });
    expect(brief(parsed.problems)).toEqual([[SHEETS.meta, 'B2', 'wrong-cycle']]);

    parsed = await upload(workbook, { ...framework, version: '2' }, { cycleId: cycle.id, unitId: otherUnit.id });
    expect(brief(parsed.problems)).toEqual([[SHEETS.meta, 'B7', 'wrong-framework']]);
  });

  it('a missing sheet, a missing or foreign _meta, a changed header', async () => {
    let workbook = await template(framework);
    workbook.removeWorksheet(answersSheet(workbook).id);
    let parsed = await upload(workbook, framework);
    expect(parsed).toEqual({
      answers: {},
      basedOnVersion: 7,
      problems: [{ sheet: SHEETS.answers, rule: 'missing-sheet', message: expect.stringContaining('Thiếu trang "Tự đánh giá"') }],
    });

    workbook = await template(framework);
    workbook.removeWorksheet(workbook.getWorksheet(SHEETS.meta)!.id);
    parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([[SHEETS.meta, undefined, 'missing-sheet']]);
    expect(parsed.basedOnVersion).toBeNull();

    workbook = await template(framework);
    workbook.getWorksheet(SHEETS.meta)!.getCell('B1').value = 'something-else/9';
    expect(brief((await upload(workbook, framework)).problems)).toEqual([[SHEETS.meta, 'B1', 'bad-meta']]);

    workbook = await template(framework);
    answersSheet(workbook).getCell('G1').value = 'Điểm tự chấm';
    answersSheet(workbook).getCell('H1').value = null;
    parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([
      [SHEETS.answers, 'G1', 'header'],
      [SHEETS.answers, 'H1', 'header'],
    ]);
    expect(parsed.answers).toEqual({});
  });

  it('a workbook that is not a template at all is reported, not thrown', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['hello']);
    const parsed = await upload(workbook, framework);
    expect(brief(parsed.problems)).toEqual([
      [SHEETS.meta, undefined, 'missing-sheet'],
      [SHEETS.answers, undefined, 'missing-sheet'],
    ]);
  });
});

describe('bad uploads end to end: refused by the reader or reported by the parser, never anything else', () => {
  const framework = pdti2022WithSelfNumbers();

  /** What an upload job would do: read safely, then parse; a refusal is the only exception allowed. */
  async function job(buffer: Buffer): Promise<{ refused?: string; problems?: ImportProblem[] }> {
    try {
      const workbook = await readWorkbookSafely(buffer);
      return { problems: parseSubmissionTemplate(workbook, { framework, cycleId: cycle.id, unitId: unit.id }).problems };
    } catch (error) {
      if (error instanceof WorkbookRefusedError) return { refused: error.rule };
      throw error;
    }
  }

  it('a zip bomb, refused quickly and without inflating it', async () => {
    const zeros = await deflatedZeros(100);
    const started = Date.now();
    expect(await job(tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet2.xml', deflated: zeros }]))).toEqual({ refused: 'decompressed-too-large' });
    expect(await job(tinyZip([...WORKBOOK_SKELETON, { name: 'xl/worksheets/sheet2.xml', deflated: zeros, declaredSize: 4096 }]))).toEqual({
      refused: 'decompressed-too-large',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a template grown to 100,000 rows', async () => {
    const workbook = await template(framework);
    const sheet = answersSheet(workbook);
    for (let r = sheet.rowCount + 1; r <= 100_000; r++) sheet.getCell(r, 1).value = 'NT.02';
    expect(await job(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual({ refused: 'too-many-rows' });
  }, 30_000);

  it('a renamed CSV, PDF or text file', async () => {
    expect(await job(Buffer.from('Mã chỉ tiêu,Giá trị\nNT.02,45\n'))).toEqual({ refused: 'not-xlsx' });
    expect(await job(Buffer.from('%PDF-1.4\n%âãÏÓ\n'))).toEqual({ refused: 'not-xlsx' });
  });

  it('a template whose answer sheet was deleted, and one with "=" formulas, are reported', async () => {
    const noSheet = await template(framework);
    noSheet.removeWorksheet(answersSheet(noSheet).id);
    expect((await job(Buffer.from(await noSheet.xlsx.writeBuffer()))).problems?.map((p) => p.rule)).toEqual(['missing-sheet']);
    const formulas = await template(framework);
    setValue(formulas, 'NT.02', { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue);
    expect((await job(Buffer.from(await formulas.xlsx.writeBuffer()))).problems?.map((p) => [p.cell, p.rule])).toEqual([[cellOf(formulas, 'NT.02'), 'formula']]);
  });
});
