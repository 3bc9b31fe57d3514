import { EngineInputError, type InputIssue } from './errors';
import type { Framework } from './framework.model';
import { compilePlan, type Plan } from './plan';
import { scorePlan } from './score';
import type { UnitInput } from './types';

/**
 * Every problem with the raw values (text in a number leaf, an unknown choice, a percent over 100...), each with
 * its unit, indicator and rule, so a caller can answer 4xx with all of them at once. Empty when the input scores.
 */
export function validateInput(framework: Framework | Plan, units: UnitInput[]): InputIssue[] {
  const plan = 'nodes' in framework && 'byCode' in framework ? framework : compilePlan(framework);
  try {
    scorePlan(plan, units, { rankNodes: 'none' });
    return [];
  } catch (e) {
    if (e instanceof EngineInputError) return e.issues;
    throw e;
  }
}
