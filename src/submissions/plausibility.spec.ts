import type { FrameworkNode } from '../engine/framework.model';
import { plausibilityWarnings } from './plausibility';

const ratio: FrameworkNode = {
  code: 'R',
  name: { vi: 'Tỷ lệ' },
  maxPoints: 10,
  input: { type: 'numbers', names: ['numerator', 'denominator'] },
  scoring: { rule: 'formula', expression: 'denominator > 0 ? min(1, numerator / denominator) * maxPoints : 0' },
};
const percent: FrameworkNode = { code: 'P', name: { vi: 'Phần trăm' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } };
const count: FrameworkNode = { code: 'C', name: { vi: 'Số' }, maxPoints: 10, input: { type: 'integer' }, scoring: { rule: 'ratio', target: 50 } };
const rules = (w: ReturnType<typeof plausibilityWarnings>) => w.map((x) => x.rule);

describe('plausibilityWarnings: soft warnings on an accepted answer', () => {
  it('warns of a numerator above its denominator, with both numbers, and not of one at or below it', () => {
    expect(plausibilityWarnings(ratio, { numerator: 500, denominator: 100 })).toEqual([
      { rule: 'numeratorAboveDenominator', params: { numerator: 500, denominator: 100 } },
    ]);
    expect(plausibilityWarnings(ratio, { numerator: 3, denominator: 0 })).toEqual([expect.objectContaining({ rule: 'numeratorAboveDenominator' })]);
    expect(plausibilityWarnings(ratio, { numerator: 100, denominator: 100 })).toEqual([]);
    expect(plausibilityWarnings(ratio, { numerator: 0, denominator: 0 })).toEqual([]);
  });

  it('warns of a value outside the framework’s expected range, inclusive bounds, with the bounds it names', () => {
    const leaf = { ...count, expected: { min: 10, max: 40 } };
    expect(plausibilityWarnings(leaf, 41)).toEqual([{ rule: 'outsideExpected', params: { value: 41, min: 10, max: 40 } }]);
    expect(plausibilityWarnings(leaf, 9)).toEqual([{ rule: 'outsideExpected', params: { value: 9, min: 10, max: 40 } }]);
    expect(plausibilityWarnings(leaf, 10)).toEqual([]);
    expect(plausibilityWarnings(leaf, 40)).toEqual([]);
    expect(plausibilityWarnings({ ...count, expected: { max: 5 } }, 6)).toEqual([{ rule: 'outsideExpected', params: { value: 6, max: 5 } }]);
  });

  it('warns of a value far from last year: above half of it by default, or the framework’s own change', () => {
    expect(plausibilityWarnings(count, 31, { lastYear: 20 })).toEqual([{ rule: 'farFromLastYear', params: { value: 31, lastYear: 20, change: 0.5 } }]);
    expect(plausibilityWarnings(count, 9, { lastYear: 20 })).toEqual([expect.objectContaining({ rule: 'farFromLastYear' })]);
    expect(plausibilityWarnings(count, 30, { lastYear: 20 })).toEqual([]);
    expect(plausibilityWarnings({ ...count, expected: { change: 0.2 } }, 25, { lastYear: 20 })).toEqual([
      { rule: 'farFromLastYear', params: { value: 25, lastYear: 20, change: 0.2 } },
    ]);
    expect(plausibilityWarnings(count, 25, { lastYear: null })).toEqual([]);
  });

  it('measures a small last year against a floor: 2 % to 6 % is not far, 0 to 1 of a count is, 0 % to 40 % is', () => {
    expect(plausibilityWarnings(percent, 6, { lastYear: 2 })).toEqual([]);
    expect(rules(plausibilityWarnings(percent, 40, { lastYear: 0 }))).toEqual(['farFromLastYear']);
    expect(rules(plausibilityWarnings(count, 2, { lastYear: 0 }))).toEqual(['farFromLastYear']);
  });

  it('compares each part of a numbers answer with last year’s, naming the part', () => {
    expect(plausibilityWarnings(ratio, { numerator: 90, denominator: 100 }, { lastYear: { numerator: 40, denominator: 95 } })).toEqual([
      { rule: 'farFromLastYear', part: 'numerator', params: { value: 90, lastYear: 40, change: 0.5 } },
    ]);
  });

  it('warns of a percent of exactly 0 or 100 only where fewer than 1 in 10 of last year’s (at least 5) answers were that', () => {
    expect(plausibilityWarnings(percent, 100, { lastYearShare: { answers: 20, same: 1 } })).toEqual([{ rule: 'rareExtreme', params: { value: 100, share: 0.05 } }]);
    expect(rules(plausibilityWarnings(percent, 0, { lastYearShare: { answers: 20, same: 0 } }))).toEqual(['rareExtreme']);
    expect(plausibilityWarnings(percent, 100, { lastYearShare: { answers: 20, same: 5 } })).toEqual([]);
    expect(plausibilityWarnings(percent, 100, { lastYearShare: { answers: 4, same: 0 } })).toEqual([]);
    expect(plausibilityWarnings(percent, 99, { lastYearShare: { answers: 20, same: 0 } })).toEqual([]);
    expect(plausibilityWarnings(count, 0, { lastYearShare: { answers: 20, same: 0 } })).toEqual([]);
  });

  it('says an extreme outside the expected range once, as outside the range', () => {
    const leaf = { ...percent, expected: { max: 95 } };
    expect(rules(plausibilityWarnings(leaf, 100, { lastYearShare: { answers: 20, same: 0 } }))).toEqual(['outsideExpected']);
  });

  it('says nothing of an empty answer, a boolean, a choice or a text', () => {
    expect(plausibilityWarnings(ratio, null, { lastYear: { numerator: 1, denominator: 2 } })).toEqual([]);
    expect(plausibilityWarnings({ ...count, input: { type: 'boolean' } }, true, { lastYear: false })).toEqual([]);
    expect(plausibilityWarnings({ ...count, input: { type: 'text' } }, 'x', { lastYear: 'y' })).toEqual([]);
  });
});
