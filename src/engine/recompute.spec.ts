import type { Framework } from './framework.model';
import { indexFromNodeValues, mainIndicators } from './recompute';

const leaf = (code: string, maxPoints: number) => ({ code, name: { vi: code }, maxPoints, input: { type: 'boolean' as const }, scoring: { rule: 'boolean' as const } });

// Two groups of main indicators, like 922: I (A 100, B 100, C 0 not scored) and II (D 200).
const framework: Framework = {
  code: 'T',
  version: '1',
  level: 'province',
  year: 2024,
  name: { vi: 'Thử' },
  source: 'test',
  result: { scale: 1, precision: 4 },
  aggregation: 'points',
  nodes: [
    {
      code: 'I',
      name: { vi: 'Nhóm I' },
      children: [
        { code: 'A', name: { vi: 'A' }, children: [leaf('A.1', 60), leaf('A.2', 40)] },
        { code: 'B', name: { vi: 'B' }, children: [leaf('B.1', 100)] },
        { code: 'C', name: { vi: 'C' }, maxPoints: 0, children: [leaf('C.1', 0)] },
      ],
    },
    { code: 'II', name: { vi: 'Nhóm II' }, children: [{ code: 'D', name: { vi: 'D' }, children: [leaf('D.1', 200)] }] },
  ],
};

describe('the merger rule: main-indicator values averaged, then the index recomputed', () => {
  it('finds the main indicators', () => {
    expect(mainIndicators(framework).map((n) => n.code)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('recomputes the index from main-indicator values by points', () => {
    // (0.5·100 + 0.8·100 + 0.25·200) / 400 = 180 / 400
    expect(indexFromNodeValues(framework, { A: 0.5, B: 0.8, C: 1, D: 0.25 })).toBeCloseTo(0.45, 12);
  });

  it('gives a merged province the recomputed average of its predecessors (hand-computed)', () => {
    const p1 = { A: 0.6, B: 0.7, D: 0.5 };
    const p2 = { A: 0.4, B: 0.9, D: 0.3 };
    const p3 = { A: 0.8, B: 0.5, D: 0.7 };
    const avg = Object.fromEntries(Object.keys(p1).map((k) => [k, [p1, p2, p3].reduce((s, p) => s + p[k as keyof typeof p1], 0) / 3]));
    // A 0.6, B 0.7, D 0.5 → (60 + 70 + 100) / 400 = 0.575
    expect(indexFromNodeValues(framework, avg)).toBeCloseTo(0.575, 12);
  });

  it('aggregates a weighted mean of pillars (DTI 2020: 0.4·CQS + 0.3·KTS + 0.3·XHS)', () => {
    const dti2020: Framework = {
      ...framework,
      aggregation: 'weighted_mean',
      nodes: [
        { code: 'CQS', name: { vi: 'CQS' }, weight: 0.4, aggregation: 'points', children: [leaf('CQS.1', 400)] },
        { code: 'KTS', name: { vi: 'KTS' }, weight: 0.3, aggregation: 'points', children: [leaf('KTS.1', 300)] },
        { code: 'XHS', name: { vi: 'XHS' }, weight: 0.3, aggregation: 'points', children: [leaf('XHS.1', 300)] },
      ],
    };
    // Đà Nẵng 2020: 0.4·0.5346 + 0.3·0.4155 + 0.3·0.4964 = 0.48741
    expect(indexFromNodeValues(dti2020, { CQS: 0.5346, KTS: 0.4155, XHS: 0.4964 })).toBeCloseTo(0.48741, 10);
  });
});
