import { asemUnits, loadFramework } from '../../../test/golden/fixtures';
import { goldenAvailable, skipMessage } from '../../../test/golden/golden-data';
import { benchFramework, benchUnits } from '../../bench/engine.bench';
import { EngineInputError } from '../errors';
import type { Framework } from '../framework.model';
import { forEachNode } from '../for-each-node';
import { compilePlan } from '../plan';
import { scorePlan } from '../score';
import type { ScoreOptions, ScoreResult, UnitInput } from '../types';
import { UnitOrderError, UnitStream } from './unit-stream';

/**
 * Everything of a result but the raw answers (the stream keeps none): each unit's head, notes, pillars and every
 * node read with forEachNode, as a run stores them; JSON keeps every double exactly.
 */
function shaped(result: ScoreResult): string {
  const units = result.units.map((u) => {
    const nodes: unknown[] = [];
    forEachNode(u, (code, n) => nodes.push([code, n.value, n.points, n.maxPoints, n.contribution, n.rank, n.groupRank, n.input]));
    return { code: u.code, ranked: u.ranked, status: u.status, index: u.index, indexRounded: u.indexRounded, rank: u.rank, groupRank: u.groupRank, pillars: u.pillars, notes: u.notes, nodes };
  });
  return JSON.stringify({ ...result, units });
}

function streamed(framework: Framework, units: readonly UnitInput[], options: ScoreOptions, expected = units.length): ScoreResult {
  const stream = new UnitStream(compilePlan(framework), expected);
  for (const unit of units) stream.add(unit);
  return stream.score(options);
}

const byCode = (a: UnitInput, b: UnitInput): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

describe('UnitStream: units parsed one at a time, scored as scorePlan scores them all', () => {
  // Every rule and normalisation (minmax, goalposts), with groups, some units unranked.
  const framework = benchFramework(40);
  const units = benchUnits(framework, 80, 11)
    .map((u, i) => ({ ...u, ranked: i % 9 !== 0, groups: { g: `G${i % 3}` } }))
    .sort(byCode);

  it.each<[string, ScoreOptions, number]>([
    ['a plain run, columns sized exactly', {}, 80],
    ['ranks within groups, every node, columns grown from 1', { rankWithin: 'g', rankNodes: 'all' }, 1],
    ['ranks within groups only, columns cut from 500', { rankWithin: 'g', rankAcrossGroups: false, keepStages: true }, 500],
  ])('bit for bit: %s', (_, options, expected) => {
    expect(shaped(streamed(framework, units, options, expected))).toBe(shaped(scorePlan(compilePlan(framework), units, options)));
  });

  it('bit for bit through imputation, screening by raw availability, treatment, dropped values and keepStages', () => {
    const f: Framework = {
      ...framework,
      missing: 'drop',
      result: { scale: 100, precision: 2, rankWithin: 'g' },
      pipeline: { impute: { method: 'group_mean', group: 'g' }, screen: { minAvailability: 0.99, basis: 'raw' }, treat: { skew: 0.5, kurtosis: 1, maxWinsorised: 3 } },
    };
    const options: ScoreOptions = { keepStages: true, rankNodes: 'all', rankWithin: 'g' };
    const expected = scorePlan(compilePlan(f), units, options);
    expect(expected.units.some((u) => u.status === 'screened_out')).toBe(true);
    expect(shaped(streamed(f, units, options))).toBe(shaped(expected));
  });

  const asem = goldenAvailable('asem', 'ASEM_iData.csv');
  // Without COINr's data (a clone outside this workplace) the title says why it is skipped, as the golden suites' do.
  (asem ? it : it.skip)(`bit for bit on ASEM (denominators, imputation, treatment)${asem ? '' : ` — ${skipMessage('asem/')}`}`, () => {
    const asem = loadFramework('asem.yaml');
    const all = asemUnits(asem).sort(byCode);
    const options: ScoreOptions = { keepStages: true };
    expect(shaped(streamed(asem, all, options, 10))).toBe(shaped(scorePlan(compilePlan(asem), all, options)));
  });

  it('refuses units out of code order or given twice, and bad values all at once', () => {
    const plan = compilePlan(framework);
    const twice = new UnitStream(plan, 2);
    twice.add(units[0]);
    expect(() => twice.add(units[0])).toThrow(EngineInputError);
    const unordered = new UnitStream(plan, 2);
    unordered.add(units[1]);
    expect(() => unordered.add(units[0])).toThrow(UnitOrderError);
    const bad = new UnitStream(plan, 2);
    const leaf = Object.keys(units[0].values).find((code) => typeof units[0].values[code] === 'number')!;
    bad.add({ ...units[0], values: { ...units[0].values, [leaf]: 'not a number' } });
    bad.add({ ...units[1], values: { ...units[1].values, [leaf]: 'nor this' } });
    expect(() => bad.score()).toThrow(EngineInputError);
    try {
      bad.score();
    } catch (error) {
      expect((error as EngineInputError).issues).toHaveLength(2);
    }
  });
});
