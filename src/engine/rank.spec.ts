import { competitionRanks, competitionRanksInto, groupRanks } from './rank';
import { roundTo } from './round';

describe('competitionRanks', () => {
  it('gives 1, 2, 2, 4 and leaves null unranked', () => {
    expect(competitionRanks([0.9, 0.8, 0.8, 0.7])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([0.7, null, 0.8, 0.9, 0.8])).toEqual([4, null, 2, 1, 2]);
    expect(competitionRanks([])).toEqual([]);
    expect(competitionRanks([Number.NaN, 1])).toEqual([null, 1]);
  });

  it('ranks within groups', () => {
    expect(groupRanks([0.5, 0.9, 0.7, 0.9], ['a', 'b', 'a', 'b'])).toEqual([2, 1, 1, 1]);
  });
});

describe('roundTo', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundTo(0.12345, 4)).toBe(0.1235);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(0.80019999, 4)).toBe(0.8002);
    expect(roundTo(-0.00001, 2)).toBe(0);
    expect(Object.is(roundTo(-0.00001, 2), -0)).toBe(false);
  });
});

describe('competitionRanksInto', () => {
  it('gives each value 1 + the number of finite values strictly above it, and 0 to a non-finite one', () => {
    let seed = 9;
    const next = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + next(40);
      // Few distinct values, so ties are common; some NaN and infinities.
      const values = Array.from({ length: n }, () => {
        const k = next(12);
        return k === 0 ? NaN : k === 1 ? Infinity : next(6) / 4;
      });
      const finite = values.filter((v) => Number.isFinite(v));
      const expected = values.map((v) => (Number.isFinite(v) ? 1 + finite.filter((w) => w > v).length : 0));
      expect(Array.from(competitionRanksInto(values, new Int32Array(n), new Float64Array(n)))).toEqual(expected);
      expect(competitionRanks(values)).toEqual(expected.map((r) => (r === 0 ? null : r)));
    }
    expect(Array.from(competitionRanksInto([3, 5, 5, 1], new Int32Array(4), new Float64Array(4)))).toEqual([3, 1, 1, 4]);
  });
});
