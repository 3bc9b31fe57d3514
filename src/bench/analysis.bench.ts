import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { analyseRun } from '../analysis/analysis-model';
import type { AnalysisRequestSpec } from '../analysis/analysis-result';
import { compilePlan } from '../engine/plan';
import { prepareColumns } from '../engine/stages/prepare';
import { scoreColumns } from '../engine/stages/score-columns';
import type { BenchFigure } from './bench-figure';
import { benchFramework, benchUnits } from './engine.bench';

const SAMPLES = 1000;
/** The floor's later stages are timed on this many runs and scaled to SAMPLES (a full 1,000 would take minutes). */
const FLOOR_RUNS = 20;

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const hashOf = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');

/**
 * An uncertainty analysis at national scale (issue #22): 10,000 units × 200 indicators (engine.bench's framework:
 * every rule and normalisation), SAMPLES samples of the pillars' weights ± 25 % and of the index's aggregation
 * (arithmetic / geometric), the whole of analyseRun timed (compile, prepare the columns, the official run, the
 * samples, the rank statistics). The floor is SAMPLES × one scoreColumns (the engine's later stages with the
 * official weights: what scoring each sample in full would cost), timed on FLOOR_RUNS runs in the same process. The
 * same seed is run twice: the two results' hashes must be equal.
 */
export function benchAnalysis({ units, indicators }: { units: number; indicators: number }): BenchFigure[] {
  const framework = benchFramework(indicators);
  const inputs = benchUnits(framework, units);
  const spec: AnalysisRequestSpec = { sources: { weights: { kind: 'range', factor: 0.25, level: 1 }, aggregation: true }, samples: SAMPLES, seed: 2026, top: 10, sensitivitySamples: 0 };
  const input = { framework, units: inputs, parameters: {} };

  const t0 = performance.now();
  const first = analyseRun(input, spec, { runId: 'bench' });
  const seconds = (performance.now() - t0) / 1000;
  const again = analyseRun(input, spec, { runId: 'bench' });
  const same = hashOf(first) === hashOf(again);
  if (!same) throw new Error('the same seed gave two different analyses');

  const plan = compilePlan(framework);
  const columns = prepareColumns(plan, inputs);
  scoreColumns(plan, columns); // warm
  const f0 = performance.now();
  for (let r = 0; r < FLOOR_RUNS; r++) scoreColumns(plan, columns);
  const floor = ((performance.now() - f0) / 1000 / FLOOR_RUNS) * SAMPLES;

  const params = { units, indicators, samples: SAMPLES, runs: FLOOR_RUNS };
  return [
    { key: 'analysis.samples', params, value: round(seconds, 1), unit: 's', floor: round(floor, 1), ratio: round(seconds / floor, 3) },
    { key: 'analysis.repeat', params: { samples: SAMPLES }, value: same ? 1 : 0, unit: '' },
  ];
}
