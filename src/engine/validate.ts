import { EngineInputError, type InputIssue } from './errors';
import type { Framework } from './framework.model';
import { compilePlan, type Plan } from './plan';
import { scorePlan } from './score';
import type { UnitInput } from './types';

/**
 * Every problem with the raw values (text in a number leaf, an unknown choice, a percent over 100, an answer to
 * an indicator the framework does not have...), each with its unit, indicator and rule, so a caller can answer
 * 4xx with all of them at once. Empty when the input scores. score() itself does not look for unknown codes (that
 * costs as much as the scoring on a national run); a misspelt code shows there as a missing indicator, with its note.
 */
export function validateInput(framework: Framework | Plan, units: UnitInput[]): InputIssue[] {
  const plan = 'byCode' in framework ? framework : compilePlan(framework);
  const issues: InputIssue[] = [];
  const known = new Set(plan.leaves.map((l) => plan.nodes[l].code));
  for (const unit of units) {
    for (const [code, value] of Object.entries(unit.values ?? {})) {
      if (value !== undefined && !known.has(code)) {
        issues.push({ code: 'unknown_indicator', unit: unit.code, indicator: code, message: `${unit.code}: ${code} is not an indicator of ${plan.framework.code}` });
      }
    }
  }
  try {
    scorePlan(plan, units, { rankNodes: 'none' });
  } catch (e) {
    if (!(e instanceof EngineInputError)) throw e;
    issues.push(...e.issues);
  }
  return issues;
}
