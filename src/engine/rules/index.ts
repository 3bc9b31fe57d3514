import { EngineFrameworkError } from '../errors';
import type { FrameworkNode } from '../framework.model';
import { bandsRule } from './bands.rule';
import { booleanRule } from './boolean.rule';
import { choiceRule } from './choice.rule';
import { formulaRule } from './formula.rule';
import { manualRule } from './manual.rule';
import { ratioRule } from './ratio.rule';
import type { LeafRule } from './rule';

export type { LeafRule } from './rule';
export { bandsRule, booleanRule, choiceRule, formulaRule, manualRule, ratioRule };

export function compileRule(node: FrameworkNode, maxPoints: number): LeafRule {
  const scoring = node.scoring;
  if (!scoring) throw new EngineFrameworkError('a rule leaf needs `scoring`', node.code);
  switch (scoring.rule) {
    case 'boolean':
      return booleanRule(maxPoints);
    case 'ratio':
      return ratioRule(node.code, maxPoints, scoring.target);
    case 'bands':
      return bandsRule(node.code, maxPoints, scoring.bands);
    case 'choice':
      return choiceRule(node.code, maxPoints, scoring.options);
    case 'formula':
      return formulaRule(node.code, maxPoints, scoring.expression, node.input?.type === 'numbers' ? node.input.names : undefined);
    case 'manual':
      return manualRule();
    default:
      throw new EngineFrameworkError(`unknown rule ${(scoring as { rule: string }).rule}`, node.code);
  }
}
