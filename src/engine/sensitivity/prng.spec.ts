import { dirichlet, gamma, standardNormal } from './distributions';
import { Prng } from './prng';

describe('xoshiro128**', () => {
  it('reproduces the reference outputs from state (1, 2, 3, 4) (the C reference; rand_xoshiro\'s test vector)', () => {
    const rng = Prng.fromState(1, 2, 3, 4);
    const out = Array.from({ length: 10 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('is the same for the same seed and stream, and differs between seeds, streams and domains', () => {
    const take = (p: Prng) => Array.from({ length: 8 }, () => p.nextUint32());
    expect(take(new Prng(42, 7))).toEqual(take(new Prng(42, 7)));
    const seen = new Set(
      [new Prng(42, 7), new Prng(43, 7), new Prng(42, 8), new Prng(42, 7, 1), new Prng(0), new Prng(1), new Prng(2 ** 32)].map((p) =>
        take(p).join(','),
      ),
    );
    expect(seen.size).toBe(7);
    // reseed puts a generator back at the start of a stream.
    const p = new Prng(5, 3);
    const first = take(p);
    take(p);
    expect(take(p.reseed(5, 3))).toEqual(first);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => new Prng(1.5)).toThrow(RangeError);
  });

  it('gives uniform doubles in [0, 1) and unbiased integers', () => {
    const rng = new Prng(1);
    let sum = 0;
    let min = 1;
    let max = 0;
    const counts = [0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[rng.nextInt(3)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.01);
  });
});

describe('distributions', () => {
  const moments = (draw: () => number, n = 50_000) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = draw();
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    return { mean, variance: s2 / n - mean * mean };
  };

  it('normal: mean 0, variance 1', () => {
    const rng = new Prng(2);
    const m = moments(() => standardNormal(rng));
    expect(Math.abs(m.mean)).toBeLessThan(0.02);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.03);
  });

  it.each([0.3, 1, 2.5, 10])('gamma(%p) (Marsaglia–Tsang): mean and variance equal the shape', (shape) => {
    const rng = new Prng(3);
    const m = moments(() => gamma(rng, shape));
    expect(Math.abs(m.mean - shape) / shape).toBeLessThan(0.03);
    expect(Math.abs(m.variance - shape) / shape).toBeLessThan(0.06);
  });

  it('dirichlet: shares sum to 1, with mean alpha / Σalpha and variance p(1 − p) / (Σalpha + 1)', () => {
    const rng = new Prng(4);
    const alpha = [2, 6, 12];
    const out = new Float64Array(3);
    const n = 20_000;
    const s = [0, 0, 0];
    const s2 = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      dirichlet(rng, alpha, out);
      expect(Math.abs(out[0] + out[1] + out[2] - 1)).toBeLessThan(1e-12);
      for (let i = 0; i < 3; i++) {
        s[i] += out[i];
        s2[i] += out[i] * out[i];
      }
    }
    for (let i = 0; i < 3; i++) {
      const p = alpha[i] / 20;
      const mean = s[i] / n;
      expect(Math.abs(mean - p)).toBeLessThan(0.005);
      expect(Math.abs(s2[i] / n - mean * mean - (p * (1 - p)) / 21) / ((p * (1 - p)) / 21)).toBeLessThan(0.06);
    }
  });
});
