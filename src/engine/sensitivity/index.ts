/**
 * Uncertainty and sensitivity analysis of a composite index (issue #22, points 2 and 3): pure, deterministic from a
 * seed, no I/O. The caller declares the sources of uncertainty and supplies the model (sample → one index value per
 * unit); see README.md.
 */
export { Prng } from './prng';
export { uniform, standardNormal, gamma, dirichlet } from './distributions';
export {
  weightRange,
  weightDirichlet,
  choice,
  aggregationChoice,
  uniformSource,
  candidates,
  nominalSample,
  type Source,
  type Sources,
  type Sample,
  type AggregationChoice,
} from './sources';
export { competitionRanksInto } from '../rank';
export { quantileSorted } from './quantile';
export type { IndexModel, ModelOutput, RunOptions } from './model';
export type { RankStatistics } from './rank-stats';
export { uncertainty, officialRanks, DEFAULT_SAMPLES, DEFAULT_TOP, type UncertaintyOptions, type UncertaintyResult } from './uncertainty';
export {
  sensitivity,
  rankSensitivity,
  estimateIndices,
  type SensitivityIndex,
  type SensitivityResult,
  type SensitivityOptions,
  type SaltelliOutputs,
  type RankSensitivityOptions,
  type RankSensitivityResult,
} from './saltelli';
