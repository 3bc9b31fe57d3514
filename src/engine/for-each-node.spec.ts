import { benchFramework, benchUnits } from '../bench/engine.bench';
import { compilePlan, forEachNode, scorePlan } from '.';
import type { NodeResult, ScoreOptions, UnitInput, UnitResult } from './types';

const FIELDS = ['value', 'points', 'maxPoints', 'contribution', 'rank', 'groupRank', 'raw', 'input'] as const;

/** What forEachNode passes for each node, copied (the cursor is reused), in visiting order. */
function visited(unit: UnitResult): [string, Partial<NodeResult>][] {
  const out: [string, Partial<NodeResult>][] = [];
  forEachNode(unit, (code, node) => out.push([code, Object.fromEntries(FIELDS.map((f) => [f, node[f]]))]));
  return out;
}

/** Object.is on every field: -0, null and undefined told apart. */
function expectSame(viaVisitor: UnitResult, viaRecords: UnitResult): void {
  const seen = visited(viaVisitor);
  expect(seen.map(([code]) => code)).toEqual(Object.keys(viaRecords.nodes));
  for (const [code, node] of seen) {
    const record = viaRecords.nodes[code];
    for (const f of FIELDS) if (!Object.is(node[f], record[f])) throw new Error(`${viaVisitor.code} ${code}.${f}: ${String(node[f])} ≠ ${String(record[f])}`);
  }
}

describe('forEachNode: every node result without a record per node', () => {
  // Every rule and normalisation of the bench, about 2 % of answers missing.
  const framework = benchFramework(40);
  const plan = compilePlan(framework);
  const units = benchUnits(framework, 60);
  const grouped: UnitInput[] = units.map((u, i) => ({ ...u, groups: { kind: i % 3 ? 'a' : 'b' } }));

  it.each<[string, UnitInput[], ScoreOptions]>([
    ['a plain run', units, {}],
    ['every node ranked', units, { rankNodes: 'all' }],
    ['no ranks', units, { rankNodes: 'none' }],
    ['ranks within groups', grouped, { rankWithin: 'kind', rankNodes: 'all' }],
    ['ranks within groups only', grouped, { rankWithin: 'kind', rankAcrossGroups: false }],
  ])('gives what unit.nodes gives, bit for bit, for every node of every unit: %s', (_, input, options) => {
    // Two runs, so that the visited one never built its records (a unit whose records exist is visited from them).
    const visitedRun = scorePlan(plan, input, options).units;
    const recordRun = scorePlan(plan, input, options).units;
    expect(visitedRun.length).toBe(units.length);
    visitedRun.forEach((u, i) => expectSame(u, recordRun[i]));
  });

  it('visits a screened-out unit (no nodes) and a unit whose records were changed from its records', () => {
    const screening = compilePlan({ ...framework, pipeline: { screen: { minAvailability: 0.5, basis: 'raw' } } });
    const input = units.map((u, i) => (i === 0 ? { ...u, values: {} } : u));
    const [out, other] = scorePlan(screening, input).units;
    expect(out.status).toBe('screened_out');
    expect(visited(out)).toEqual([]);
    other.nodes.P1.rank = 99;
    expect(visited(other).find(([code]) => code === 'P1')![1].rank).toBe(99);
  });

  it("may visit or read another unit of the same run from within a visitor", () => {
    const run = scorePlan(plan, units).units;
    const fresh = scorePlan(plan, units).units;
    const outer: number[] = [];
    let inner: [string, Partial<NodeResult>][] = [];
    let records: NodeResult[] = [];
    forEachNode(run[1], (code, node) => {
      if (code === 'P1') inner = visited(run[2]);
      if (code === 'P2') records = Object.values(run[3].nodes);
      outer.push(node.contribution ?? Number.NaN);
    });
    expect(outer).toEqual(Object.values(fresh[1].nodes).map((n) => n.contribution ?? Number.NaN));
    expect(inner.map(([, n]) => n.contribution)).toEqual(Object.values(fresh[2].nodes).map((n) => n.contribution));
    expect(records).toEqual(Object.values(fresh[3].nodes));
  });
});
