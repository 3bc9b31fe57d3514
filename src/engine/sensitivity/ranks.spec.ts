import { competitionRanks } from '../rank';
import { Prng } from './prng';
import { quantileSorted } from './quantile';
import { competitionRanksInto } from './ranks';

describe('competitionRanksInto', () => {
  it('gives what the engine\'s competitionRanks gives (ties share the best rank; NaN is unranked: 0)', () => {
    const rng = new Prng(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(40);
      // Few distinct values, so ties are common; some NaN and infinities.
      const values = Array.from({ length: n }, () => {
        const k = rng.nextInt(12);
        return k === 0 ? NaN : k === 1 ? Infinity : rng.nextInt(6) / 4;
      });
      const expected = competitionRanks(values).map((r) => r ?? 0);
      const out = competitionRanksInto(values, new Int32Array(n), new Float64Array(n));
      expect(Array.from(out)).toEqual(expected);
    }
    expect(Array.from(competitionRanksInto([3, 5, 5, 1], new Int32Array(4), new Float64Array(4)))).toEqual([3, 1, 1, 4]);
  });
});

describe('quantileSorted (R type 7)', () => {
  it('interpolates between order statistics as R does', () => {
    const x = [1, 2, 3, 4, 10];
    expect(quantileSorted(x, 0.5)).toBe(3);
    // R: quantile(c(1,2,3,4,10), c(.05,.95)) → 1.2, 8.8
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.2, 12);
    expect(quantileSorted(x, 0.95)).toBeCloseTo(8.8, 12);
    expect(quantileSorted([2, 3], 0.5)).toBe(2.5);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
