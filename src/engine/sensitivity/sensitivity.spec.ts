import { SampleDrawer } from './design';
import { rankSensitivity, sensitivity } from './saltelli';
import { candidates, choice, nominalSample, uniformSource, weightDirichlet, weightRange } from './sources';
import { uncertainty } from './uncertainty';

/** Every number of a result as the bytes of a Float64: equality of these is equality bit for bit. */
function bits(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') out.push(Buffer.from(new Float64Array([v]).buffer).toString('hex'));
    else if (ArrayBuffer.isView(v)) Array.from(v as unknown as ArrayLike<number>).forEach(walk);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) {
        out.push(k);
        walk((v as Record<string, unknown>)[k]);
      }
    } else out.push(String(v));
  };
  walk(value);
  return out.join(' ');
}

// The test function of COINr's SA_estimate example: Y = X1 + 2 X2 + 3 X3, X_i ~ U(0, 1) independent.
// Linear and additive: S_i = ST_i = a_i² / Σ a_j² = 1/14, 4/14, 9/14.
const a = [1, 2, 3];
const truth = a.map((x) => (x * x) / a.reduce((s, y) => s + y * y, 0));
const linearSources = { x1: uniformSource(), x2: uniformSource(), x3: uniformSource() };
const linear = (s: { x1: number; x2: number; x3: number }) => a[0] * s.x1 + a[1] * s.x2 + a[2] * s.x3;

describe('Saltelli sensitivity indices: a case with a known answer', () => {
  const result = sensitivity(linearSources, linear, { seed: 2026, samples: 10_000, bootstrap: 1000 });

  it('estimates first-order and total-effect indices within their bootstrap intervals, close to a_i² / Σ a_j²', () => {
    // The numbers, for a report: SENSITIVITY_REPORT=1 npx jest src/engine/sensitivity --selectProjects unit
    if (process.env.SENSITIVITY_REPORT) console.error(
      'Y = X1 + 2X2 + 3X3, N = 10,000, 1,000 bootstrap, 90 % intervals\n' +
        result.indices
          .map(
            (x, i) =>
              `${x.source}: truth ${truth[i].toFixed(4)}; S ${x.first.toFixed(4)} [${x.firstLow.toFixed(4)}, ${x.firstHigh.toFixed(4)}]; ` +
              `ST ${x.total.toFixed(4)} [${x.totalLow.toFixed(4)}, ${x.totalHigh.toFixed(4)}]`,
          )
          .join('\n') +
        `\nvariance ${result.variance.toFixed(5)} (truth ${(14 / 12).toFixed(5)})`,
    );
    expect(result.indices.map((x) => x.source)).toEqual(['x1', 'x2', 'x3']);
    result.indices.forEach((x, i) => {
      expect(x.firstLow).toBeLessThanOrEqual(x.first);
      expect(x.first).toBeLessThanOrEqual(x.firstHigh);
      expect(x.totalLow).toBeLessThanOrEqual(x.total);
      expect(x.total).toBeLessThanOrEqual(x.totalHigh);
      // The truth lies inside both intervals, and the estimates are near it.
      expect(x.firstLow).toBeLessThanOrEqual(truth[i]);
      expect(truth[i]).toBeLessThanOrEqual(x.firstHigh);
      expect(x.totalLow).toBeLessThanOrEqual(truth[i]);
      expect(truth[i]).toBeLessThanOrEqual(x.totalHigh);
      expect(Math.abs(x.first - truth[i])).toBeLessThan(0.03);
      expect(Math.abs(x.total - truth[i])).toBeLessThan(0.02);
    });
    expect(result.variance).toBeCloseTo(14 / 12, 1);
  });

  it('gives a source that does not enter the model indices of zero', () => {
    const r = sensitivity({ ...linearSources, idle: choice(['a', 'b']) }, linear, { seed: 1, samples: 500, bootstrap: 100 });
    const idle = r.indices.find((x) => x.source === 'idle')!;
    expect([idle.first, idle.total, idle.firstLow, idle.totalHigh]).toEqual([0, 0, 0, 0]);
  });

  it('A_B^i is A with source i taken from B, draw for draw', () => {
    const sources = { w: weightDirichlet([1, 2, 3], 20), agg: choice(['arithmetic', 'geometric']), x: uniformSource() };
    const drawer = new SampleDrawer(sources, 77);
    const copy = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v]));
    for (let r = 0; r < 5; r++) {
      const A = copy(drawer.fill(r, 0));
      const B = copy(drawer.fill(r, 1));
      drawer.keys.forEach((key, i) => {
        const ABi = copy(drawer.fill(r, 0, i));
        for (const k of drawer.keys) expect(ABi[k]).toEqual(k === key ? B[k] : A[k]);
      });
    }
  });
});

