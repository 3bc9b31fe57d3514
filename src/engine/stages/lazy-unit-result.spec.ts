import { compilePlan, scorePlan } from '..';
import { benchFramework, benchUnits } from '../../bench/engine.bench';

describe("a scored unit's node and pillar records, built on first read", () => {
  const framework = benchFramework(16);
  const plan = compilePlan(framework);

  it('are own enumerable keys in their usual order, seen by JSON and spread', () => {
    const [unit] = scorePlan(plan, benchUnits(framework, 3)).units;
    expect(Object.keys(unit)).toEqual(['code', 'ranked', 'status', 'index', 'indexRounded', 'rank', 'nodes', 'pillars', 'notes']);
    const json = JSON.parse(JSON.stringify(unit)) as Record<string, unknown>;
    expect(Object.keys(json.nodes as object)).toEqual(Object.keys(unit.nodes));
    expect({ ...unit }.nodes).toBe(unit.nodes);
  });

  it('are built once and kept: a change to a record or an assignment stays', () => {
    const [unit] = scorePlan(plan, benchUnits(framework, 3)).units;
    unit.nodes.P1.rank = 99;
    expect(unit.nodes.P1.rank).toBe(99);
    unit.pillars = {};
    expect(unit.pillars).toEqual({});
  });

  it('have group and groupRank before them when the run ranks within groups', () => {
    const units = benchUnits(framework, 4).map((u, i) => ({ ...u, groups: { kind: i % 2 ? 'a' : 'b' } }));
    const [unit] = scorePlan(plan, units, { rankWithin: 'kind' }).units;
    expect(Object.keys(unit)).toEqual(['code', 'ranked', 'status', 'index', 'indexRounded', 'rank', 'group', 'groupRank', 'nodes', 'pillars', 'notes']);
    expect(Object.keys(unit.nodes.P1)).toEqual(['value', 'points', 'maxPoints', 'contribution', 'rank', 'groupRank']);
    expect(Object.keys(unit.nodes.I001)).toEqual(['value', 'points', 'maxPoints', 'contribution', 'rank', 'groupRank', 'raw']);
  });
});
