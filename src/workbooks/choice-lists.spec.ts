import ExcelJS from 'exceljs';
import { cellYesNo, choiceEntries, choiceOf, ChoiceLists, listRange } from './choice-lists';

const leaf = (options: Array<{ value: string; label?: { vi: string } }>) => ({ scoring: { rule: 'choice', options } });

describe('choice lists', () => {
  it('shows the Vietnamese labels only when every option has a distinct one that is no other option value', () => {
    const labelled = leaf([
      { value: 'none', label: { vi: 'Chưa triển khai' } },
      { value: 'full', label: { vi: 'Triển khai đầy đủ' } },
    ]);
    expect(choiceEntries(labelled).map((e) => e.shown)).toEqual(['Chưa triển khai', 'Triển khai đầy đủ']);
    expect(choiceEntries(leaf([{ value: 'a', label: { vi: 'X' } }, { value: 'b' }])).map((e) => e.shown)).toEqual(['a', 'b']);
    expect(choiceEntries(leaf([{ value: 'a', label: { vi: 'b' } }, { value: 'b', label: { vi: 'a' } }])).map((e) => e.shown)).toEqual(['a', 'b']);
    expect(choiceEntries({ scoring: { rule: 'boolean' } })).toEqual([]);
  });

  it('takes typed text back to its value, by label first, then by value, whatever the case and composition', () => {
    const entries = choiceEntries(leaf([{ value: 'full', label: { vi: 'Triển khai đầy đủ' } }]));
    expect(choiceOf(entries, 'TRIỂN KHAI ĐẦY ĐỦ')?.value).toBe('full');
    expect(choiceOf(entries, 'Trie\u0302\u0309n khai đầy đủ')?.value).toBe('full');
    expect(choiceOf(entries, 'Full')?.value).toBe('full');
    expect(choiceOf(entries, 'partial')).toBeUndefined();
  });

  it('reads yes/no cells: booleans, Có/Không with or without accents, true/false, 1/0', () => {
    const yes = (value: ExcelJS.CellValue): boolean | undefined => cellYesNo({ value });
    expect([true, 'Có', ' co ', 'TRUE', '1', 1].map(yes)).toEqual([true, true, true, true, true, true]);
    expect([false, 'không', 'Khong', 'false', '0', 0].map(yes)).toEqual([false, false, false, false, false, false]);
    expect(['yes', 'x', '', null].map(yes)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('gives each distinct list the next column of the list sheet, once', () => {
    const lists = new ChoiceLists();
    expect(lists.rangeOf(['Có', 'Không'])).toBe("'Danh sách'!$A$1:$A$2");
    expect(lists.rangeOf(['x', 'y', 'z'])).toBe("'Danh sách'!$B$1:$B$3");
    expect(lists.rangeOf(['Có', 'Không'])).toBe("'Danh sách'!$A$1:$A$2");
    expect(lists.columns()).toEqual([
      ['Có', 'Không'],
      ['x', 'y', 'z'],
    ]);
    expect(listRange('Lists', 27, 4)).toBe("'Lists'!$AA$1:$AA$4");
  });
});