describe('reproducibility', () => {
  const sources = {
    weights: weightRange([1, 1, 2, 0.5], 0.25),
    dirichlet: weightDirichlet([1, 1, 2, 0.5], 50),
    aggregation: choice(['arithmetic', 'geometric'] as const),
    reviewers: candidates([[0.5, 0.75, 1], [1], [], [0.2, 0.4]]),
  };
  const pillars = [
    [0.9, 0.1, 0.5, 0.3],
    [0.5, 0.5, 0.5, 0.5],
    [0.1, 0.9, 0.4, 0.8],
    [0.6, 0.4, 0.2, 0.9],
    [0.3, 0.3, 0.9, 0.1],
  ];
  const model = (s: typeof sources extends infer S ? { [K in keyof S]: S[K] extends { nominal: infer T } ? T : never } : never, out: Float64Array) => {
    for (let u = 0; u < pillars.length; u++) {
      let sum = 0;
      let w = 0;
      let logs = 0;
      for (let j = 0; j < 4; j++) {
        const x = pillars[u][j] * (0.5 + 0.5 * (s.reviewers[j] || 1)) + 0.01;
        const wj = 0.5 * (s.weights[j] + s.dirichlet[j]);
        sum += wj * x;
        logs += wj * Math.log(x);
        w += wj;
      }
      out[u] = s.aggregation === 'arithmetic' ? sum / w : Math.exp(logs / w);
    }
  };

  it('same seed: the same uncertainty and sensitivity results bit for bit; another seed: different', () => {
    const ua = (seed: number) => uncertainty(sources, model, { seed, units: 5, samples: 300, top: 2, keepRanks: true });
    const sa = (seed: number) => rankSensitivity(sources, model, { seed, units: 5, samples: 200, bootstrap: 200 });
    expect(bits(ua(42))).toBe(bits(ua(42)));
    expect(bits(sa(42))).toBe(bits(sa(42)));
    expect(bits(ua(42))).not.toBe(bits(ua(43)));
    expect(bits(sa(42))).not.toBe(bits(sa(43)));
    // The draws of a row depend on the seed and the row only: 100 samples are the first 100 of 300.
    const short = uncertainty(sources, model, { seed: 42, units: 5, samples: 100, keepRanks: true });
    const long = ua(42);
    for (let u = 0; u < 5; u++) expect(Array.from(short.ranks!.subarray(u * 100, u * 100 + 100))).toEqual(Array.from(long.ranks!.subarray(u * 300, u * 300 + 100)));
  });

  it('nominal sample: each source\'s official value', () => {
    const s = nominalSample(sources);
    expect(Array.from(s.weights)).toEqual([1, 1, 2, 0.5]);
    expect(s.aggregation).toBe('arithmetic');
    expect(Array.from(s.reviewers)).toEqual([0.5, 1, NaN, 0.2]);
  });
});

describe('Monte Carlo ranks where the answer is obvious', () => {
  // A is far ahead; B and C trade places with the weights: each leads the other on one of two equally weighted,
  // equally noisy pillars, so they are tied in expectation; D is never ranked.
  const sources = { w: weightRange([1, 1], 0.5) };
  const model = (s: { w: Float64Array }, out: Float64Array) => {
    const w = s.w[0] + s.w[1];
    out[0] = 100;
    out[1] = s.w[0] / w;
    out[2] = s.w[1] / w;
    out[3] = NaN;
  };
  const result = uncertainty(sources, model, { seed: 7, units: 4, top: 2 });

  it('the unit far ahead: median rank 1, interval [1, 1], P(top 1) = P(keeping its rank) = 1', () => {
    expect(result.samples).toBe(1000);
    expect(Array.from(result.official)).toEqual([1, 2, 2, 0]);
    expect([result.median[0], result.q05[0], result.q95[0], result.mean[0], result.pKeep[0]]).toEqual([1, 1, 1, 1, 1]);
    const top1 = uncertainty(sources, model, { seed: 7, units: 4, top: 1 });
    expect(top1.pTop[0]).toBe(1);
    expect(top1.pTop[1] + top1.pTop[2]).toBe(0);
  });

  it('the two units tied in expectation swap: each second about half the time, interval [2, 3]', () => {
    for (const u of [1, 2]) {
      expect([result.q05[u], result.q95[u]]).toEqual([2, 3]);
      expect(Math.abs(result.pKeep[u] - 0.5)).toBeLessThan(0.05);
      expect(Math.abs(result.mean[u] - 2.5)).toBeLessThan(0.05);
      expect(result.pTop[u]).toBe(result.pKeep[u]);
    }
    // Exactly one of them is second in each sample (equal weights, a tie, have probability 0).
    expect(result.pKeep[1] + result.pKeep[2]).toBe(1);
  });

  it('a unit never ranked has no rank statistics and probabilities 0', () => {
    expect([result.median[3], result.q05[3], result.q95[3]]).toEqual([NaN, NaN, NaN]);
    expect([result.pTop[3], result.pKeep[3]]).toEqual([0, 0]);
  });

  it('takes ranks from a model that ranks for itself', () => {
    const ranked = uncertainty(
      sources,
      (s, out) => {
        model(s, out);
        // Competition ranks of B and C, worked out by hand: the better is 2nd, the other 3rd, both 2nd when equal.
        const b = out[1] >= out[2] ? 2 : 3;
        const c = out[2] >= out[1] ? 2 : 3;
        out.set([1, b, c, NaN]);
      },
      { seed: 7, units: 4, top: 2, output: 'ranks' },
    );
    for (const k of ['median', 'q05', 'q95', 'mean', 'pTop', 'pKeep'] as const) expect(Array.from(ranked[k])).toEqual(Array.from(result[k]));
  });

  it('reports progress, one call per sample', () => {
    const calls: number[] = [];
    uncertainty(sources, model, { seed: 1, units: 4, samples: 5, onProgress: (done, total) => calls.push(done / total) });
    expect(calls).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });
});
