import { scorePlan } from '../engine';
import type { RawValue, UnitInput } from '../engine/types';
import type { CompiledFramework } from '../frameworks/compiled-framework';

export interface NodeScore {
  points: number | null;
  maxPoints: number | null;
  value: number | null;
}

export interface SelfScore {
  index: number | null;
  indexRounded: number | null;
  nodes: Record<string, NodeScore>;
}

export interface SelfScoreInput {
  answers: Record<string, RawValue>;
  /** The unit's own points for the leaves the reviewers score by hand. */
  selfPoints: Record<string, number>;
  systemValues: Record<string, RawValue>;
}

/**
 * The unit's score from its own answers, its own points for the hand-scored leaves and the system-measured values,
 * by the one engine (on the framework's plan compiled once): what the officer sees after each save.
 */
export function selfScore(framework: CompiledFramework, unitCode: string, input: SelfScoreInput): SelfScore {
  // A hand-scored leaf's answer is its description (text); the engine reads only its points. Left out as the values
  // are copied, not deleted after (a delete turns the object of some 200 keys into a slow dictionary, each save).
  const values: Record<string, RawValue> = {};
  for (const source of [input.answers, input.systemValues]) {
    for (const code in source) if (framework.leaves.get(code)?.node.scoring?.rule !== 'manual') values[code] = source[code];
  }
  const unit: UnitInput = { code: unitCode, values, manualPoints: input.selfPoints };
  const [result] = scorePlan(framework.plan, [unit], { rankNodes: 'none' }).units;
  const nodes: Record<string, NodeScore> = {};
  for (const [code, n] of Object.entries(result.nodes)) {
    nodes[code] = { points: n.points, maxPoints: n.maxPoints, value: n.value };
  }
  return { index: result.index, indexRounded: result.indexRounded, nodes };
}
