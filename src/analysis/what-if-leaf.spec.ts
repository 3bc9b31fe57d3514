import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { benchFramework, benchUnits } from '../bench/engine.bench';
import { rescoreUnit, UnitLeafScorer, type ScoreOverrides } from '../engine';
import type { Framework, FrameworkNode } from '../engine/framework.model';
import type { RawValue, UnitInput } from '../engine/types';
import { changedInput, whatIf, whatIfBasis, type WhatIfChanges } from './what-if';
import { leafStep, type StepValue } from './what-if-steps';

const shipped = (file: string): Framework => parse(readFileSync(join(process.cwd(), 'config', 'frameworks', file), 'utf8')) as Framework;

/** A seeded answer sheet that fits any framework's inputs (benchUnits fits only its own): ~10% left unanswered. */
function unitsOf(framework: Framework, count: number): UnitInput[] {
  let a = 7;
  const random = (): number => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
  const leaves: FrameworkNode[] = [];
  const walk = (ns: FrameworkNode[]): void => ns.forEach((n) => (n.children?.length ? walk(n.children) : leaves.push(n)));
  walk(framework.nodes);
  return Array.from({ length: count }, (_, u) => {
    const values: Record<string, RawValue> = {};
    const manualPoints: Record<string, number> = {};
    for (const leaf of leaves) {
      if (random() < 0.1) continue;
      const input = leaf.input;
      const scoring = leaf.scoring;
      if (scoring?.rule === 'manual') manualPoints[leaf.code] = Math.round(random() * (leaf.maxPoints ?? 0) * 2) / 2;
      else if (input?.type === 'boolean') values[leaf.code] = random() < 0.5;
      else if (input?.type === 'choice' && scoring?.rule === 'choice') values[leaf.code] = scoring.options[Math.floor(random() * scoring.options.length)].value;
      else if (input?.type === 'numbers') values[leaf.code] = { [input.names![0]]: Math.floor(random() * 120), [input.names![1]]: 100 };
      else if (input?.type === 'text') values[leaf.code] = 'đã triển khai';
      else if (input?.type === 'integer') values[leaf.code] = Math.floor(random() * ((input.max ?? 100) - (input.min ?? 0) + 1)) + (input.min ?? 0);
      else values[leaf.code] = Math.round(((input?.min ?? 0) + random() * ((input?.max ?? 100) - (input?.min ?? 0))) * 10) / 10;
    }
    return { code: `U${String(u).padStart(3, '0')}`, values, manualPoints };
  });
}

/**
 * For each unit (with a few changes of its own first, as a what-if makes), every leaf's step and its answer cleared:
 * UnitLeafScorer's index and status against rescoreUnit's for the same answers, exactly (Object.is). Returns how
 * many changes were compared, for the test to see it did compare.
 */
function compareEveryStep(framework: Framework, units: UnitInput[], codes: string[], changes: WhatIfChanges = {}, overrides?: ScoreOverrides): number {
  const basis = whatIfBasis(framework, units, {});
  const scored = { ...basis.scored, units: [] };
  let compared = 0;
  for (const code of codes) {
    const input = changedInput(basis, basis.inputs.get(code)!, changes);
    const scorer = new UnitLeafScorer(basis.plan, basis.columns, input, overrides);
    for (const [leafCode, leaf] of basis.leaves) {
      const manual = leaf.rule?.rule === 'manual';
      const from = manual ? (input.manualPoints?.[leafCode] ?? null) : (input.values[leafCode] ?? null);
      const step = leafStep(leaf, from, input.manualPoints?.[leafCode], basis.ranges.get(leafCode));
      const tries: StepValue[] = [null, ...(step ? [step.to] : [])];
      for (const to of tries) {
        const changed = changedInput(basis, input, { [leafCode]: to });
        const full = rescoreUnit(basis.plan, basis.columns, scored, changed, overrides);
        const fast = scorer.withLeaf(leafCode, changed);
        const same = Object.is(fast.index, full.index) && Object.is(fast.indexRounded, full.indexRounded) && fast.status === full.status;
        if (!same) throw new Error(`${framework.code} ${code} ${leafCode} → ${JSON.stringify(to)}: ${JSON.stringify(fast)} against ${JSON.stringify({ index: full.index, indexRounded: full.indexRounded, status: full.status })}`);
        compared++;
      }
    }
  }
  return compared;
}

describe('UnitLeafScorer: one leaf changed, re-scored through its ancestors, as rescoreUnit scores the whole unit', () => {
  const bench = benchFramework(24);
  const benchInputs = benchUnits(bench, 60, 5);
  const codes = ['U00000', 'U00007', 'U00031', 'U00059'];

  it('gives rescoreUnit\'s index, bit for bit, for every step and clearing of every leaf on the bench framework (every rule and normalisation)', () => {
    expect(compareEveryStep(bench, benchInputs, codes)).toBeGreaterThan(4 * 24);
    expect(compareEveryStep(bench, benchInputs, codes, { I001: true, I002: 70, I004: 'full', I006: 1 })).toBeGreaterThan(4 * 24);
  });

  it('holds with z-score and other overrides, missing answers dropped, and the screen on either basis (a cleared answer can screen the unit out)', () => {
    const zscore: ScoreOverrides = { normalization: { I006: { method: 'zscore' }, I014: { method: 'zscore' } }, weights: { I003: 3 } };
    expect(compareEveryStep(bench, benchInputs, codes, {}, zscore)).toBeGreaterThan(0);
    expect(compareEveryStep({ ...bench, missing: 'drop' }, benchInputs, codes)).toBeGreaterThan(0);
    // Units with 22 of 24 answers sit on the 0.9 line: one answer more or less moves them across it.
    const sparse = benchInputs.map((u, i) => ({ ...u, values: Object.fromEntries(Object.entries(u.values).slice(i % 3)) }));
    for (const basis of ['raw', 'imputed'] as const) {
      const screened = { ...bench, pipeline: { ...bench.pipeline, screen: { minAvailability: 0.9, basis } } };
      expect(compareEveryStep(screened, sparse, ['U00000', 'U00001', 'U00002', 'U00031'])).toBeGreaterThan(0);
    }
  });

  for (const file of ['pdti-2022.yaml', 'mdti-2022.yaml']) {
    it(`gives rescoreUnit's index, bit for bit, for every step and clearing of every leaf on ${file} (points, hand-scored leaves, formulas)`, () => {
      const framework = shipped(file);
      const units = unitsOf(framework, 30);
      expect(compareEveryStep(framework, units, ['U000', 'U011', 'U029'])).toBeGreaterThan(3 * 10);
      const screened = { ...framework, missing: 'drop' as const, pipeline: { ...framework.pipeline, screen: { minAvailability: 0.85, basis: 'raw' as const } } };
      expect(compareEveryStep(screened, units, ['U000', 'U011', 'U029'])).toBeGreaterThan(3 * 10);
    });
  }

  it('leaves the what-if\'s cheapest three as rescoreUnit scores them, each step\'s index exact', () => {
    const basis = whatIfBasis(bench, benchInputs, {});
    const scored = { ...basis.scored, units: [] };
    const changes = { I001: true, I002: 70 };
    const got = whatIf(basis, 'U00007', changes);
    expect(got.cheapest).toHaveLength(3);
    const input = changedInput(basis, basis.inputs.get('U00007')!, changes);
    for (const c of got.cheapest) {
      const full = rescoreUnit(basis.plan, basis.columns, scored, changedInput(basis, input, { [c.code]: c.to }));
      expect(c.index).toBe(full.index);
    }
  });
});
