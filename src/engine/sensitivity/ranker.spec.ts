import { competitionRanks } from '../rank';
import { Prng } from './prng';
import { quantileSorted } from './quantile';
import { CompetitionRanker } from './ranker';

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

describe('CompetitionRanker (radix)', () => {
  it('gives what the engine\'s competitionRanks gives, for ties, ±0, negatives, NaN and infinities', () => {
    const rng = new Prng(10);
    const pool = [0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e-300, 5e-324, 1e300, -1e300, 2.675, 2.68, 0.1 + 0.2, 0.3];
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.nextInt(60);
      const values = Array.from({ length: n }, () => {
        const k = rng.nextInt(20);
        if (k === 0) return NaN;
        if (k === 1) return rng.nextInt(2) ? Infinity : -Infinity;
        if (k < 8) return pool[rng.nextInt(pool.length)];
        return (rng.next() - 0.5) * 10 ** (rng.nextInt(12) - 6);
      });
      const expected = competitionRanks(values).map((r) => r ?? 0);
      const ranker = new CompetitionRanker(n);
      expect(Array.from(ranker.rank(values, new Int32Array(n)))).toEqual(expected);
      // And again with the same ranker (buffers reused).
      expect(Array.from(ranker.rank(values, new Int32Array(n)))).toEqual(expected);
    }
  });
});
