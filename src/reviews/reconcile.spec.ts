import type { Framework } from '../engine/framework.model';
import { rulePoints } from './leaf-points';
import { median, reconcile, type ReviewerPoints } from './reconcile';
import { ReviewPolicy } from './review-policy';

const r = (reviewerId: string, points: number | null, value: ReviewerPoints['value'] = points, isLead = false): ReviewerPoints => ({ reviewerId, isLead, value, points });

describe('reconcile', () => {
  it('single: the one reviewer', () => {
    expect(reconcile(ReviewPolicy.Single, [r('a', 7)], 10, 0.2)).toMatchObject({ points: 7, value: 7, flagged: false, spread: 0 });
  });

  it('median of 3 and of 4 (the mean of the middle two), hand-computed', () => {
    expect(reconcile(ReviewPolicy.Median, [r('a', 6), r('b', 5), r('c', 7)], 10, 0.2)).toMatchObject({ points: 6, value: 6, flagged: false });
    expect(reconcile(ReviewPolicy.Median, [r('a', 4), r('b', 5), r('c', 6), r('d', 5.5)], 10, 0.2)).toMatchObject({ points: 5.25, flagged: false });
    expect(median([3, 1, 2])).toBe(2);
  });

  it('mean, hand-computed; the value kept is the nearest reviewer\'s', () => {
    const out = reconcile(ReviewPolicy.Mean, [r('a', 4, 40), r('b', 5, 50), r('c', 6, 60)], 10, 0.2);
    expect(out).toMatchObject({ points: 5, value: 50, flagged: false, spread: 2, threshold: 2 });
    expect(reconcile(ReviewPolicy.Mean, [r('a', 5), r('b', 6)], 10, 0.2).points).toBe(5.5);
  });

  it('lead: the lead reviewer\'s points and value, whatever the others say (within the threshold)', () => {
    expect(reconcile(ReviewPolicy.Lead, [r('a', 4, 'x'), r('b', 5, 'y', true), r('c', 6, 'z')], 10, 0.2)).toMatchObject({ points: 5, value: 'y', flagged: false });
  });

  it('the disagreement flag: a spread equal to share × max is not flagged, just above it is', () => {
    // max 10, share 0.2: threshold 2.
    expect(reconcile(ReviewPolicy.Median, [r('a', 5), r('b', 7)], 10, 0.2)).toMatchObject({ flagged: false, points: 6, spread: 2 });
    const above = reconcile(ReviewPolicy.Median, [r('a', 5), r('b', 7.01)], 10, 0.2);
    expect(above).toMatchObject({ flagged: true, points: null, value: null });
    // Floating point: 0.1 + 0.2 style sums at the edge count as equal.
    expect(reconcile(ReviewPolicy.Mean, [r('a', 0.1 + 0.2), r('b', 0.6)], 1, 0.3).flagged).toBe(false);
    expect(reconcile(ReviewPolicy.Mean, [r('a', 0.3), r('b', 0.60001)], 1, 0.3).flagged).toBe(true);
    // One reviewer is never in disagreement.
    expect(reconcile(ReviewPolicy.Median, [r('a', 0)], 10, 0).flagged).toBe(false);
  });

  it('leaves without points: agreeing values pass, numbers are reconciled, other differences are flagged', () => {
    expect(reconcile(ReviewPolicy.Median, [r('a', null, 3), r('b', null, 5), r('c', null, 4)], 0, 0.2)).toMatchObject({ value: 4, flagged: false });
    expect(reconcile(ReviewPolicy.Median, [r('a', null, 'x'), r('b', null, 'y')], 0, 0.2).flagged).toBe(true);
    expect(reconcile(ReviewPolicy.Median, [r('a', null, 'x'), r('b', null, 'x')], 0, 0.2)).toMatchObject({ value: 'x', flagged: false });
  });
});

describe('rulePoints', () => {
  const framework: Framework = {
    code: 'R', version: '1', level: 'province', year: 2022, name: { vi: 'R' }, source: 's', result: { scale: 1, precision: 4 }, aggregation: 'points',
    nodes: [
      {
        code: 'G', name: { vi: 'G' }, children: [
          { code: 'B', name: { vi: 'B' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' } },
          { code: 'P', name: { vi: 'P' }, maxPoints: 10, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 80 } },
          { code: 'M', name: { vi: 'M' }, maxPoints: 20, input: { type: 'text' }, scoring: { rule: 'manual' }, source: 'expert' },
          { code: 'S', name: { vi: 'S' }, maxPoints: 10, input: { type: 'boolean' }, scoring: { rule: 'boolean' }, source: 'system' },
        ],
      },
    ],
  };

  it('gives the rule\'s points for each value, 0 for an empty one, null for hand-scored and system leaves', () => {
    expect(rulePoints(framework, { B: true, P: 40, M: 'mô tả', S: true })).toEqual({ B: 10, P: 5, M: null, S: null });
    expect(rulePoints(framework, { B: null, P: 100 })).toEqual({ B: 0, P: 10 });
  });
});
