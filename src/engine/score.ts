import type { Framework } from './framework.model';
import { compilePlan, type Plan } from './plan';
import { prepareColumns } from './stages/prepare';
import { laterStages } from './stages/score-columns';
import type { ScoreOptions, ScoreResult, UnitInput } from './types';

/** Compiles the framework and scores the units. Compile once with compilePlan and call scorePlan to score often. */
export function score(framework: Framework, units: UnitInput[], options: ScoreOptions = {}): ScoreResult {
  return scorePlan(compilePlan(framework), units, options);
}

/**
 * prepareColumns then scoreColumns (src/engine/stages/): parse, screen, impute, treat, the rule leaves' values;
 * then normalise, aggregate, pillars, ranks. The columns are this call's own, so the later stages write into them.
 */
export function scorePlan(plan: Plan, units: UnitInput[], options: ScoreOptions = {}): ScoreResult {
  const columns = prepareColumns(plan, units, options);
  return laterStages(plan, columns, columns.notes);
}
