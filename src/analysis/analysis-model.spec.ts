import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchFramework, benchUnits } from '../bench/engine.bench';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import { scoreColumns } from '../engine/stages/score-columns';
import type { ScoreOptions, UnitInput } from '../engine/types';
import { parseFrameworkText } from '../frameworks/framework-file';
import { analyseRun, analysisModel, AnalysisSpecError, type AnalysisModelInput } from './analysis-model';
import type { AnalysisRequestSpec, AnalysisSourcesSpec } from './analysis-result';
import { competitionRanksInto, Prng, type Sample } from '../engine/sensitivity';

/** A shipped framework, as the platform loads it. */
function shipped(name: string): Framework {
  const parsed = parseFrameworkText(readFileSync(join(__dirname, '../../config/frameworks', name), 'utf8'), name);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.doc as Framework;
}

const leavesOf = (f: Framework): FrameworkNode[] => {
  const out: FrameworkNode[] = [];
  const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (n.children?.length ? walk(n.children) : out.push(n)));
  walk(f.nodes);
  return out;
};

/** benchUnits' answers, with a person's points on the hand-scored leaves (the generator answers rules only). */
function unitsFor(f: Framework, count: number, seed: number): UnitInput[] {
  const manual = leavesOf(f).filter((l) => l.scoring?.rule === 'manual');
  const rng = new Prng(seed);
  return benchUnits(f, count, seed).map((u) => ({
    ...u,
    groups: { group: rng.nextInt(2) === 0 ? 'A' : 'B' },
    manualPoints: Object.fromEntries(manual.map((l) => [l.code, rng.nextInt((l.maxPoints ?? 0) + 1)])),
  }));
}

const spec = (sources: AnalysisSourcesSpec, more: Partial<AnalysisRequestSpec> = {}): AnalysisRequestSpec => ({
  sources,
  samples: 40,
  seed: 7,
  top: 10,
  sensitivitySamples: 0,
  ...more,
});

/** Draws samples of the model's sources and checks the lean index against scoreColumns' for the same overrides. */
function checkLean(input: AnalysisModelInput, sources: AnalysisSourcesSpec, draws: number): number {
  const model = analysisModel(input, spec(sources));
  const rng = new Prng(11);
  const keys = Object.keys(model.sources);
  const sample = {} as Sample<typeof model.sources>;
  for (const k of keys) sample[k] = model.sources[k].alloc();
  const out = new Float64Array(model.units);
  let changed = 0;
  for (let s = 0; s < draws; s++) {
    for (const k of keys) sample[k] = model.sources[k].draw(rng, sample[k]);
    const overrides = model.overridesOf(sample);
    const expected = scoreColumns(model.plan, model.columns, overrides).units.filter((u) => u.status !== 'screened_out');
    model.index(sample, out);
    expect(expected.map((u) => u.code)).toEqual(model.codes);
    const got = Array.from(out, (v) => (v === v ? v : null));
    expect(got).toEqual(expected.map((u) => u.index));
    if (Object.keys(overrides.aggregation ?? {}).length + Object.keys(overrides.normalization ?? {}).length > 0) changed++;
  }
  return changed;
}

