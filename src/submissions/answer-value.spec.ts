import type { FrameworkNode } from '../engine/framework.model';
import { checkAnswerValue, checkSelfPoints } from './answer-value';

const leaf = (input: FrameworkNode['input'], scoring: FrameworkNode['scoring'] = { rule: 'manual' }, maxPoints = 10): FrameworkNode => ({
  code: 'X.1',
  name: { vi: 'Chỉ tiêu' },
  maxPoints,
  input,
  scoring,
});

describe('checkAnswerValue', () => {
  const boolean = leaf({ type: 'boolean' }, { rule: 'boolean' });
  const percent = leaf({ type: 'percent' }, { rule: 'ratio', target: 100 });
  const integer = leaf({ type: 'integer', min: 0, max: 50 }, { rule: 'bands', bands: [{ min: 0, points: 0 }] });
  const choice = leaf({ type: 'choice' }, { rule: 'choice', options: [{ value: 'none', points: 0 }, { value: 'full', points: 10 }] });
  const numbers = leaf({ type: 'numbers', names: ['numerator', 'denominator'] }, { rule: 'formula', expression: 'numerator / denominator * maxPoints' });

  it.each([
    [boolean, true, true],
    [boolean, null, null],
    [percent, 99.5, 99.5],
    [integer, 50, 50],
    [choice, 'full', 'full'],
    [numbers, { numerator: 3, denominator: 4 }, { numerator: 3, denominator: 4 }],
  ])('accepts a value of the input type', (node, value, expected) => {
    expect(checkAnswerValue(node, value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [boolean, 'có', 'isBoolean'],
    [boolean, 1, 'isBoolean'],
    [percent, 100.01, 'max'],
    [percent, -1, 'min'],
    [percent, '50', 'isNumber'],
    [integer, 2.5, 'isInt'],
    [integer, 51, 'max'],
    [choice, 'partial', 'isIn'],
    [numbers, { numerator: 1 }, 'isNumber'],
    [numbers, { numerator: 1, denominator: 2, extra: 3 }, 'unknownField'],
    [numbers, [1, 2], 'isObject'],
  ])('refuses %# with its rule', (node, value, rule) => {
    expect(checkAnswerValue(node, value)).toMatchObject({ ok: false, rule });
  });

  it('gives a refused bound as a number beside the message, for the pages to say in their own words', () => {
    expect(checkAnswerValue(percent, 500)).toEqual({ ok: false, rule: 'max', message: 'must be at most 100', params: { max: 100 } });
    expect(checkAnswerValue(integer, -1)).toMatchObject({ rule: 'min', params: { min: 0 } });
    expect(checkAnswerValue(numbers, { numerator: -1, denominator: 2 })).toMatchObject({ rule: 'min', params: { part: 'numerator', min: 0 } });
  });

  it('takes self points for a manual leaf only, within 0..max', () => {
    const manual = leaf({ type: 'text' }, { rule: 'manual' }, 8);
    expect(checkSelfPoints(manual, 8)).toEqual({ ok: true, value: 8 });
    expect(checkSelfPoints(manual, 9)).toMatchObject({ ok: false, rule: 'max' });
    expect(checkSelfPoints(manual, '8')).toMatchObject({ ok: false, rule: 'isNumber' });
    expect(checkSelfPoints(boolean, 1)).toMatchObject({ ok: false, rule: 'manualOnly' });
    expect(checkAnswerValue(manual, 'Đã ban hành kế hoạch')).toEqual({ ok: true, value: 'Đã ban hành kế hoạch' });
  });

  it('keeps Vietnamese and emoji text, normalised to NFC, and refuses very long text', () => {
    const plain = leaf({ type: 'text' });
    expect(checkAnswerValue(plain, 'Đã triển khai 🚀 <b>x</b>\'; DROP TABLE answers;--')).toEqual({
      ok: true,
      value: 'Đã triển khai 🚀 <b>x</b>\'; DROP TABLE answers;--',
    });
    expect(checkAnswerValue(plain, 'Đa\u0300')).toEqual({ ok: true, value: 'Đà' });
    expect(checkAnswerValue(plain, 'x'.repeat(10_001))).toMatchObject({ ok: false, rule: 'maxLength' });
  });
});
