import { problemText, problemWords } from './field-problem';
import { translator } from './i18n';

describe('problemText: a field problem of the API in the page’s words, never its English message', () => {
  const vi = translator('vi');
  const en = translator('en');

  it("says too short or too long with class-validator's bounds, missing when the least is one character", () => {
    expect(problemText(vi, { rule: 'isLength', message: 'password must be longer than or equal to 12 characters' })).toBe('Chưa đủ độ dài: cần tối thiểu 12 ký tự.');
    expect(problemText(en, { rule: 'isLength', message: 'note must be shorter than or equal to 2000 characters' })).toBe('Too long: at most 2000 characters.');
    expect(problemText(vi, { rule: 'maxLength', message: 'note must be shorter than or equal to 2000 characters' })).toBe('Quá dài: tối đa 2000 ký tự.');
    expect(problemText(vi, { rule: 'isLength', message: 'nameVi must be between 1 and 200 characters' })).toBe('Phải có từ 1 đến 200 ký tự.');
    expect(problemText(vi, { rule: 'isLength', message: 'reason must be longer than or equal to 1 characters' })).toBe('Chưa nhập.');
  });

  it('says a date that is no date, and the years a date must fall in, with their bounds', () => {
    expect(problemText(vi, { rule: 'isIso8601', message: 'opensAt must be an ISO 8601 date (2025-03-01) or date-time' })).toBe('Phải là ngày hợp lệ.');
    expect(problemText(vi, { rule: 'dateYears', message: 'opensAt must be a date in the years 1900 to 2200' })).toBe('Phải là ngày trong các năm từ 1900 đến 2200.');
    expect(problemText(en, { rule: 'dateYears', message: 'until must be a date in the years 1900 to 2200' })).toBe('Must be a date in the years 1900 to 2200.');
  });

  it('says a value is missing when it is empty', () => {
    expect(problemText(vi, { rule: 'isNotEmpty', message: 'nameVi should not be empty' })).toBe('Chưa nhập.');
  });

  it('says the bounds of a number and the format of a code in the page’s language', () => {
    expect(problemText(vi, { rule: 'min', message: 'perUnit must not be less than 1' })).toBe('Không được nhỏ hơn 1.');
    expect(problemText(en, { rule: 'max', message: 'perUnit must not be greater than 5' })).toBe('Must not be greater than 5.');
    expect(problemText(vi, { rule: 'max', message: 'NT.08: must be at most 100' })).toBe('Không được lớn hơn 100.');
    expect(problemText(vi, { rule: 'range', message: 'NT.01: points must be between 0 and 2.5' })).toBe('Phải trong khoảng từ 0 đến 2.5.');
    expect(problemText(vi, { rule: 'matches', message: 'code must be 1-32 letters, digits, ".", "_" or "-"' })).toBe(
      'Chỉ gồm chữ cái không dấu, chữ số và các dấu “.”, “_”, “-” (từ 1 đến 32 ký tự).',
    );
    expect(problemText(en, { rule: 'matches', message: 'validFrom must be a date YYYY-MM-DD' })).toBe('Must be a valid date.');
    expect(problemText(vi, { rule: 'arrayMinSize', message: 'reviewerIds must contain at least 1 elements' })).toBe('Hãy chọn ít nhất 1.');
  });

  it('says a bound from the problem’s params where the answer check gives them, whatever its message', () => {
    expect(problemText(vi, { rule: 'max', message: 'TC.02: must be at most 100', params: { max: 100 } })).toBe('Không được lớn hơn 100.');
    expect(problemText(en, { rule: 'min', message: 'numerator must be at least 0', params: { part: 'numerator', min: 0 } })).toBe('Must not be less than 0.');
    expect(problemText(vi, { rule: 'maxLength', message: 'X: must be at most 10000 characters', params: { max: 10000 } })).toBe('Quá dài: tối đa 10000 ký tự.');
  });

  it('gives a page’s script the same sentences, bounds as placeholders, and “not valid” for the rest', () => {
    const words = problemWords(vi);
    expect(words.max).toBe('Không được lớn hơn {max}.');
    expect(words.min).toBe('Không được nhỏ hơn {min}.');
    expect(words.isNumber).toBe('Phải là một số.');
    expect(words.invalid).toBe('Chưa hợp lệ.');
    expect(problemWords(en).max).toBe('Must not be greater than {max}.');
  });

  it('says a rule it does not know as “not valid” in the page’s language, without the English message', () => {
    expect(problemText(vi, { rule: 'somethingNew', message: 'x must be something new' })).toBe('Chưa hợp lệ.');
    expect(problemText(en, { rule: 'min', message: 'x must come after the opening' })).toBe('Not valid.');
    expect(problemText(vi, { rule: 'noNulCharacter', message: 'note must not contain a NUL character' })).toBe('Có ký tự không lưu được (ký tự rỗng hoặc lỗi mã hóa).');
  });
});
