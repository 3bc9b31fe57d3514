import { translator } from './i18n';
import { warningText, warningWords } from './plausibility-words';

describe('warningText: a plausibility warning in the page’s words', () => {
  const vi = translator('vi');
  const en = translator('en');

  it('says a numerator above its denominator with both numbers, and that it scores full points', () => {
    const w = { rule: 'numeratorAboveDenominator' as const, params: { numerator: 500, denominator: 100 } };
    expect(warningText(vi, w, 'vi')).toBe('Tử số (500) lớn hơn mẫu số (100): tỷ lệ vượt 100 %, điểm đang được tính ở mức tối đa.');
    expect(warningText(en, w, 'en')).toContain('numerator (500) is above the denominator (100)');
  });

  it('says a range by the bounds it has, numbers in the page’s language', () => {
    expect(warningText(vi, { rule: 'outsideExpected', params: { value: 97.5, min: 10, max: 90 } }, 'vi')).toBe('Giá trị 97,50 nằm ngoài khoảng thường gặp từ 10 đến 90.');
    expect(warningText(en, { rule: 'outsideExpected', params: { value: 97.5, max: 90 } }, 'en')).toBe('The value 97.50 is above the usual level (at most 90).');
    expect(warningText(vi, { rule: 'outsideExpected', params: { value: 2, min: 10 } }, 'vi')).toBe('Giá trị 2 thấp hơn mức thường gặp (từ 10 trở lên).');
  });

  it('says a change from last year as a percent, naming the part of a ratio', () => {
    expect(warningText(vi, { rule: 'farFromLastYear', params: { value: 1200, lastYear: 400, change: 0.5 } }, 'vi')).toBe(
      'Giá trị 1.200 khác xa năm trước (400): thay đổi hơn 50 %.',
    );
    expect(warningText(vi, { rule: 'farFromLastYear', part: 'numerator', params: { value: 90, lastYear: 40, change: 0.5 } }, 'vi')).toMatch(/^Tử số 90 khác xa năm trước \(40\)/);
    expect(warningText(en, { rule: 'rareExtreme', params: { value: 100, share: 0.05 } }, 'en')).toBe('The value is exactly 100 %: last year only 5 % of the units reported that.');
  });

  it('gives a page’s script the same sentences with their placeholders', () => {
    const words = warningWords(vi);
    expect(words.sentences.numeratorAboveDenominator).toContain('{numerator}');
    expect(words.parts.numerator).toBe('Tử số');
    expect(words.shares).toEqual(['change', 'share']);
  });
});
