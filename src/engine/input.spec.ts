import { ParseIssue, parseRaw } from './input';

describe('parseRaw', () => {
  it('reads booleans in the accepted spellings and refuses others', () => {
    for (const t of [true, 1, 'true', 'TRUE', '1', 'có', 'Có', 'yes']) expect(parseRaw(t, { kind: 'boolean' })).toBe(true);
    for (const f of [false, 0, 'false', '0', 'không', 'no']) expect(parseRaw(f, { kind: 'boolean' })).toBe(false);
    expect(parseRaw('maybe', { kind: 'boolean' })).toBeInstanceOf(ParseIssue);
    expect(parseRaw(2, { kind: 'boolean' })).toBeInstanceOf(ParseIssue);
  });

  it('reads numbers with a dot, refuses text, commas, out-of-range and non-integers', () => {
    expect(parseRaw('12.5', { kind: 'number' })).toBe(12.5);
    expect(parseRaw(' 3 ', { kind: 'number' })).toBe(3);
    expect(parseRaw('1e3', { kind: 'number' })).toBe(1000);
    expect((parseRaw('12,5', { kind: 'number' }) as ParseIssue).issue).toBe('not_a_number');
    expect((parseRaw('abc', { kind: 'number' }) as ParseIssue).issue).toBe('not_a_number');
    expect((parseRaw(Infinity, { kind: 'number' }) as ParseIssue).issue).toBe('not_a_number');
    expect((parseRaw(101, { kind: 'number', min: 0, max: 100 }) as ParseIssue).issue).toBe('out_of_range');
    expect((parseRaw(1.5, { kind: 'number', integer: true }) as ParseIssue).issue).toBe('not_an_integer');
  });

  it('treats null, undefined and empty text as no answer', () => {
    for (const v of [null, undefined, '', '  ']) expect(parseRaw(v, { kind: 'number' })).toBeNull();
  });

  it('reads choices by option value', () => {
    const spec = { kind: 'choice' as const, choices: new Set(['none', 'full', '3']) };
    expect(parseRaw('full', spec)).toBe('full');
    expect(parseRaw(3, spec)).toBe('3');
    expect((parseRaw('half', spec) as ParseIssue).issue).toBe('unknown_choice');
  });

  it('reads named numbers, all or none', () => {
    const spec = { kind: 'numbers' as const, names: ['numerator', 'denominator'] };
    expect(parseRaw({ numerator: 1, denominator: 2 }, spec)).toEqual({ numerator: 1, denominator: 2 });
    expect(parseRaw({ numerator: '1', denominator: '2' } as never, spec)).toEqual({ numerator: 1, denominator: 2 });
    expect(parseRaw({}, spec)).toBeNull();
    expect((parseRaw({ numerator: 1 }, spec) as ParseIssue).issue).toBe('bad_numbers');
    expect((parseRaw(5, spec) as ParseIssue).issue).toBe('bad_numbers');
  });
});
