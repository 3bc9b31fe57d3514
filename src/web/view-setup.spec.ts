import { createViewEnvironment, formatNumber } from './view-setup';

describe('the number filters of the views', () => {
  const env = createViewEnvironment();
  const render = (template: string, lang?: string) => env.renderString(template, { lang, points: 30, value: 1234.5, index: 0.5234, none: null });

  it('show a number with fixed decimals in the page’s language: 30,00 in Vietnamese, 30.00 in English', () => {
    expect(render('{{ points | number(2) }}|{{ value | number(1) }}|{{ index | number }}|{{ none | number(2) }}', 'vi')).toBe('30,00|1.234,5|0,5234|—');
    expect(render('{{ points | number(2) }}|{{ value | number(1) }}|{{ index | number }}|{{ none | number(2) }}', 'en')).toBe('30.00|1,234.5|0.5234|—');
    // A page without a language (the public ranking) is Vietnamese.
    expect(render('{{ points | number(2) }}')).toBe('30,00');
  });

  it('show a number as typed in the same language, from the same context (the decimal filter)', () => {
    expect(render('{{ value | decimal }}', 'vi')).toBe('1234,5');
    expect(render('{{ value | decimal }}', 'en')).toBe('1234.5');
  });

  it('follow the page’s language inside a loop', () => {
    const html = env.renderString('{% for p in [1.5, 2] %}{{ p | number(1) }};{% endfor %}', { lang: 'en' });
    expect(html).toBe('1.5;2.0;');
  });

  it('formatNumber takes the language, Vietnamese by default', () => {
    expect(formatNumber(0.5234)).toBe('0,5234');
    expect(formatNumber(30, 2, 'en')).toBe('30.00');
    expect(formatNumber(Number.NaN, 2, 'en')).toBe('—');
  });
});
