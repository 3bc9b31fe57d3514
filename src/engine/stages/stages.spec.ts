import { benchFramework, benchUnits } from '../../bench/engine.bench';
import { EngineFrameworkError } from '../errors';
import type { Framework, FrameworkNode, Normalization } from '../framework.model';
import { compilePlan, ROOT_CODE } from '../plan';
import { score, scorePlan } from '../score';
import type { ScoreResult } from '../types';
import { prepareColumns } from './prepare';
import { scoreColumns } from './score-columns';

// Every rule and normalisation (minmax, goalposts) in points groups under weighted-mean pillars.
const framework = benchFramework(24);
const plan = compilePlan(framework);
const units = benchUnits(framework, 60, 7);

/** The whole result, node and pillar records included (JSON keeps every double exactly). */
const whole = (r: ScoreResult): string => JSON.stringify(r);

/** The framework with some nodes changed, as a reader re-weighting it would write it. */
function edited(base: Framework, edit: (node: FrameworkNode) => void, top: Partial<Framework> = {}): Framework {
  const copy = structuredClone(base);
  const walk = (ns: FrameworkNode[]): void =>
    ns.forEach((n) => {
      edit(n);
      if (n.children) walk(n.children);
    });
  walk(copy.nodes);
  return { ...copy, ...top };
}

describe('scoreColumns: the later stages again, without parsing', () => {
  const columns = prepareColumns(plan, units);

  it('with the official weights is scorePlan bit for bit, however often it runs', () => {
    const expected = whole(scorePlan(plan, units));
    expect(whole(scoreColumns(plan, columns))).toBe(expected);
    scoreColumns(plan, columns, { weights: { P1: 9 }, normalization: { I006: { method: 'zscore' } } });
    expect(whole(scoreColumns(plan, columns))).toBe(expected);
  });

  it('is scorePlan bit for bit through imputation, screening, treatment, dropped values and keepStages', () => {
    const grouped = units.map((u, i) => ({ ...u, groups: { g: `G${i % 4}` } }));
    const f: Framework = {
      ...framework,
      missing: 'drop',
      result: { scale: 100, precision: 2, rankWithin: 'g' },
      pipeline: { impute: { method: 'group_mean', group: 'g' }, screen: { minAvailability: 0.99, basis: 'raw' }, treat: { skew: 0.5, kurtosis: 1, maxWinsorised: 3 } },
    };
    const p = compilePlan(f);
    const options = { keepStages: true, rankNodes: 'all' as const };
    const cols = prepareColumns(p, grouped, options);
    const expected = scorePlan(p, grouped, options);
    expect(expected.units.some((u) => u.status === 'screened_out')).toBe(true);
    expect(whole(scoreColumns(p, cols))).toBe(whole(expected));
    expect(whole(scoreColumns(p, cols))).toBe(whole(expected));
  });

  it('with other weights gives what scorePlan gives for a framework with those weights', () => {
    const weights: Record<string, number> = { P1: 0.5, P3: 7, 'P2.G1': 3, 'P4.G5': 0 };
    const reweighted = edited(framework, (n) => {
      if (n.code in weights) n.weight = weights[n.code];
    });
    expect(whole(scoreColumns(plan, columns, { weights }))).toBe(whole(score(reweighted, units)));
  });

  it('with other aggregations (the index too) gives what scorePlan gives for that framework', () => {
    const aggregation = { [ROOT_CODE]: 'geometric_mean', P2: 'geometric_mean', 'P3.G2': 'weighted_mean' } as const;
    const regrouped = edited(
      framework,
      (n) => {
        if (n.code === 'P2') n.aggregation = 'geometric_mean';
        if (n.code === 'P3.G2') n.aggregation = 'weighted_mean';
      },
      { aggregation: 'geometric_mean' },
    );
    expect(whole(scoreColumns(plan, columns, { aggregation }))).toBe(whole(score(regrouped, units)));
  });

  it('with other normalisations gives what scorePlan gives for that framework', () => {
    const normalization: Record<string, Normalization> = { I006: { method: 'zscore', mean: 10, sd: 2 }, I007: { method: 'minmax', lower: 1, upper: 100 } };
    const renormalised = edited(framework, (n) => {
      if (n.code in normalization) n.normalization = normalization[n.code];
    });
    expect(whole(scoreColumns(plan, columns, { normalization }))).toBe(whole(score(renormalised, units)));
  });

  it('refuses what compilePlan would refuse', () => {
    expect(() => scoreColumns(plan, columns, { weights: { NOPE: 1 } })).toThrow(EngineFrameworkError);
    expect(() => scoreColumns(plan, columns, { weights: { P1: -1 } })).toThrow(EngineFrameworkError);
    expect(() => scoreColumns(plan, columns, { normalization: { I001: { method: 'zscore' } } })).toThrow(EngineFrameworkError);
    expect(() => scoreColumns(plan, columns, { aggregation: { I001: 'points' } })).toThrow(EngineFrameworkError);
    // A points group needs its children's maxPoints: P1 as points over groups that became means without one.
    expect(() => scoreColumns(plan, columns, { aggregation: { 'P1.G1': 'weighted_mean', P1: 'points' } })).toThrow(EngineFrameworkError);
  });
});
