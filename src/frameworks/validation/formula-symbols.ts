import { compileFormula, FormulaError } from '../../engine/formula';
import { FrameworkIssue, joinPath } from './issue';
import { arrayAt, recordAt, stringAt } from './loose';
import { CheckContext } from './tree';

/** A formula sees its leaf's named inputs and maxPoints, nothing else: a typo would otherwise fail every unit. */
export function checkFormulas({ nodes }: CheckContext): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  for (const { node, path } of nodes) {
    const scoring = recordAt(node, 'scoring');
    const expression = stringAt(scoring, 'expression');
    if (stringAt(scoring, 'rule') !== 'formula' || expression === undefined || expression.trim() === '') continue;
    const at = joinPath(joinPath(path, 'scoring'), 'expression');
    let variables: string[];
    try {
      variables = compileFormula(expression).variables;
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      issues.push({ path: at, rule: 'formula-syntax', message: error.message });
      continue;
    }
    const names = arrayAt(recordAt(node, 'input') ?? {}, 'names').filter((name) => typeof name === 'string');
    const known = new Set<string>([...names, 'maxPoints']);
    const unknown = variables.filter((variable) => !known.has(variable));
    if (unknown.length > 0) {
      issues.push({
        path: at,
        rule: 'unknown-input',
        message: `names ${unknown.map((name) => `"${name}"`).join(', ')}, not among the leaf's inputs (${[...known].join(', ')})`,
      });
    }
  }
  return issues;
}
