import { translator } from './i18n';
import { problemText } from './self-assessment.model';

describe('problemText', () => {
  const vi = translator('vi');
  const en = translator('en');

  it("says too short for class-validator's minimum length, too long for its maximum", () => {
    expect(problemText(vi, { rule: 'isLength', message: 'password must be longer than or equal to 12 characters' })).toBe(
      'Quá ngắn (password must be longer than or equal to 12 characters).',
    );
    expect(problemText(en, { rule: 'isLength', message: 'note must be shorter than or equal to 2000 characters' })).toBe('Too long.');
    expect(problemText(en, { rule: 'maxLength', message: 'note must be shorter than or equal to 2000 characters' })).toBe('Too long.');
  });

  it('says a value is missing when it is empty', () => {
    expect(problemText(vi, { rule: 'isNotEmpty', message: 'nameVi should not be empty' })).toBe('Chưa nhập.');
  });
});
