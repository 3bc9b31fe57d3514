/** The scoring engine's public API: pure functions, no I/O. */
export { ENGINE_VERSION } from './version';
export { score, scorePlan } from './score';
export { compilePlan, type Plan } from './plan';
export { validateInput } from './validate';
export { explainUnit, explanationLines, type Explanation } from './explain';
export { compileFormula, FormulaError, type CompiledFormula } from './formula';
export { EngineFrameworkError, EngineInputError, type InputIssue, type InputIssueCode } from './errors';
export { roundTo } from './round';
export { indexFromNodeValues, mainIndicators } from './recompute';
export { isUnitLocal, rankResults, rankWithinOf } from './rank-results';
export { competitionRanks, groupRanks } from './rank';
export { normalizeColumn } from './normalize';
export { skewness, kurtosis } from './pipeline/moments';
export { treatColumn } from './pipeline/treat';
export type * from './types';
export type * from './framework.model';
