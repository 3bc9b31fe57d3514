import { validate } from 'class-validator';
import type { DomainException } from './domain.exception';
import { CharLength, intFromText, PG_INT_MAX, PG_INT_MIN } from './validators';

class Question {
  @CharLength(1, 5)
  text!: string;
}

const messageOf = async (text: unknown): Promise<string | undefined> => {
  const question = Object.assign(new Question(), { text });
  return (await validate(question))[0]?.constraints?.isLength;
};

describe('CharLength', () => {
  it('says which bound a text breaks, in @Length’s words, so that a page says “missing” for an empty one', async () => {
    expect(await messageOf('')).toBe('text must be longer than or equal to 1 characters');
    expect(await messageOf('🏙️🏙️🏙️')).toBe('text must be shorter than or equal to 5 characters');
    expect(await messageOf(42)).toBe('text must be between 1 and 5 characters');
    expect(await messageOf('abc')).toBeUndefined();
  });
});

describe('intFromText', () => {
  const problemOf = (text: string, min?: number) => {
    try {
      intFromText(text, 'version', min);
      return null;
    } catch (error) {
      return (error as DomainException).details;
    }
  };

  it('reads a whole number within the integer column, and names the field and the rule it breaks otherwise', () => {
    expect(intFromText('2147483647', 'version')).toBe(PG_INT_MAX);
    expect(intFromText('-2147483648', 'version')).toBe(PG_INT_MIN);
    expect(problemOf('2147483648')).toEqual([{ field: 'version', rule: 'max', message: 'version must not be greater than 2147483647' }]);
    expect(problemOf('99999999999999999999')).toEqual([expect.objectContaining({ rule: 'max' })]);
    expect(problemOf('0', 1)).toEqual([{ field: 'version', rule: 'min', message: 'version must not be less than 1' }]);
    for (const text of ['1e308', '0x10', '1.5', '', ' 3', 'abc']) expect([text, problemOf(text)]).toEqual([text, [expect.objectContaining({ rule: 'isInt' })]]);
  });
});
