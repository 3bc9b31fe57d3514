import { validate } from 'class-validator';
import { CharLength } from './validators';

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
