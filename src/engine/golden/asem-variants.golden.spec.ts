import { goldenAvailable, skipMessage } from '../../../test/golden/golden-data';
import type { Framework, FrameworkNode, Normalization } from '../framework.model';
import { score } from '../score';
import { asemUnits, leafCodes, loadFramework, stageTable } from '../../../test/golden/fixtures';

const available = goldenAvailable('asem', 'ASEM_Aggregated_gmean_norm1to100.csv');
const describeGolden = available ? describe : describe.skip;
const title = (t: string): string => (available ? t : `${t} — ${skipMessage('asem/')}`);

/** The ASEM framework with another normalisation for every leaf and, optionally, another aggregation everywhere. */
function variant(normalization: Normalization, aggregation?: Framework['aggregation']): Framework {
  const f = loadFramework('asem.yaml');
  const walk = (nodes: FrameworkNode[]): void => {
    for (const n of nodes) {
      if (n.children?.length) {
        if (aggregation) n.aggregation = aggregation;
        walk(n.children);
      } else n.normalization = normalization;
    }
  };
  walk(f.nodes);
  if (aggregation) f.aggregation = aggregation;
  return f;
}

function expectClose(file: string, actual: Map<string, Record<string, number | null>>, columns: string[]): void {
  const expected = stageTable(file);
  for (const [unit, row] of expected) {
    for (const c of columns) {
      const want = row[c]!;
      const got = actual.get(unit)?.[c];
      if (!(Math.abs((got ?? NaN) - want) <= 1e-9 * Math.max(1, Math.abs(want)))) throw new Error(`${file} ${unit} ${c}: expected ${want}, got ${got}`);
    }
  }
}

describeGolden(title('ASEM variants'), () => {
  it('min-max onto 1..100, then geometric means at every level', () => {
    const f = variant({ method: 'minmax', lower: 1, upper: 100 }, 'geometric_mean');
    const result = score(f, asemUnits(f));
    const actual = new Map(result.units.map((u) => [u.code, { ...Object.fromEntries(Object.entries(u.nodes).map(([k, v]) => [k, v.value])), Index: u.index }]));
    const columns = Object.keys(stageTable('ASEM_Aggregated_gmean_norm1to100.csv').values().next().value!);
    expectClose('ASEM_Aggregated_gmean_norm1to100.csv', actual, columns);
    // Below a geometric mean there is no additive contribution.
    expect(result.units[0].nodes.LPI.contribution).toBeNull();
  });

  it('z-scores with mean 10 and standard deviation 2', () => {
    const f = variant({ method: 'zscore', mean: 10, sd: 2 });
    const result = score(f, asemUnits(f), { keepStages: true });
    const actual = new Map(Object.entries(result.stages!.normalised));
    expectClose('ASEM_Normalised_zscore_10_2.csv', actual, leafCodes(f));
  });
});