describe('analyseRun: the index per sample and the ranks of an analysis', () => {
  const pdti = shipped('pdti-2024.yaml');
  const pdtiUnits = unitsFor(pdti, 120, 3);
  const options: ScoreOptions = { rankNodes: 'groups' };

  it('the lean index is scoreColumns\u2019 index bit for bit on the shipped PDTI 2024 (points) under weights and aggregation', () => {
    const input = { framework: pdti, units: pdtiUnits, parameters: options };
    const changed = checkLean(input, { weights: { kind: 'range', factor: 0.25 }, aggregation: true }, 12);
    expect(changed).toBeGreaterThan(0);
    checkLean(input, { weights: { kind: 'dirichlet', concentration: 20, level: 2 } }, 6);
  });

  it('the lean index is scoreColumns\u2019 index bit for bit with normalised leaves under weights, aggregation and normalisation', () => {
    const f = benchFramework(48);
    const input = { framework: f, units: benchUnits(f, 150, 5), parameters: options };
    expect(checkLean(input, { weights: { kind: 'range', factor: 0.25 }, aggregation: true, normalisation: ['minmax'] }, 12)).toBeGreaterThan(0);
    expect(checkLean(input, { weights: { kind: 'dirichlet', concentration: 10, level: 2 }, normalisation: ['minmax', 'zscore'] }, 10)).toBeGreaterThan(0);
  });

  it.each([
    ['set in copies of the prepared columns', {}],
    ['prepared again per sample (group-mean imputation and treatment)', { pipeline: { impute: { method: 'group_mean', group: 'g' }, treat: { skew: 0.5, kurtosis: 1, maxWinsorised: 3 } } }],
  ] as [string, Partial<Framework>][])('the reviewers\u2019 values go in as the reviewed points would (%s): the same index as preparing changed inputs', (_, more) => {
    const f = { ...benchFramework(48), ...more };
    const units = benchUnits(f, 80, 9).map((u, i) => ({ ...u, groups: { g: `G${i % 3}` } }));
    // Two or three reviewers' points on some rule leaves (I001 boolean, I002 ratio: max 10) and numbers on a normalised one (I006).
    const reviewerCandidates = new Map<string, Map<string, number[]>>();
    units.slice(0, 30).forEach((u, i) => reviewerCandidates.set(u.code, new Map([['I001', [0, 10]], ['I002', [i % 10, 3, 7]], ['I006', [10, 90]]])));
    const input: AnalysisModelInput = { framework: f, units, parameters: options, reviewerCandidates };
    const model = analysisModel(input, spec({ reviewers: true, weights: { kind: 'range', factor: 0.2 } }));
    const rng = new Prng(5);
    const sample = { weights: model.sources.weights.alloc(), reviewers: model.sources.reviewers.alloc() } as Sample<typeof model.sources>;
    const out = new Float64Array(model.units);
    for (let s = 0; s < 5; s++) {
      sample.weights = model.sources.weights.draw(rng, sample.weights);
      const drawn = model.sources.reviewers.draw(rng, sample.reviewers) as Float64Array;
      // The same draw written into the inputs: points as a person's points, the number as the answer.
      const changed = units.map((u) => {
        const cells = reviewerCandidates.get(u.code);
        if (!cells) return u;
        return { ...u, values: { ...u.values }, manualPoints: { ...u.manualPoints } };
      });
      // Cells are in unit order, then leaf order (I001, I002, I006 are leaves 0, 1, 5 of the plan's order).
      let c = 0;
      for (let u = 0; u < 30; u++) {
        changed[u].manualPoints!.I001 = drawn[c++];
        changed[u].manualPoints!.I002 = drawn[c++];
        changed[u].values.I006 = drawn[c++];
      }
      const reference = analysisModel({ ...input, units: changed, reviewerCandidates: undefined }, spec({ weights: { kind: 'range', factor: 0.2 } }));
      const expected = scoreColumns(reference.plan, reference.columns, model.overridesOf(sample)).units.map((u) => u.index);
      model.index(sample, out);
      expect(Array.from(out, (v) => (v === v ? v : null))).toEqual(expected);
    }
  });

  it('official ranks are the run\u2019s published ranks, across all units or within groups only', () => {
    for (const parameters of [options, { rankWithin: 'group', rankAcrossGroups: false, rankNodes: 'groups' } as ScoreOptions]) {
      const input = { framework: pdti, units: pdtiUnits, parameters };
      const result = analyseRun(input, spec({ weights: { kind: 'range', factor: 0.25 } }), { runId: 'r1' });
      const model = analysisModel(input, spec({ weights: { kind: 'range', factor: 0.25 } }));
      const published = scoreColumns(model.plan, model.columns);
      const rankOf = new Map(published.units.map((u) => [u.code, u.rank ?? 0]));
      expect(result.units).toHaveLength(pdtiUnits.length);
      for (const u of result.units) expect(u.official).toBe(rankOf.get(u.code));
      // The model under the official choices ranks as the run did.
      const nominal = Object.fromEntries(Object.entries(model.sources).map(([k, s]) => [k, s.nominal])) as Sample<typeof model.sources>;
      const out = new Float64Array(model.units);
      model.run(nominal, out);
      const ranks = model.output === 'ranks' ? Int32Array.from(out, (r) => (r === r ? r : 0)) : competitionRanksInto(out, new Int32Array(model.units), new Float64Array(model.units));
      expect(Array.from(ranks)).toEqual(Array.from(model.official));
      expect(model.output).toBe(parameters.rankAcrossGroups === false ? 'ranks' : 'scores');
      // Sorted by official rank, then code.
      const keys = result.units.map((u) => [u.official || Infinity, u.code] as const);
      expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
      expect(result.units.every((u) => u.q05 !== null && u.q05 <= u.median! && u.median! <= u.q95!)).toBe(true);
    }
  });

  it('the same seed gives the same analysis bit for bit, with the sensitivity of each source', () => {
    const input = { framework: pdti, units: pdtiUnits, parameters: options };
    const s = spec({ weights: { kind: 'range', factor: 0.25 }, aggregation: true }, { sensitivitySamples: 16 });
    const progress: number[] = [];
    const a = analyseRun(input, s, { runId: 'r1' }, (done, total) => progress.push(done / total));
    const b = analyseRun(input, s, { runId: 'r1' });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.sensitivity!.map((r) => r.source)).toEqual(['weights', 'aggregation']);
    expect(progress.at(-1)).toBe(1);
    const c = analyseRun(input, { ...s, seed: 8 }, { runId: 'r1' });
    expect(JSON.stringify(c.units)).not.toBe(JSON.stringify(a.units));
  });

  it('refuses what the run cannot be analysed under, naming the field', () => {
    const input = { framework: pdti, units: pdtiUnits, parameters: options };
    const refusal = (sources: AnalysisSourcesSpec): AnalysisSpecError => {
      try {
        analyseRun(input, spec(sources), { runId: 'r1' });
      } catch (e) {
        if (e instanceof AnalysisSpecError) return e;
        throw e;
      }
      throw new Error('not refused');
    };
    expect(refusal({ normalisation: ['minmax'] })).toMatchObject({ field: 'sources.normalisation', rule: 'noNormalisedLeaf' });
    expect(refusal({ weights: { kind: 'range', factor: 0.25, level: 9 } })).toMatchObject({ field: 'sources.weights.level' });
    expect(refusal({ reviewers: true })).toMatchObject({ field: 'sources.reviewers' });
    // Re-weighting NT's children makes NT a weighted mean, which has no max points without a declared one; the root sums points.
    const undeclared = { ...pdti, nodes: pdti.nodes.map((n) => (n.code === 'NT' ? { ...n, maxPoints: undefined } : n)) };
    expect(() => analyseRun({ ...input, framework: undeclared }, spec({ weights: { kind: 'range', factor: 0.25, level: 2 } }), { runId: 'r' })).toThrow(
      expect.objectContaining({ field: 'sources.weights', rule: 'notApplicable' }),
    );
    const f = benchFramework(24);
    expect(() => analyseRun({ framework: f, units: benchUnits(f, 20, 1), parameters: options }, spec({ aggregation: true, normalisation: ['zscore'] }), { runId: 'r' })).toThrow(
      expect.objectContaining({ field: 'sources.aggregation', rule: 'geometricOfNegative' }),
    );
  });
});
