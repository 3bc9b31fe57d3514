import { EngineFrameworkError } from '../errors';
import { compileFormula, FormulaError } from '../formula';
import type { LeafRule } from './rule';

/**
 * Variables: the leaf's named inputs (input type `numbers`) or `value` (a single number), and maxPoints.
 * The caller clamps the result to 0..maxPoints; NaN (0/0) is reported, not hidden.
 */
export function formulaRule(code: string, maxPoints: number, expression: string, names: readonly string[] | undefined): LeafRule {
  let compiled;
  try {
    compiled = compileFormula(expression);
  } catch (e) {
    throw new EngineFrameworkError(e instanceof FormulaError ? e.message : String(e), code);
  }
  const known = new Set([...(names ?? ['value']), 'maxPoints']);
  const unknown = compiled.variables.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new EngineFrameworkError(`the formula names unknown inputs: ${unknown.join(', ')}`, code);
  }
  const { evaluate } = compiled;
  // One scope object of a fixed shape, refilled per call: no allocation per unit on the hot path.
  const inputs = names ?? ['value'];
  const scope: Record<string, number> = { maxPoints };
  for (const name of inputs) scope[name] = 0;
  if (names) {
    return {
      rule: 'formula',
      kind: 'numbers',
      points: (value) => {
        const given = value as Record<string, number>;
        for (let i = 0; i < inputs.length; i++) scope[inputs[i]] = given[inputs[i]];
        return evaluate(scope);
      },
    };
  }
  return {
    rule: 'formula',
    kind: 'number',
    points: (value) => {
      scope.value = value as number;
      return evaluate(scope);
    },
  };
}
