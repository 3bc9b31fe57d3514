import { compilePlan, forEachNode, scorePlan } from '../engine';
import type { Framework, FrameworkNode, RawValue, UnitInput } from '../engine';
import { Prng } from '../engine/sensitivity';
import type { BenchFigure } from './bench-figure';

/**
 * The scoring engine on a national-scale run: 10,000 units × 200 indicators (every rule and normalisation), scored
 * in memory. The floor is a plain loop over the same input records doing only the weighted sums: the least any
 * engine must do. The ratio engine time / floor time says what the rules, the pipeline, ranks and the per-unit
 * results cost on top. "+ read every node result" reads what a consumer storing every node reads (forEachNode, as
 * the score run's computeScores); the row after it reads the same as `unit.nodes` records, for comparison.
 */


const KINDS = ['boolean', 'ratio', 'bands', 'choice', 'formula', 'minmax', 'goalposts', 'percent'] as const;

export function benchFramework(indicators: number): Framework {
  const pillars = 4;
  const groupsPerPillar = 5;
  const groups = pillars * groupsPerPillar;
  const leaves: FrameworkNode[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < indicators; i++) {
    const kind = KINDS[i % KINDS.length];
    const code = `I${String(i + 1).padStart(3, '0')}`;
    const base = { code, name: { vi: code }, maxPoints: 10 };
    let node: FrameworkNode;
    switch (kind) {
      case 'boolean':
        node = { ...base, input: { type: 'boolean' }, scoring: { rule: 'boolean' } };
        break;
      case 'ratio':
        node = { ...base, input: { type: 'number', min: 0 }, scoring: { rule: 'ratio', target: 80 } };
        break;
      case 'bands':
        node = { ...base, input: { type: 'number' }, scoring: { rule: 'bands', bands: [ { min: 0, points: 0 }, { min: 30, points: 5 }, { min: 60, points: 10 } ] } };
        break;
      case 'choice':
        node = { ...base, input: { type: 'choice' }, scoring: { rule: 'choice', options: [ { value: 'none', points: 0 }, { value: 'partial', points: 5 }, { value: 'full', points: 10 } ] } };
        break;
      case 'formula':
        node = { ...base, input: { type: 'numbers', names: ['numerator', 'denominator'] }, scoring: { rule: 'formula', expression: 'min(1, numerator / denominator) * maxPoints' } };
        break;
      case 'minmax':
        node = { ...base, input: { type: 'number' }, direction: i % 2 === 0 ? 1 : -1, normalization: { method: 'minmax' } };
        break;
      case 'goalposts':
        node = { ...base, input: { type: 'number' }, normalization: { method: 'goalposts', min: 10, max: 90 } };
        break;
      case 'percent':
        node = { ...base, input: { type: 'percent' }, scoring: { rule: 'ratio', target: 100 } };
        break;
    }
    leaves[i % groups].push(node);
  }
  const nodes: FrameworkNode[] = Array.from({ length: pillars }, (_, p) => ({
    code: `P${p + 1}`,
    name: { vi: `Trụ cột ${p + 1}` },
    weight: p + 1,
    aggregation: 'weighted_mean',
    children: Array.from({ length: groupsPerPillar }, (_, g) => ({
      code: `P${p + 1}.G${g + 1}`,
      name: { vi: `Nhóm ${p + 1}.${g + 1}` },
      aggregation: 'points',
      weight: 1,
      children: leaves[p * groupsPerPillar + g],
    })),
  }));
  return {
    code: 'BENCH',
    version: '1',
    level: 'commune',
    year: 2025,
    name: { vi: 'Benchmark' },
    source: 'generated',
    result: { scale: 1, precision: 4 },
    aggregation: 'weighted_mean',
    missing: 'zero',
    nodes,
  };
}

export function benchUnits(framework: Framework, count: number, seed = 20250101): UnitInput[] {
  // The engine's own seeded generator (xoshiro128**): the same numbers on every machine.
  const rng = new Prng(seed);
  const random = (): number => rng.next();
  const leaves: FrameworkNode[] = [];
  const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (n.children?.length ? walk(n.children) : leaves.push(n)));
  walk(framework.nodes);
  const choices = ['none', 'partial', 'full'];
  const units: UnitInput[] = [];
  for (let u = 0; u < count; u++) {
    const values: Record<string, RawValue> = {};
    for (const leaf of leaves) {
      // About 2% missing, as in a real cycle.
      if (random() < 0.02) continue;
      const rule = leaf.scoring?.rule;
      if (rule === 'boolean') values[leaf.code] = random() < 0.6;
      else if (rule === 'choice') values[leaf.code] = choices[Math.floor(random() * 3)];
      else if (rule === 'formula') values[leaf.code] = { numerator: Math.floor(random() * 120), denominator: 100 };
      else values[leaf.code] = Math.round(random() * 10000) / 100;
    }
    units.push({ code: `U${String(u).padStart(5, '0')}`, values });
  }
  return units;
}

