import { benchFramework, benchUnits } from '../../bench/engine.bench';
import { EngineFrameworkError } from '../errors';
import type { Framework } from '../framework.model';
import { compilePlan } from '../plan';
import { scorePlan } from '../score';
import type { RawValue, ScoreOptions, UnitInput } from '../types';
import { prepareColumns } from './prepare';
import { rescoreUnit } from './rescore';
import { scoreColumns } from './score-columns';

const framework = benchFramework(24);
const plan = compilePlan(framework);
const units = benchUnits(framework, 80, 11).map((u, i) => ({ ...u, groups: { kind: i % 3 === 0 ? 'A' : 'B' }, ranked: i % 17 !== 5 }));

const changed = (code: string, values: Record<string, RawValue>): UnitInput[] =>
  units.map((u) => (u.code === code ? { ...u, values: { ...u.values, ...values } } : u));

/** What a full run gives the unit after the change, and what re-scoring it against the frozen others gives. */
function both(code: string, values: Record<string, RawValue>, options: ScoreOptions = {}) {
  const columns = prepareColumns(plan, units, options);
  const scored = scoreColumns(plan, columns);
  const input = changed(code, values);
  const full = scorePlan(plan, input, options).units.find((u) => u.code === code)!;
  const again = rescoreUnit(plan, columns, scored, input.find((u) => u.code === code)!);
  return { full, again, before: scored.units.find((u) => u.code === code)! };
}

// I001 boolean, I002 ratio, I004 choice, I006 minmax (lower is better), I007 goalposts.
const column = (leaf: string): number[] => units.map((u) => u.values[leaf]).filter((v): v is number => typeof v === 'number');

describe('rescoreUnit: one unit with changed answers against the frozen others', () => {
  it('gives the index and rank of a full run when the change is the unit\'s own (rules, goalposts)', () => {
    const { full, again, before } = both('U00012', { I001: false, I002: 95, I004: 'full', I007: 88 });
    expect(again.index).not.toBe(before.index);
    expect(again.moved).toEqual([]);
    expect(again).toMatchObject({ index: full.index, indexRounded: full.indexRounded, rank: full.rank, ranked: full.ranked, status: full.status });
  });

  it('normalises min-max on the frozen column with the unit\'s value in place: exact while min and max stay', () => {
    const values = column('I006').sort((a, b) => a - b);
    const code = units.find((u) => typeof u.values.I006 === 'number' && u.values.I006 > values[1] && u.values.I006 < values[values.length - 2])!.code;
    const { full, again } = both(code, { I006: values[3] });
    expect(again.moved).toEqual([]);
    expect(again).toMatchObject({ index: full.index, indexRounded: full.indexRounded, rank: full.rank });
  });

  it('says which leaves a new minimum or maximum moves; the unit\'s own index is still exact', () => {
    const { full, again } = both('U00030', { I006: 1e6 });
    expect(again.moved).toEqual(['I006']);
    expect(again.index).toBe(full.index);
  });

  it('ranks within groups as a full run does, across them or not', () => {
    for (const rankAcrossGroups of [true, false]) {
      const { full, again } = both('U00009', { I002: 10, I007: 12 }, { rankWithin: 'kind', rankAcrossGroups });
      expect(again).toMatchObject({ rank: full.rank, group: full.group, groupRank: full.groupRank });
    }
  });

  it('a unit that takes no rank place gets none', () => {
    const { full, again } = both('U00005', { I002: 99 });
    expect(full.rank).toBeNull();
    expect(again).toMatchObject({ ranked: false, rank: null, index: full.index });
  });

  it('re-screens the unit by its own answers', () => {
    const f: Framework = { ...framework, pipeline: { screen: { minAvailability: 0.9 } } };
    const p = compilePlan(f);
    const columns = prepareColumns(p, units);
    const emptied = Object.fromEntries(Object.keys(units[3].values).slice(0, 6).map((k) => [k, null]));
    const again = rescoreUnit(p, columns, scoreColumns(p, columns), { ...units[3], values: { ...units[3].values, ...emptied } });
    expect(again).toMatchObject({ status: 'screened_out', rank: null, index: null });
  });

  it('refuses a framework that imputes or treats: every unit\'s values depend on the others\'', () => {
    const f: Framework = { ...framework, missing: 'group_mean' };
    const p = compilePlan(f);
    const columns = prepareColumns(p, units);
    expect(() => rescoreUnit(p, columns, scoreColumns(p, columns), units[0])).toThrow(EngineFrameworkError);
  });
});
