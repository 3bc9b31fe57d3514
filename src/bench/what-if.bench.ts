import { performance } from 'node:perf_hooks';
import { whatIf, whatIfBasis, type WhatIfChanges } from '../analysis/what-if';
import type { BenchFigure } from './bench-figure';
import { benchFramework, benchUnits } from './engine.bench';

const CALLS = 50;

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * One unit's what-if at national scale (10,000 units × 200 indicators, engine.bench's framework: every rule and
 * normalisation): the basis prepared and scored once (the service's cache, warm), then CALLS what-ifs of different
 * units, each changing three answers and finding its cheapest three steps (one step per leaf that can still gain,
 * ~175 of the 200, each scored by UnitLeafScorer through its leaf's ancestors; the best three by rescoreUnit). The
 * median and p95 of one call; the floor is one rescoreUnit (the what-if's own scoring, without the cheapest three),
 * whose ratio says what the search for the cheapest three costs on top.
 */
export function benchWhatIf({ units, indicators }: { units: number; indicators: number }): BenchFigure[] {
  const framework = benchFramework(indicators);
  const inputs = benchUnits(framework, units);
  const t0 = performance.now();
  const basis = whatIfBasis(framework, inputs, {});
  const warm = performance.now() - t0;
  const changes: WhatIfChanges = { I001: true, I002: 70, I004: 'full' };
  const times: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const code = inputs[Math.floor((i * units) / CALLS)].code;
    const start = performance.now();
    whatIf(basis, code, changes);
    times.push(performance.now() - start);
    const f = performance.now();
    whatIf(basis, code, changes, 0);
    floors.push(performance.now() - f);
  }
  times.sort((a, b) => a - b);
  floors.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  const floor = quantile(floors, 0.5);
  const params = { units, indicators, runs: CALLS };
  return [
    { key: 'whatif.median', params, value: round(median), unit: 'ms', floor: round(floor), ratio: round(median / floor) },
    { key: 'whatif.p95', params, value: round(quantile(times, 0.95)), unit: 'ms' },
    { key: 'whatif.basis', params: { units, indicators }, value: round(warm), unit: 'ms' },
  ];
}
