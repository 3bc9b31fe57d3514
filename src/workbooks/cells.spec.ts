import type ExcelJS from 'exceljs';
import { cellFormula, cellNumber, cellText, hasDecimalComma, readCell, xlsxCell } from './cells';

describe('cellText', () => {
  const text = (value: ExcelJS.CellValue): string => cellText({ value });
  it('gives every kind of cell value as text, never evaluating a formula', () => {
    expect(text(null)).toBe('');
    expect(text('Ha\u0300 No\u0302\u0323i')).toBe('Hà Nội');
    expect(text(12.5)).toBe('12.5');
    expect(text(true)).toBe('true');
    expect(text({ richText: [{ text: 'Có ' }, { text: 'minh chứng', font: { bold: true } }] })).toBe('Có minh chứng');
    expect(text({ text: 'Cổng dịch vụ công', hyperlink: 'https://dichvucong.gov.vn' })).toBe('Cổng dịch vụ công');
    expect(text({ formula: '40*2', result: 42 } as ExcelJS.CellFormulaValue)).toBe('42');
    expect(text({ formula: 'A1' } as ExcelJS.CellFormulaValue)).toBe('');
    expect(text({ sharedFormula: 'A1', result: 'có' } as ExcelJS.CellSharedFormulaValue)).toBe('có');
    expect(text({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('#N/A');
    expect(text(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(text(new Date(Date.UTC(2024, 0, 31, 8, 30)))).toBe('2024-01-31T08:30:00.000Z');
  });
});

describe('xlsxCell', () => {
  it('maps exceljs cell values to plain values', () => {
    expect(xlsxCell({ sharedFormula: 'A1', result: 'có' })).toBe('có');
    expect(xlsxCell({ formula: '1/0', result: { error: '#DIV/0!' } })).toEqual({ problem: "the formula's result is an error" });
    expect(xlsxCell(Number.NaN)).toEqual({ problem: 'the cell holds an error, not a number' });
    expect(xlsxCell({ text: 'link', hyperlink: 'https://example.org' })).toBe('link');
    expect(xlsxCell(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
  });
});

describe('readCell and cellFormula', () => {
  const cell = (value: unknown): ExcelJS.Cell => ({ value }) as ExcelJS.Cell;
  it('tells a formula (even with a saved result) and an error from a value, and an empty cell', () => {
    expect(readCell(cell({ formula: 'A1*2', result: 4 }))).toEqual({ empty: false, formula: '=A1*2' });
    expect(cellFormula(cell({ sharedFormula: 'B2' }))).toBe('=B2');
    expect(readCell(cell({ error: '#N/A' }))).toEqual({ empty: false, error: '#N/A' });
    expect(readCell(cell('  '))).toEqual({ empty: true });
    expect(readCell(cell(0))).toEqual({ empty: false });
    expect(cellFormula(cell(new Date(0)))).toBeUndefined();
  });
});

describe('cellNumber', () => {
  it('reads numbers written with a dot for decimals, and nothing else', () => {
    expect(cellNumber(12.5)).toBe(12.5);
    expect(cellNumber(' 1e3 ')).toBe(1000);
    expect(cellNumber('-.5')).toBe(-0.5);
    expect(cellNumber(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(cellNumber('1,5')).toBeUndefined();
    expect(cellNumber('1.000.000')).toBeUndefined();
    expect(cellNumber(true)).toBeUndefined();
    expect(hasDecimalComma('1,5')).toBe(true);
    expect(hasDecimalComma('1.5')).toBe(false);
  });
});
