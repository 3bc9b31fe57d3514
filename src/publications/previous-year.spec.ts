import type { Framework } from '../engine/framework.model';
import { previousValues } from './previous-year';

const leaf = (code: string, maxPoints: number) => ({ code, name: { vi: code }, maxPoints, input: { type: 'boolean' as const }, scoring: { rule: 'boolean' as const } });
const framework: Framework = {
  code: 'T', version: '1', level: 'province', year: 2024, name: { vi: 'T' }, source: 's', result: { scale: 1, precision: 4 }, aggregation: 'points',
  nodes: [
    { code: 'A', name: { vi: 'A' }, children: [leaf('A.1', 100)] },
    { code: 'B', name: { vi: 'B' }, children: [leaf('B.1', 300)] },
  ],
};
const prior = (unitId: string, code: string, a: number, b: number, rank: number) => ({
  unitId, code, rank, indexRounded: Math.round(((a * 100 + b * 300) / 400) * 1e4) / 1e4, nodeValues: { A: a, B: b },
});

describe('previousValues', () => {
  it('takes a unit\'s own published value and rank when it was published last year', () => {
    const result = previousValues([{ unitId: 'u1', ranked: true, predecessorIds: [] }], [prior('u1', '48', 0.8, 0.8, 1)], framework);
    expect(result.get('u1')).toEqual({ value: 0.8, rank: 1 });
  });

  it('derives a merged unit by averaging its predecessors\' main indicators, recomputes and re-ranks (hand-computed)', () => {
    const last = [prior('p79', '79', 0.8, 0.6, 1), prior('p74', '74', 0.6, 0.5, 2), prior('p77', '77', 0.4, 0.4, 3), prior('p48', '48', 0.9, 0.7, 1)];
    const result = previousValues(
      [
        { unitId: 'n79', ranked: true, predecessorIds: ['p79', 'p74', 'p77'] },
        { unitId: 'n48', ranked: true, predecessorIds: ['p48'] },
      ],
      last,
      framework,
    );
    // 79 (2025): A = (0.8+0.6+0.4)/3 = 0.6, B = (0.6+0.5+0.4)/3 = 0.5 → (60 + 150) / 400 = 0.525
    expect(result.get('n79')).toEqual({ value: 0.525, rank: 2, derivedFrom: ['79', '74', '77'] });
    // 48 (2025): A 0.9, B 0.7 → (90 + 210) / 400 = 0.75, ranked again among the new units
    expect(result.get('n48')).toEqual({ value: 0.75, rank: 1, derivedFrom: ['48'] });
  });

  it('leaves out a unit with no history', () => {
    expect(previousValues([{ unitId: 'x', ranked: true, predecessorIds: [] }], [], framework).has('x')).toBe(false);
  });
});