/** The floor: read each unit's values once and sum them with weights per group, pillar and index. */
function floorRun(framework: Framework, units: UnitInput[]): number {
  const pillars = framework.nodes.map((p) => ({
    weight: p.weight ?? 1,
    groups: p.children!.map((g) => g.children!.map((l) => l.code)),
  }));
  let checksum = 0;
  for (const unit of units) {
    const values = unit.values;
    let index = 0;
    let sumW = 0;
    for (const p of pillars) {
      let pv = 0;
      for (const g of p.groups) {
        let s = 0;
        for (const code of g) {
          const v = values[code];
          s += typeof v === 'number' ? v : v === true ? 1 : 0;
        }
        pv += s / g.length;
      }
      index += (p.weight * pv) / p.groups.length;
      sumW += p.weight;
    }
    checksum += index / sumW;
  }
  return checksum;
}

function best(run: () => void, repeats: number): number {
  let min = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    run();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

export async function benchEngine(opts: { units?: number; indicators?: number } = {}): Promise<BenchFigure[]> {
  const unitCount = opts.units ?? 10_000;
  const indicators = opts.indicators ?? 200;
  const framework = benchFramework(indicators);
  const units = benchUnits(framework, unitCount);
  const plan = compilePlan(framework);
  let sink = 0;
  const repeats = unitCount >= 5000 ? 3 : 5;
  // One warm-up run each so that both are measured after the JIT has compiled them.
  sink += floorRun(framework, units);
  sink += scorePlan(plan, units).rankedCount;
  // The engine's ratio is best of as many runs as its floor's: its first few runs are still tiering up in the JIT,
  // and about every other one carries a mark-compact of the units' inputs, so three alone often missed its pace.
  const floorSeconds = best(() => (sink += floorRun(framework, units)), repeats * 3);
  const engineSeconds = best(() => (sink += scorePlan(plan, units).rankedCount), repeats * 3);
  const compileSeconds = best(() => (sink += compilePlan(framework).nodes.length), repeats);
  // Every node result read as a consumer storing them all reads it (a score run's computeScores): each field of
  // every node through forEachNode, straight from the run's columns, no record per node.
  const readAllSeconds = best(() => {
    for (const u of scorePlan(plan, units).units) {
      forEachNode(u, (_, n) => {
        sink += (n.value ?? 0) + (n.points ?? 0) + (n.maxPoints ?? 0) + (n.contribution ?? 0) + (n.rank ?? 0);
      });
    }
  }, repeats);
  // The same through `unit.nodes`, a record per node built on first read (2.24 M of them), for comparison.
  const readRecordsSeconds = best(() => {
    for (const u of scorePlan(plan, units).units) sink += Object.keys(u.nodes).length;
  }, repeats);
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the runs from being optimised away');
  await Promise.resolve();
  const perSecond = unitCount / engineSeconds;
  const floorPerSecond = unitCount / floorSeconds;
  return [
    { key: 'engine.throughput', params: { units: unitCount, indicators }, value: Math.round(perSecond), unit: 'units/s', floor: Math.round(floorPerSecond), ratio: Number((engineSeconds / floorSeconds).toFixed(2)) },
    { key: 'engine.wall', params: { units: unitCount, indicators }, value: Number((engineSeconds * 1000).toFixed(1)), unit: 'ms', floor: Number((floorSeconds * 1000).toFixed(2)) },
    { key: 'engine.readAll', params: { units: unitCount, indicators }, value: Number((readAllSeconds * 1000).toFixed(1)), unit: 'ms', floor: Number((floorSeconds * 1000).toFixed(2)), ratio: Number((readAllSeconds / floorSeconds).toFixed(2)) },
    { key: 'engine.readRecords', params: { units: unitCount, indicators }, value: Number((readRecordsSeconds * 1000).toFixed(1)), unit: 'ms', floor: Number((floorSeconds * 1000).toFixed(2)), ratio: Number((readRecordsSeconds / floorSeconds).toFixed(2)) },
    { key: 'engine.compile', value: Number((compileSeconds * 1000).toFixed(3)), unit: 'ms' },
  ];
}
