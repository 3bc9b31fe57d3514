import { Prng } from './prng';
import { aggregationChoice, candidates, choice, uniformSource, weightDirichlet, weightRange } from './sources';

describe('sources of uncertainty', () => {
  const rng = new Prng(11);

  it('weightRange: each weight within ± factor of its official value, centred on it (COINr\'s NoiseFactor)', () => {
    const src = weightRange([1, 2, 0, 4], 0.25);
    const into = src.alloc();
    const sum = [0, 0, 0, 0];
    const n = 20_000;
    for (let k = 0; k < n; k++) {
      const w = src.draw(rng, into);
      expect(w).toBe(into);
      [1, 2, 0, 4].forEach((o, i) => {
        expect(w[i]).toBeGreaterThanOrEqual(o * 0.75);
        expect(w[i]).toBeLessThanOrEqual(o * 1.25);
        sum[i] += w[i];
      });
    }
    [1, 2, 0, 4].forEach((o, i) => expect(Math.abs(sum[i] / n - o)).toBeLessThan(0.01 * Math.max(o, 1)));
    expect(Array.from(src.nominal)).toEqual([1, 2, 0, 4]);
    expect(() => weightRange([1], 1)).toThrow(RangeError);
    expect(() => weightRange([-1], 0.1)).toThrow(RangeError);
  });

  it('weightDirichlet: the same total, the official weights on average, zeros kept, tighter with a larger concentration', () => {
    const spread = (concentration: number) => {
      const src = weightDirichlet([1, 3, 0, 6], concentration);
      const into = src.alloc();
      const n = 10_000;
      const s = [0, 0, 0, 0];
      let sq = 0;
      for (let k = 0; k < n; k++) {
        const w = src.draw(rng, into);
        expect(Math.abs(w[0] + w[1] + w[2] + w[3] - 10)).toBeLessThan(1e-9);
        expect(w[2]).toBe(0);
        for (let i = 0; i < 4; i++) s[i] += w[i];
        sq += (w[1] - 3) ** 2;
      }
      [1, 3, 0, 6].forEach((o, i) => expect(Math.abs(s[i] / n - o)).toBeLessThan(0.05));
      return Math.sqrt(sq / n);
    };
    // sd of a weight = total × sqrt(p(1 − p) / (c + 1)): 10 × sqrt(0.21 / 11) ≈ 1.38 and 10 × sqrt(0.21 / 201) ≈ 0.32.
    expect(spread(10)).toBeCloseTo(1.38, 1);
    expect(spread(200)).toBeCloseTo(0.32, 1);
  });

  it('choice and aggregationChoice: every option equally likely; the nominal may be any value', () => {
    const src = choice(['a', 'b', 'c'], 'official');
    const counts: Record<string, number> = {};
    for (let k = 0; k < 30_000; k++) {
      const v = src.draw(rng, src.alloc());
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['a', 'b', 'c']);
    for (const c of Object.values(counts)) expect(Math.abs(c / 30_000 - 1 / 3)).toBeLessThan(0.015);
    expect(src.nominal).toBe('official');
    expect(aggregationChoice().nominal).toBe('arithmetic');
    expect(() => choice([])).toThrow(RangeError);
  });

  it('candidates: each cell drawn among its own values; a cell with one or none never moves', () => {
    const src = candidates([[1, 2, 3], [7], [], [0.5, 0.25]], [2, 7, 9, 0.5]);
    const into = src.alloc();
    const seen = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
    for (let k = 0; k < 1000; k++) {
      const v = src.draw(rng, into);
      for (let c = 0; c < 4; c++) seen[c].add(v[c]);
    }
    expect(seen.map((s) => [...s].sort())).toEqual([[1, 2, 3], [7], [9], [0.25, 0.5]]);
    expect(Array.from(src.nominal)).toEqual([2, 7, 9, 0.5]);
  });

  it('uniformSource: on [lo, hi), nominal the middle by default', () => {
    const src = uniformSource(2, 4);
    for (let k = 0; k < 1000; k++) {
      const x = src.draw(rng, src.alloc());
      expect(x).toBeGreaterThanOrEqual(2);
      expect(x).toBeLessThan(4);
    }
    expect(src.nominal).toBe(3);
  });
});
