import type { FrameworkNode } from '../engine/framework.model';
import { answerValue, formNumber, formVersion, numberText, typedAnswer, typedFromStored } from './form-values';
import { createViewEnvironment } from './view-setup';
import { WebSessionSettings } from './session';
import { safeNext } from './web-auth';

const leaf = (input: FrameworkNode['input'], extra: Partial<FrameworkNode> = {}): FrameworkNode => ({ code: 'X.01', name: { vi: 'x' }, input, ...extra });

describe('form values of the web app', () => {
  it('reads numbers as people type them, passing anything else on for the service to refuse', () => {
    expect(formNumber('')).toBeNull();
    expect(formNumber(' 12 ')).toBe(12);
    expect(formNumber('12,5')).toBe(12.5);
    expect(formNumber('-3.25')).toBe(-3.25);
    expect(formNumber('nhiều')).toBe('nhiều');
    expect(formNumber('1e3')).toBe('1e3');
  });

  it('gives each input type the JSON shape of the API, empty as null, and back', () => {
    const numbers = leaf({ type: 'numbers', names: ['numerator', 'denominator'] });
    const body = { 'value[X.01][numerator]': '3', 'value[X.01][denominator]': '4,5', 'note[X.01]': 'n' };
    const typed = typedAnswer(body, numbers);
    expect(answerValue(numbers, typed)).toEqual({ numerator: 3, denominator: 4.5 });
    expect(answerValue(numbers, typedAnswer({}, numbers))).toBeNull();
    expect(typedFromStored(numbers, { numerator: 3, denominator: 4.5 }, 'n', null, 'en')).toEqual({ value: '', parts: { numerator: '3', denominator: '4.5' }, note: 'n', points: '' });
    const yes = leaf({ type: 'boolean' });
    expect(answerValue(yes, { value: 'true', parts: {}, note: '', points: '' })).toBe(true);
    expect(answerValue(yes, { value: 'false', parts: {}, note: '', points: '' })).toBe(false);
    expect(answerValue(yes, { value: '', parts: {}, note: '', points: '' })).toBeNull();
    expect(answerValue(leaf({ type: 'percent' }), { value: '75', parts: {}, note: '', points: '' })).toBe(75);
    expect(answerValue(leaf({ type: 'text' }), { value: '<b>x</b>', parts: {}, note: '', points: '' })).toBe('<b>x</b>');
  });
});

describe('the hidden version of a form', () => {
  it('is the version read, 0 when missing, and a refusal naming it beyond the integer column', () => {
    expect(formVersion('7')).toBe(7);
    expect(formVersion(['7', '8'])).toBe(7);
    expect(formVersion(undefined)).toBe(0);
    expect(formVersion('')).toBe(0);
    expect(() => formVersion('2147483648')).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'version', rule: 'max' })] }));
    expect(() => formVersion('1e308')).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'version', rule: 'isInt' })] }));
  });
});

describe('numbers shown back in the page’s language', () => {
  it('writes a stored decimal with a comma in Vietnamese and a dot in English, read back by formNumber as the same number', () => {
    expect(numberText(33.5, 'vi')).toBe('33,5');
    expect(numberText(33.5, 'en')).toBe('33.5');
    expect(numberText(-0.25, 'vi')).toBe('-0,25');
    expect(numberText(1234.5, 'vi')).toBe('1234,5');
    expect(numberText(42, 'vi')).toBe('42');
    for (const n of [33.5, -0.25, 1234.5, 42]) for (const lang of ['vi', 'en'] as const) expect(formNumber(numberText(n, lang))).toBe(n);
  });

  it('fills every number field of a stored answer that way: the value, each part, the self points; text stays as it is', () => {
    const percent = leaf({ type: 'percent' });
    expect(typedFromStored(percent, 33.5, null, 7.5, 'vi')).toEqual({ value: '33,5', parts: {}, note: '', points: '7,5' });
    expect(typedFromStored(percent, 33.5, null, 7.5, 'en')).toEqual({ value: '33.5', parts: {}, note: '', points: '7.5' });
    const numbers = leaf({ type: 'numbers', names: ['numerator', 'denominator'] });
    expect(typedFromStored(numbers, { numerator: 3, denominator: 4.5 }, null, null, 'vi').parts).toEqual({ numerator: '3', denominator: '4,5' });
    expect(typedFromStored(leaf({ type: 'text' }), '3.5 km', null, null, 'vi').value).toBe('3.5 km');
    expect(typedFromStored(leaf({ type: 'boolean' }), false, null, null, 'vi').value).toBe('false');
  });

  it('gives the views a `decimal` filter for numbers shown as typed (points, bounds)', () => {
    const env = createViewEnvironment();
    expect(env.renderString('{{ 2.5 | decimal }}|{{ 10 | decimal }}|{{ none | decimal }}', { lang: 'vi', none: null })).toBe('2,5|10|');
    expect(env.renderString('{{ 2.5 | decimal }}', { lang: 'en' })).toBe('2.5');
  });
});

describe('CSRF tokens and redirects', () => {
  const settings = new WebSessionSettings({ JWT_SECRET: 'x'.repeat(40), JWT_TTL_SECONDS: 3600, NODE_ENV: 'production' });
  const seed = 'A'.repeat(43);

  it('accepts only the HMAC of this browser’s seed', () => {
    const token = settings.csrfToken(seed);
    expect(settings.csrfValid(seed, token)).toBe(true);
    expect(settings.csrfValid('B'.repeat(43), token)).toBe(false);
    expect(settings.csrfValid(seed, `${token}x`)).toBe(false);
    expect(settings.csrfValid(seed, undefined)).toBe(false);
    expect(settings.csrfValid(undefined, token)).toBe(false);
    expect(settings.csrfValid('short', settings.csrfToken('short'))).toBe(false);
    expect(settings.cookieOptions()).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: true });
  });

  it('goes back only to a path of this site', () => {
    expect(safeNext('/app/units/1/cycles?x=1')).toBe('/app/units/1/cycles?x=1');
    expect(safeNext('//evil.example/')).toBe('/app');
    expect(safeNext('/\\evil.example')).toBe('/app');
    expect(safeNext('https://evil.example/')).toBe('/app');
    expect(safeNext(undefined)).toBe('/app');
  });
});
